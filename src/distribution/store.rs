//! The items a site promotes: public by the visibility rule, and not withdrawn (a
//! withdrawn item stays readable at its address with its note, but is no longer handed
//! to search engines or feed readers).

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::content::{
    visibility, ContentId, ContentKind, ContentState, ContentSummary, Visibility,
};
use crate::db::schema::{content_items, questions};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::site::SiteId;

/// A promoted item: its list entry, with what the rule and the sitemap look at.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = content_items)]
pub struct PromotedItem {
    #[diesel(embed)]
    pub entry: ContentSummary,
    pub state: ContentState,
    /// When anything about it last changed (the sitemap's `lastmod`).
    pub updated_at: NaiveDateTime,
}

impl PromotedItem {
    /// The canonical path of the item on its site.
    pub fn path(&self) -> String {
        let e = &self.entry;
        crate::urls::item_path(e.kind, e.lang, e.id, &e.slug)
    }
}

/// Which items to promote.
#[derive(Debug, Clone, Copy)]
pub struct Promoted {
    pub site: SiteId,
    pub kind: Option<ContentKind>,
    pub lang: Option<Lang>,
    /// The newest this many (by publication), or every one.
    pub limit: Option<i64>,
}

/// Whether the public is shown an item in sitemaps and feeds at `now`: the visibility
/// rule says it is public, and it is not withdrawn.
pub fn is_promoted(state: ContentState, published_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    visibility(state, published_at, None, now) == Visibility::Public
        && state != ContentState::Withdrawn
}

/// The promoted items of a site at `now`, newest first. An answer is public only when its
/// asker consented to publication.
pub fn promoted(
    conn: &mut DbConn,
    which: Promoted,
    now: NaiveDateTime,
) -> QueryResult<Vec<PromotedItem>> {
    let mut q = content_items::table
        .filter(content_items::site_id.eq(which.site.0))
        // Narrows the rows read; the rule itself is applied below.
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::published_at.le(now))
        .order((content_items::published_at.desc(), content_items::id.desc()))
        .select(PromotedItem::as_select())
        .into_boxed();
    if let Some(kind) = which.kind {
        q = q.filter(content_items::kind.eq(kind.as_str()));
    }
    if let Some(lang) = which.lang {
        q = q.filter(content_items::lang.eq(lang.code()));
    }
    if let Some(limit) = which.limit {
        q = q.limit(limit);
    }
    let rows = q.load(conn)?;
    let consented: HashSet<ContentId> = if rows.iter().any(|r| r.entry.kind == ContentKind::Answer)
    {
        questions::table
            .filter(questions::publish_consent.eq(true))
            .filter(questions::answer_content_id.is_not_null())
            .select(questions::answer_content_id.assume_not_null())
            .load::<i32>(conn)?
            .into_iter()
            .map(ContentId)
            .collect()
    } else {
        HashSet::new()
    };
    Ok(rows
        .into_iter()
        .filter(|r| is_promoted(r.state, r.entry.published_at, now))
        .filter(|r| r.entry.kind != ContentKind::Answer || consented.contains(&r.entry.id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn only_published_items_already_out_are_promoted() {
        assert!(is_promoted(ContentState::Published, at(8), at(9)));
        assert!(!is_promoted(ContentState::Published, at(10), at(9)));
        assert!(!is_promoted(ContentState::Draft, at(8), at(9)));
        assert!(!is_promoted(ContentState::Withdrawn, at(8), at(9)));
        assert!(!is_promoted(ContentState::Unpublished, at(8), at(9)));
    }
}
