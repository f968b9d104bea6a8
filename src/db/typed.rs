//! Typed values in rows: enums stored as text and ids stored as integers, on both backends.
//!
//! [`text_enum!`](crate::text_enum) declares an enum whose variants are stored as fixed words:
//! it gives `as_str`, `FromStr` (and `parse`, which answers `None`), `Display`, serde as the same
//! word, and diesel `ToSql`/`FromSql<Text>` for any backend, the project's `MultiConnection`
//! included. A stored word that names no variant is a decode error, never a silent default.
//! [`typed_id!`](crate::typed_id) does the same for a row's number: an `i32` newtype usable in
//! rows, queries, serde and as an actix path parameter.

/// A stored word that names no variant of the enum it is read as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a known {type_name}")]
pub struct UnknownValue {
    /// The enum's name, for the message and the logs.
    pub type_name: &'static str,
    pub value: String,
}

/// Declares an enum stored as text. Each variant names its word:
///
/// ```
/// cong::text_enum! {
///     /// Where a parcel is.
///     pub enum Parcel {
///         /// On its way.
///         Sent = "sent",
///         Delivered = "delivered",
///     }
/// }
/// assert_eq!(Parcel::Sent.as_str(), "sent");
/// assert_eq!("delivered".parse::<Parcel>(), Ok(Parcel::Delivered));
/// assert!(Parcel::parse("lost").is_none());
/// assert_eq!(serde_json::to_string(&Parcel::Sent).unwrap(), "\"sent\"");
/// ```
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $word:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The word it is stored and sent as.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// The variant a word names, if any.
            pub fn parse(word: &str) -> Option<$name> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::db::typed::UnknownValue;

            fn from_str(word: &str) -> Result<$name, Self::Err> {
                $name::parse(word).ok_or_else(|| $crate::db::typed::UnknownValue {
                    type_name: stringify!($name),
                    value: word.to_string(),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, word: &&str) -> bool {
                self.as_str() == *word
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let word = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                word.parse().map_err(serde::de::Error::custom)
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<$name> {
                let word = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    DB,
                >>::from_sql(bytes)?;
                Ok(word.parse::<$name>()?)
            }
        }
    };
}

/// Declares the typed id of an entity: its row number, never mixed up with another's.
///
/// ```
/// cong::typed_id! {
///     /// A parcel's number.
///     pub struct ParcelId;
/// }
/// let id: ParcelId = "42".parse().unwrap();
/// assert_eq!(id, ParcelId(42));
/// assert_eq!(id.to_string(), "42");
/// ```
#[macro_export]
macro_rules! typed_id {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident;
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = diesel::sql_types::Integer)]
        $vis struct $name(pub i32);

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<$name, Self::Err> {
                s.parse().map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Integer, DB> for $name
        where
            DB: diesel::backend::Backend,
            i32: diesel::serialize::ToSql<diesel::sql_types::Integer, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Integer, DB> for $name
        where
            DB: diesel::backend::Backend,
            i32: diesel::deserialize::FromSql<diesel::sql_types::Integer, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<$name> {
                <i32 as diesel::deserialize::FromSql<diesel::sql_types::Integer, DB>>::from_sql(
                    bytes,
                )
                .map($name)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::text_enum! {
        /// A test enum.
        pub enum Colour {
            Red = "red",
            DarkBlue = "dark_blue",
        }
    }

    crate::typed_id! {
        /// A test id.
        pub struct ThingId;
    }

    #[test]
    fn words_round_trip_and_unknown_words_are_errors() {
        for c in &Colour::ALL {
            assert_eq!(c.as_str().parse::<Colour>(), Ok(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), *c);
        }
        let e = "green".parse::<Colour>().unwrap_err();
        assert_eq!(e.to_string(), "\"green\" is not a known Colour");
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
    }

    #[test]
    fn ids_parse_from_paths_and_print_as_numbers() {
        assert_eq!("7".parse::<ThingId>(), Ok(ThingId(7)));
        assert!("7a".parse::<ThingId>().is_err());
        assert_eq!(serde_json::to_string(&ThingId(7)).unwrap(), "7");
    }
}
