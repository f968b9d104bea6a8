//! What the public pages of pages and news read: a site's home (its latest news and pages,
//! and on the province portal the latest news of the other sites), and the item an address
//! names, with the facts its page needs.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::store::{self, ListQuery};
use super::{ContentId, ContentItem, ContentKind, ContentState, ContentSummary};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::media::library::Picture;
use crate::site::SiteId;

/// What a site's home shows.
pub struct Home {
    pub news: Vec<ContentSummary>,
    pub pages: Vec<ContentSummary>,
    /// On the province portal: the latest news of the other sites.
    pub network: Vec<ContentSummary>,
    /// When the next dated item of the home's scope becomes visible.
    pub next: Option<NaiveDateTime>,
}

/// Reads a site's home at `now`; the province portal's (`portal`) aggregates every site.
pub fn home(
    conn: &mut DbConn,
    site: SiteId,
    lang: Lang,
    portal: bool,
    now: NaiveDateTime,
) -> QueryResult<Home> {
    let list = |kind, site, per_page| ListQuery {
        site,
        lang,
        kind,
        page: 1,
        per_page,
        now,
        // The portal's aggregation shows what the province board keeps in it.
        on_portal_only: site.is_none(),
        categories: None,
    };
    let news = store::list_published(conn, &list(ContentKind::News, Some(site), 6))?;
    let pages = store::list_published(conn, &list(ContentKind::Page, Some(site), 12))?;
    let network = if portal {
        let all = store::list_published(conn, &list(ContentKind::News, None, 24))?;
        all.items
            .into_iter()
            .filter(|n| n.site_id != site)
            .take(6)
            .collect()
    } else {
        Vec::new()
    };
    let next = store::next_publication(conn, (!portal).then_some(site), now)?;
    Ok(Home {
        news: news.items,
        pages: pages.items,
        network,
        next,
    })
}

/// What an address of a kind's items names.
/// An item found for its page: the item, its published translation, its public change
/// notes and its cover picture.
pub type Found = (
    ContentItem,
    Option<ContentSummary>,
    Vec<(NaiveDateTime, String)>,
    Option<Picture>,
);

pub enum Lookup {
    /// The item, its published translation, its public change notes and its cover image.
    Found(Box<Found>),
    /// A former address, or a page named by its translation key: the item it leads to.
    MovedTo(Box<ContentItem>),
    Missing,
}

/// Where an address is asked: the site, the language and the path as requested.
pub struct Asked<'a> {
    pub site: SiteId,
    pub lang: Lang,
    pub path: &'a str,
    /// The last segment of the path (`{id}-{slug}`, or a page's translation key).
    pub segment: &'a str,
}

/// Looks up the item of `kind` an address names. `notes` reads an item's public change
/// notes (the workflow keeps them).
pub fn lookup(
    conn: &mut DbConn,
    kind: ContentKind,
    asked: &Asked,
    notes: impl FnOnce(&mut DbConn, ContentId) -> QueryResult<Vec<(NaiveDateTime, String)>>,
) -> QueryResult<Lookup> {
    let parsed = crate::urls::parse_item_segment(asked.segment).map(|(id, _)| id);
    // An id of another kind is unknown here: following it would reveal the address (the
    // title) of an item this route does not show, such as a private answer.
    if let Some((item, has_notes)) = parsed
        .map(|id| store::find_for_page(conn, id))
        .transpose()?
        .flatten()
        .filter(|(item, _)| item.kind == kind)
    {
        let translation = match item.state {
            ContentState::Published => store::published_translation(conn, &item)?,
            _ => None,
        };
        let notes = if has_notes {
            notes(conn, item.id)?
        } else {
            Vec::new()
        };
        let cover = match item.cover {
            Some(m) => crate::media::library::find(conn, m)?.and_then(|f| f.picture()),
            None => None,
        };
        return Ok(Lookup::Found(Box::new((item, translation, notes, cover))));
    }
    // A former address, or a page named by its translation key (menus use those).
    let moved = match store::moved_to(conn, asked.site, asked.path)? {
        Some(id) => store::find(conn, id)?,
        None if kind == ContentKind::Page && parsed.is_none() => {
            store::find_by_key(conn, asked.site, asked.lang, asked.segment)?
        }
        None => None,
    };
    Ok(moved
        .filter(|m| m.kind == kind)
        .map_or(Lookup::Missing, |m| Lookup::MovedTo(Box::new(m))))
}
