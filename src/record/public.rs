//! What the public sees of a kind of record: its list with filters and paging, its item
//! page and print view, and its API resource. A kind declares these once in a
//! [`PublicKind`]; the one set of handlers in `web::records` gives every registered kind
//! its routes, resolves `{path}/{id}-{slug}` and applies the one visibility rule
//! ([`crate::content::Visibility`]) to pages and API alike.
//!
//! Kinds stay free of HTTP: what a page needs from the request (its language, messages,
//! links to other sites) comes through a [`Presenter`].

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::apidoc::{ApiField, ApiParam};
use super::{RecordError, RecordKind};
use crate::content::{ContentId, ContentItem, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::site::SiteId;

/// Where an item lives: enough to link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub kind: ContentKind,
    pub id: ContentId,
    pub site: SiteId,
    pub lang: Lang,
    pub slug: String,
}

impl Address {
    /// From the columns a list reads (`lang` as stored; an unknown one reads as Vietnamese).
    pub fn of(kind: ContentKind, id: i32, site: i32, lang: &str, slug: &str) -> Address {
        Address {
            kind,
            id: ContentId(id),
            site: SiteId(site),
            lang: Lang::from_code(lang).unwrap_or(Lang::Vi),
            slug: slug.to_string(),
        }
    }

    /// The address of a stored item.
    pub fn of_item(item: &ContentItem) -> Address {
        Address {
            kind: item.kind,
            id: item.id,
            site: item.site_id,
            lang: item.lang,
            slug: item.text.slug.clone(),
        }
    }

    /// Its path on its own site (`/van-ban/12-quyet-dinh-…`).
    pub fn path(&self) -> String {
        crate::urls::item_path(self.kind, self.lang, self.id, &self.slug)
    }
}

/// What a kind's public text needs from the request it answers: the language, messages,
/// days as readers write them, and links by the one convention (relative on the same site,
/// absolute on another; always absolute in the API).
pub trait Presenter {
    fn lang(&self) -> Lang;
    /// A Fluent message in the page's language.
    fn message(&self, id: &str) -> String;
    /// A day as readers of the page's language write it.
    fn day(&self, day: NaiveDate) -> String;
    /// A moment as readers write it (Vietnam's time).
    fn date(&self, at: NaiveDateTime) -> String;
    /// A link for a page: relative on the page's site, absolute on another site.
    fn link(&self, to: &Address) -> String;
    /// The canonical absolute URL of an item: what every API `url` field gives.
    fn url(&self, to: &Address) -> String;
    /// A path of the page's site made absolute (files, anchors in the API).
    fn absolute(&self, path: String) -> String;
    /// The slug of a site (`skhcn`), as the API names sites.
    fn site_slug(&self, site: SiteId) -> Option<String>;
    /// The province's name in the page's language.
    fn province_name(&self) -> String;
    /// A site's name in the page's language.
    fn site_name(&self, site: SiteId) -> Option<String>;
    /// The moment the page is made (what "open" and "time left" are measured from).
    fn now(&self) -> NaiveDateTime;
}

/// The path of a stored file (`/tep/{id}/{name}`).
pub fn file_path(media_id: i32, stored_name: &str) -> String {
    format!("/tep/{media_id}/{stored_name}")
}

/// Query parameters as sent (every value a string; unknown parameters ignored), and what
/// they mean once checked.
pub trait Params: DeserializeOwned + Default + Send + 'static {
    type Checked: Send + Sync + 'static;
    /// Checks the values; a bad one is refused with this message id (a 400 that changes
    /// nothing).
    fn check(&self) -> Result<Self::Checked, &'static str>;
    /// What the API's OpenAPI document says of each parameter (none by default).
    const API_PARAMS: &'static [ApiParam] = &[];
    /// The filters as query pairs, carried into a list's page links.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// No parameters.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoParams {}

impl Params for NoParams {
    type Checked = ();
    fn check(&self) -> Result<(), &'static str> {
        Ok(())
    }
}

