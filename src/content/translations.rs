//! Which English counterparts are missing or older than their Vietnamese source
//! (the law requires introduction, officials' contacts and services for foreigners in English).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{ContentKind, ContentState};
use crate::db::schema::content_items;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::site::SiteId;

/// How a Vietnamese item's translation stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TranslationStatus {
    /// English that the law requires is missing (Decree 42/2022 art. 7: the organisation's
    /// structure and functions, the officials' contacts), apart from optional translations.
    Required {
        fields: Vec<&'static str>,
    },
    Missing,
    Outdated {
        source_revised_at: NaiveDateTime,
        translation_revised_at: NaiveDateTime,
    },
}

/// A Vietnamese item whose English counterpart needs work.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationGap {
    pub site_id: SiteId,
    pub kind: ContentKind,
    pub translation_key: String,
    pub title: String,
    #[serde(flatten)]
    pub status: TranslationStatus,
}

/// The gaps on one site (or all sites), in Vietnamese-title order.
/// `today` (Vietnam's date) says which units and officials are current.
pub fn gaps(
    conn: &mut DbConn,
    site: Option<SiteId>,
    today: chrono::NaiveDate,
) -> QueryResult<Vec<TranslationGap>> {
    // Pages and news are the board's translation work; documents and procedures are
    // translated only where foreigners need them.
    let mut q = content_items::table
        .filter(content_items::state.eq(ContentState::Published))
        .filter(content_items::kind.eq_any([ContentKind::Page, ContentKind::News]))
        .into_boxed();
    if let Some(site) = site {
        q = q.filter(content_items::site_id.eq(site));
    }
    let rows = q
        .select((
            content_items::site_id,
            content_items::kind,
            content_items::lang,
            content_items::translation_key,
            content_items::title,
            content_items::revised_at,
        ))
        .load::<(SiteId, ContentKind, Lang, String, String, NaiveDateTime)>(conn)?;
    let english: std::collections::HashMap<(SiteId, &str), NaiveDateTime> = rows
        .iter()
        .filter(|r| r.2 == Lang::En)
        .map(|r| ((r.0, r.3.as_str()), r.5))
        .collect();
    let mut out: Vec<TranslationGap> = rows
        .iter()
        .filter(|r| r.2 == Lang::Vi)
        .filter_map(|(site, kind, _, key, title, revised)| {
            let status = match english.get(&(*site, key.as_str())) {
                None => TranslationStatus::Missing,
                Some(en) if en < revised => TranslationStatus::Outdated {
                    source_revised_at: *revised,
                    translation_revised_at: *en,
                },
                Some(_) => return None,
            };
            Some(TranslationGap {
                site_id: *site,
                kind: *kind,
                translation_key: key.clone(),
                title: title.clone(),
                status,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.site_id, &a.title).cmp(&(b.site_id, &b.title)));
    // What the law requires comes first.
    let mut required = crate::directory::store::english_required(conn, site, today)?;
    required.append(&mut out);
    Ok(required)
}
