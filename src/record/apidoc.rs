//! What the API's OpenAPI document says of a query parameter or of a field of a JSON
//! resource. Declared beside the typed parameters and resources (a kind's filters, its API
//! resource), read by `web::openapi`, which writes the document.

/// A query parameter as the API accepts it (every value is sent as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiParam {
    pub name: &'static str,
    pub about: &'static str,
}

/// The JSON type of a resource's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiType {
    Text,
    Integer,
    Number,
    Boolean,
    /// A day, `2026-11-20`.
    Date,
    /// A moment, RFC 3339.
    Moment,
    /// An absolute URL.
    Url,
    /// A list of texts.
    Texts,
    /// A list of objects.
    Objects,
    /// An object.
    Object,
}

/// A field of a JSON resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiField {
    pub name: &'static str,
    pub ty: ApiType,
    /// May be `null`.
    pub nullable: bool,
    pub about: &'static str,
}

/// A resource's fields, beside its type: `api_fields!["id": Integer => "…", "end": Text | null => "…"]`.
#[macro_export]
macro_rules! api_fields {
    ($($name:literal : $ty:ident $(| $null:ident)? => $about:literal),* $(,)?) => {
        &[$($crate::record::apidoc::ApiField {
            name: $name,
            ty: $crate::record::apidoc::ApiType::$ty,
            nullable: $crate::api_fields!(@null $($null)?),
            about: $about,
        }),*]
    };
    (@null) => { false };
    (@null null) => { true };
}

/// A parameter list, beside the parameters' type: `api_params!["q" => "…", "page" => "…"]`.
#[macro_export]
macro_rules! api_params {
    ($($name:literal => $about:literal),* $(,)?) => {
        &[$($crate::record::apidoc::ApiParam { name: $name, about: $about }),*]
    };
}