/// A query parameter as sent: trimmed, and absent when empty.
pub fn param(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// Which items a list asks for.
#[derive(Debug, Clone)]
pub struct ListQuery<F> {
    /// The site whose items are listed; `None` for the province portal's list of every
    /// site's items.
    pub site: Option<SiteId>,
    pub lang: Lang,
    pub filters: F,
    pub offset: i64,
    pub limit: i64,
    /// Today in Vietnam.
    pub today: NaiveDate,
    pub now: NaiveDateTime,
    /// The HTML list asks for its extras (facets); the API does not.
    pub for_page: bool,
}

/// A page of a list, how many items match in all, and what else the HTML list shows.
#[derive(Debug, Clone)]
pub struct Listing<E, X> {
    pub entries: Vec<E>,
    pub total: i64,
    pub extras: X,
}

/// A kind with public pages and an API resource. Routes: `PATHS.vi|en` (the list),
/// `{path}/{id}-{slug}` (an item, `?print=1` its print view), `/api/v1/{API_PATH}` and
/// `/api/v1/{API_PATH}/{key}`. On the province host lists hold every site's items unless
/// the API's `site=` narrows them; `lang=vi|en` chooses the API's language.
pub trait PublicKind: RecordKind {
    /// The theme template of the list.
    const LIST_TEMPLATE: &'static str;
    /// The API's path under `/api/v1/` (`legal/documents`).
    const API_PATH: &'static str;
    /// Items on a page of the list unless `per_page=` says otherwise.
    const PER_PAGE: i64 = 20;
    /// What the API's OpenAPI document says of a line of the list ([`PublicKind::Resource`])
    /// and of the item ([`PublicKind::Detail`]); an object described no further by default.
    const API_RESOURCE: &'static [ApiField] = &[];
    const API_DETAIL: &'static [ApiField] = &[];

    /// The list's filters (the same names on the page, in the API and in page links).
    type Filters: Params;
    /// The item's own parameters (a legal document's `as_of`).
    type ItemParams: Params;
    /// A line of the list as read.
    type Entry: Send + 'static;
    /// What the HTML list shows besides its lines (facets).
    type Extras: Send + 'static;
    /// What an item's page shows besides the content item.
    type View: Send + 'static;
    /// A line of the API's list.
    type Resource: Serialize;
    /// The API's item.
    type Detail: Serialize;

    /// A page of the list.
    fn list(
        conn: &mut DbConn,
        q: &ListQuery<<Self::Filters as Params>::Checked>,
    ) -> Result<Listing<Self::Entry, Self::Extras>, RecordError>;

    /// A line of the HTML list, as its template sees it.
    fn card(entry: &Self::Entry, p: &dyn Presenter) -> serde_json::Value;

    /// What the list's template gets besides `items`, `total` and the pager.
    fn list_context(
        extras: &Self::Extras,
        filters: &Self::Filters,
        p: &dyn Presenter,
    ) -> serde_json::Value;

    /// A line of the API's list.
    fn resource(entry: &Self::Entry, p: &dyn Presenter) -> Self::Resource;

    /// What the item's page shows; `None` when the item has no record (yet).
    fn view(
        conn: &mut DbConn,
        item: &ContentItem,
        params: &<Self::ItemParams as Params>::Checked,
        today: NaiveDate,
    ) -> Result<Option<Self::View>, RecordError>;

    /// What the item's templates get besides `item`, `withdrawn`, `published`,
    /// `section_url` and `print_url`.
    fn page_context(item: &ContentItem, view: &Self::View, p: &dyn Presenter) -> serde_json::Value;

    /// The API's item.
    fn detail(item: &ContentItem, view: &Self::View, p: &dyn Presenter) -> Self::Detail;

    /// The item an API key names: its id by default (a procedure is named by its code).
    fn api_key(
        _conn: &mut DbConn,
        key: &str,
        _lang: Lang,
    ) -> Result<Option<ContentId>, RecordError> {
        Ok(key.parse::<i32>().ok().filter(|n| *n > 0).map(ContentId))
    }

    /// Until when a page of the kind stays true once cached (`None`: until the next change).
    /// Legal documents' statuses change with the day.
    fn expires(_now: NaiveDateTime) -> Option<NaiveDateTime> {
        None
    }
}
