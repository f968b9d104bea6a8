//! Content in the database: reading published items, saving items (with their URL
//! history and a change-log row in the same transaction).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{ContentId, ContentItem, ContentKind, ContentState, ContentSummary, ContentText};
use crate::changelog::{self, Entity};
use crate::db::schema::{content_items, questions, url_history};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::media::MediaId;
use crate::render::markdown;
use crate::site::SiteId;
use crate::text::{nfc, slugify};
use crate::urls;

/// Slugs are cut at a word boundary below this length.
pub const SLUG_MAX: usize = 80;

/// Every column but the two bodies, which are large and not always needed.
#[derive(Queryable, Selectable)]
#[diesel(table_name = content_items)]
struct ItemHead {
    #[diesel(embed)]
    entry: ContentSummary,
    category: Option<String>,
    tags: String,
    state: ContentState,
    state_note: Option<String>,
    revised_at: NaiveDateTime,
    on_portal: bool,
}

/// Every column: an item with both its bodies.
#[derive(Queryable, Selectable)]
#[diesel(table_name = content_items)]
struct ItemRow {
    #[diesel(embed)]
    head: ItemHead,
    body_markdown: String,
    body_html: String,
}

impl ItemRow {
    fn into_item(self) -> ContentItem {
        self.head.into_item(self.body_markdown, self.body_html)
    }
}

impl ItemHead {
    fn into_item(self, body_markdown: String, body_html: String) -> ContentItem {
        let entry = self.entry;
        ContentItem {
            id: entry.id,
            site_id: entry.site_id,
            kind: entry.kind,
            lang: entry.lang,
            translation_key: entry.translation_key,
            text: ContentText {
                slug: entry.slug,
                title: entry.title,
                summary: entry.summary,
                body_markdown,
                author: entry.author,
                source: entry.source,
                category: self.category,
            },
            body_html,
            tags: split_tags(&self.tags),
            state: self.state,
            state_note: self.state_note,
            published_at: entry.published_at,
            revised_at: self.revised_at,
            on_portal: self.on_portal,
            cover: entry.cover,
        }
    }
}

/// The tags as stored (one a line), as a list.
pub(crate) fn split_tags(tags: &str) -> Vec<String> {
    tags.split('\n')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// An item by id, whatever its state (callers decide what the public may see).
pub fn find(conn: &mut DbConn, id: ContentId) -> QueryResult<Option<ContentItem>> {
    content_items::table
        .find(id.0)
        .select(ItemRow::as_select())
        .first(conn)
        .optional()
        .map(|r| r.map(ItemRow::into_item))
}

/// An item by id for reading: the same, without the Markdown source (left empty), which
/// readers never see and which would double what every page view reads.
pub fn find_for_reading(conn: &mut DbConn, id: ContentId) -> QueryResult<Option<ContentItem>> {
    Ok(find_for_page(conn, id)?.map(|(item, _)| item))
}

/// An item for its public page, and whether it has public change notes: asked in the same
/// statement, so the page needs no second query for the many items that have none.
pub fn find_for_page(conn: &mut DbConn, id: ContentId) -> QueryResult<Option<(ContentItem, bool)>> {
    use crate::db::schema::content_revisions;
    let has_notes = diesel::dsl::exists(
        content_revisions::table
            .filter(content_revisions::content_id.eq(content_items::id))
            .filter(content_revisions::published_at.is_not_null())
            .filter(content_revisions::change_note.is_not_null()),
    );
    content_items::table
        .find(id.0)
        .select((ItemHead::as_select(), content_items::body_html, has_notes))
        .first::<(ItemHead, String, bool)>(conn)
        .optional()
        .map(|r| r.map(|(head, html, notes)| (head.into_item(String::new(), html), notes)))
}

/// An item by its site, language and translation key.
pub fn find_by_key(
    conn: &mut DbConn,
    site: SiteId,
    lang: Lang,
    key: &str,
) -> QueryResult<Option<ContentItem>> {
    content_items::table
        .filter(content_items::site_id.eq(site.0))
        .filter(content_items::lang.eq(lang.code()))
        .filter(content_items::translation_key.eq(key))
        .select(ItemRow::as_select())
        .first(conn)
        .optional()
        .map(|r| r.map(ItemRow::into_item))
}

/// The published Vietnamese source of a translation when it was revised after `revised`
/// (the translation is outdated), so that readers are sent to the current text.
pub fn newer_source(
    conn: &mut DbConn,
    translation: ContentId,
    revised: NaiveDateTime,
) -> QueryResult<Option<ContentItem>> {
    let Some(item) = find(conn, translation)? else {
        return Ok(None);
    };
    let Some(source) = published_translation(conn, &item)? else {
        return Ok(None);
    };
    Ok(find(conn, source.id)?.filter(|s| s.lang == Lang::Vi && s.revised_at > revised))
}

/// The published counterpart of an item in the other language, if any.
pub fn published_translation(
    conn: &mut DbConn,
    item: &ContentItem,
) -> QueryResult<Option<ContentSummary>> {
    content_items::table
        .filter(content_items::site_id.eq(item.site_id.0))
        .filter(content_items::lang.eq(item.lang.other().code()))
        .filter(content_items::translation_key.eq(&item.translation_key))
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .select(ContentSummary::as_select())
        .first(conn)
        .optional()
}

/// Which published items a list shows.
#[derive(Debug, Clone)]
pub struct ListQuery {
    /// `None` lists every site (the province portal's aggregation).
    pub site: Option<SiteId>,
    pub lang: Lang,
    pub kind: ContentKind,
    pub page: i64,
    pub per_page: i64,
    /// Items dated later than this are not shown yet.
    pub now: NaiveDateTime,
    /// Only items the province board keeps in the portal's aggregation.
    pub on_portal_only: bool,
    /// Only items in one of these categories (the spellings of one news category).
    pub categories: Option<Vec<String>>,
}

impl ListQuery {
    /// One page of a kind's published items at `now`: a site's own, or with `site` `None`
    /// every site's, as the province board keeps them in the portal's aggregation.
    pub fn page_of(
        kind: ContentKind,
        lang: Lang,
        site: Option<SiteId>,
        (page, per_page): (i64, i64),
        now: NaiveDateTime,
    ) -> ListQuery {
        ListQuery {
            site,
            lang,
            kind,
            page,
            per_page,
            now,
            on_portal_only: site.is_none(),
            categories: None,
        }
    }
}

/// One page of a list, and when the list will next change by itself.
#[derive(Debug, Clone)]
pub struct Listing {
    pub items: Vec<ContentSummary>,
    pub total: i64,
    /// When the next dated item in the list's scope becomes visible (see [`next_publication`]).
    pub next_change: Option<NaiveDateTime>,
}

/// Published items visible at `q.now`, newest first, one page of them, with the total count.
pub fn list_published(conn: &mut DbConn, q: &ListQuery) -> QueryResult<Listing> {
    let filtered = || {
        let mut query = content_items::table
            .filter(content_items::lang.eq(q.lang.code()))
            .filter(content_items::kind.eq(q.kind.as_str()))
            .filter(content_items::state.eq(ContentState::Published.as_str()))
            .filter(content_items::published_at.le(q.now))
            .into_boxed();
        if let Some(site) = q.site {
            query = query.filter(content_items::site_id.eq(site.0));
        }
        if q.on_portal_only {
            query = query.filter(content_items::on_portal.eq(true));
        }
        if let Some(names) = &q.categories {
            query = query.filter(content_items::category.eq_any(names));
        }
        if q.kind == ContentKind::Answer {
            // An answer is public only when its asker consented (as its page checks).
            query = query.filter(
                content_items::id.eq_any(
                    questions::table
                        .filter(questions::publish_consent.eq(true))
                        .filter(questions::answer_content_id.is_not_null())
                        .select(questions::answer_content_id.assume_not_null()),
                ),
            );
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((content_items::published_at.desc(), content_items::id.desc()))
        .limit(q.per_page)
        .offset((q.page - 1).max(0) * q.per_page)
        .select(ContentSummary::as_select())
        .load(conn)?;
    Ok(Listing {
        items: rows,
        total,
        next_change: next_publication(conn, q.site, q.now)?,
    })
}

/// Every item of a site whatever its state (for the admin interface), newest first,
/// without bodies.
pub fn list_all(
    conn: &mut DbConn,
    site: SiteId,
    kind: Option<ContentKind>,
    lang: Option<Lang>,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<ContentItem>, i64)> {
    let filtered = || {
        let mut q = content_items::table
            .filter(content_items::site_id.eq(site.0))
            .into_boxed();
        if let Some(kind) = kind {
            q = q.filter(content_items::kind.eq(kind.as_str()));
        }
        if let Some(lang) = lang {
            q = q.filter(content_items::lang.eq(lang.code()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((content_items::updated_at.desc(), content_items::id.desc()))
        .limit(per_page)
        .offset((page - 1).max(0) * per_page)
        .select(ItemHead::as_select())
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|h| h.into_item(String::new(), String::new()))
            .collect(),
        total,
    ))
}

/// When the next published item of a site (or of any site) becomes visible: the moment
/// lists that show it must be rebuilt.
pub fn next_publication(
    conn: &mut DbConn,
    site: Option<SiteId>,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let mut q = content_items::table
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::published_at.gt(now))
        .into_boxed();
    if let Some(site) = site {
        q = q.filter(content_items::site_id.eq(site.0));
    }
    q.select(diesel::dsl::min(content_items::published_at))
        .first(conn)
}

/// The item a former path of a site now lives at.
pub fn moved_to(conn: &mut DbConn, site: SiteId, path: &str) -> QueryResult<Option<ContentId>> {
    url_history::table
        .filter(url_history::site_id.eq(site.0))
        .filter(url_history::path.eq(path))
        .select(url_history::content_id)
        .first(conn)
        .optional()
        .map(|r| r.map(ContentId))
}

/// What is saved: one item in one language.
#[derive(Debug, Clone)]
pub struct ContentForm {
    pub site_id: SiteId,
    pub kind: ContentKind,
    pub lang: Lang,
    pub translation_key: String,
    /// The text; its slug is derived from the title when empty.
    pub text: ContentText,
    pub tags: Vec<String>,
    pub state: ContentState,
    pub state_note: Option<String>,
    pub published_at: NaiveDateTime,
    pub revised_at: NaiveDateTime,
    /// The cover image from the site's media library.
    pub cover: Option<MediaId>,
}

/// What saving did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created(ContentId),
    Updated(ContentId),
    Unchanged(ContentId),
}

impl Saved {
    pub fn id(self) -> ContentId {
        match self {
            Saved::Created(id) | Saved::Updated(id) | Saved::Unchanged(id) => id,
        }
    }
}

/// A form with its text NFC-normalised and its slug settled.
fn normalised(form: &ContentForm) -> ContentForm {
    let text = &form.text;
    let title = nfc(text.title.trim());
    let slug = if text.slug.trim().is_empty() {
        slugify(&title, SLUG_MAX)
    } else {
        slugify(&text.slug, SLUG_MAX)
    };
    ContentForm {
        translation_key: form.translation_key.trim().to_string(),
        text: ContentText {
            slug: if slug.is_empty() {
                "bai-viet".into()
            } else {
                slug
            },
            title,
            summary: nfc(text.summary.trim()),
            body_markdown: nfc(&text.body_markdown),
            author: nfc(text.author.trim()),
            source: nfc(text.source.trim()),
            category: text.category.as_deref().map(|c| nfc(c.trim())),
        },
        tags: form
            .tags
            .iter()
            .map(|t| nfc(t.trim()))
            .filter(|t| !t.is_empty())
            .collect(),
        state_note: form.state_note.as_deref().map(|n| nfc(n.trim())),
        ..form.clone()
    }
}

/// Creates the item or updates the one with the same site, language and translation key.
/// A changed slug keeps the old path answering (URL history); the change is logged.
pub fn save(conn: &mut DbConn, form: &ContentForm, now: NaiveDateTime) -> QueryResult<Saved> {
    let f = normalised(form);
    let body_html = markdown::to_safe_html(&f.text.body_markdown);
    let tags = f.tags.join("\n");
    conn.write(|conn| {
        let existing = find_by_key(conn, f.site_id, f.lang, &f.translation_key)?;
        let values = (
            content_items::kind.eq(f.kind.as_str()),
            content_items::slug.eq(&f.text.slug),
            content_items::title.eq(&f.text.title),
            content_items::summary.eq(&f.text.summary),
            content_items::body_markdown.eq(&f.text.body_markdown),
            content_items::body_html.eq(&body_html),
            content_items::author.eq(&f.text.author),
            content_items::source.eq(&f.text.source),
            content_items::category.eq(&f.text.category),
            content_items::tags.eq(&tags),
            content_items::state.eq(f.state.as_str()),
            content_items::state_note.eq(&f.state_note),
            content_items::published_at.eq(f.published_at),
            content_items::revised_at.eq(f.revised_at),
            content_items::updated_at.eq(now),
            content_items::cover_media_id.eq(f.cover.map(|m| m.0)),
        );
        let saved = match existing {
            Some(old) if unchanged(&old, &f, &body_html) => return Ok(Saved::Unchanged(old.id)),
            Some(old) => {
                if old.text.slug != f.text.slug || old.kind != f.kind {
                    let path = urls::item_path(old.kind, old.lang, old.id, &old.text.slug);
                    diesel::delete(
                        url_history::table
                            .filter(url_history::site_id.eq(f.site_id.0))
                            .filter(url_history::path.eq(&path)),
                    )
                    .execute(conn)?;
                    diesel::insert_into(url_history::table)
                        .values((
                            url_history::site_id.eq(f.site_id.0),
                            url_history::path.eq(&path),
                            url_history::content_id.eq(old.id.0),
                            url_history::created_at.eq(now),
                        ))
                        .execute(conn)?;
                }
                diesel::update(content_items::table.find(old.id.0))
                    .set(values)
                    .execute(conn)?;
                Saved::Updated(old.id)
            }
            None => {
                diesel::insert_into(content_items::table)
                    .values((
                        values,
                        content_items::site_id.eq(f.site_id.0),
                        content_items::lang.eq(f.lang.code()),
                        content_items::translation_key.eq(&f.translation_key),
                        content_items::created_at.eq(now),
                    ))
                    .execute(conn)?;
                let id = content_items::table
                    .filter(content_items::site_id.eq(f.site_id.0))
                    .filter(content_items::lang.eq(f.lang.code()))
                    .filter(content_items::translation_key.eq(&f.translation_key))
                    .select(content_items::id)
                    .first(conn)?;
                Saved::Created(ContentId(id))
            }
        };
        let action = match saved {
            Saved::Created(_) => "created",
            _ => "updated",
        };
        note_change(conn, saved.id(), f.site_id, action, now)?;
        // Files the public text links to are never cleaned up.
        crate::media::library::sync_references(conn, saved.id(), &f.text.body_markdown, f.cover)?;
        Ok(saved)
    })
}

/// Notes a change to an item for the followers (search, caches, feeds), in the change's
/// transaction: `what` is done to it (`updated`, `created`, a state).
pub fn note_change(
    conn: &mut DbConn,
    id: ContentId,
    site: SiteId,
    what: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    changelog::record(
        conn,
        Entity::Content,
        i64::from(id.0),
        Some(site),
        what,
        now,
    )
}

fn unchanged(old: &ContentItem, f: &ContentForm, body_html: &str) -> bool {
    old.kind == f.kind
        && old.text == f.text
        && old.body_html == body_html
        && old.tags == f.tags
        && old.state == f.state
        && old.state_note == f.state_note
        && old.published_at == f.published_at
        && old.revised_at == f.revised_at
        && old.cover == f.cover
}

/// Sets an item's cover image, on the item and on its published revision (so that the
/// next edit starts from it); logged as a change. False when it was already so.
pub fn set_cover(
    conn: &mut DbConn,
    id: ContentId,
    cover: Option<MediaId>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    use crate::db::schema::content_revisions;
    conn.write(|conn| {
        let Some(item) = find(conn, id)? else {
            return Ok(false);
        };
        if item.cover == cover {
            return Ok(false);
        }
        let media = cover.map(|m| m.0);
        diesel::update(content_items::table.find(id.0))
            .set(content_items::cover_media_id.eq(media))
            .execute(conn)?;
        diesel::update(
            content_revisions::table
                .filter(content_revisions::content_id.eq(id.0))
                .filter(
                    content_revisions::state.eq(crate::review::RevisionState::Published.as_str()),
                ),
        )
        .set(content_revisions::cover_media_id.eq(media))
        .execute(conn)?;
        note_change(conn, id, item.site_id, "updated", now)?;
        crate::media::library::sync_references(conn, id, &item.text.body_markdown, cover)?;
        Ok(true)
    })
}

/// Changes an item's public state (e.g. unpublish with a note), logged as a change.
pub fn set_state(
    conn: &mut DbConn,
    id: ContentId,
    state: ContentState,
    note: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    conn.write(|conn| {
        let Some(item) = find(conn, id)? else {
            return Ok(false);
        };
        diesel::update(content_items::table.find(id.0))
            .set((
                content_items::state.eq(state.as_str()),
                content_items::state_note.eq(note.map(|n| nfc(n.trim()))),
                content_items::updated_at.eq(now),
            ))
            .execute(conn)?;
        note_change(conn, id, item.site_id, state.as_str(), now)?;
        Ok(true)
    })
}

/// Keeps an item in, or takes it out of, the province portal's aggregation (logged as a
/// change of the item, so the portal's pages are rebuilt).
pub fn set_on_portal(
    conn: &mut DbConn,
    id: ContentId,
    visible: bool,
    now: NaiveDateTime,
) -> QueryResult<Option<SiteId>> {
    conn.write(|conn| {
        let Some(item) = find(conn, id)? else {
            return Ok(None);
        };
        diesel::update(content_items::table.find(id.0))
            .set((
                content_items::on_portal.eq(visible),
                content_items::updated_at.eq(now),
            ))
            .execute(conn)?;
        let action = if visible {
            "portal_shown"
        } else {
            "portal_hidden"
        };
        note_change(conn, id, item.site_id, action, now)?;
        Ok(Some(item.site_id))
    })
}
