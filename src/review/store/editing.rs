//! Where an edit starts (the latest revision or the public text), an item's history and a
//! revision in its context as the board reads them, and the drafts that relink the items
//! using a replaced media file.

use std::collections::HashMap;

use super::*;

/// The text an edit of an item starts from: its latest revision, or its public text
/// when it has none yet (imported content).
pub fn editing_base(
    conn: &mut DbConn,
    content: ContentId,
) -> Result<(ContentItem, RevisionForm), ReviewError> {
    let item = content_store::find(conn, content)?.ok_or(ReviewError::NotFound)?;
    let form = match latest(conn, content)? {
        Some(r) => RevisionForm {
            change_note: if r.state().is_editable() {
                r.change_note.clone().unwrap_or_default()
            } else {
                String::new()
            },
            tags: r.tags.replace('\n', ", "),
            cover: RevisionForm::cover_value(r.cover_media_id),
            record: r.record,
            ..RevisionForm::of_text(r.text)
        },
        None => RevisionForm {
            tags: item.tags.join(", "),
            cover: RevisionForm::cover_value(item.cover.map(|m| m.0)),
            record: records::current(conn, item.kind, item.id)?,
            ..RevisionForm::of_text(item.text.clone())
        },
    };
    Ok((item, form))
}

/// After a file is replaced: every item whose text links to the old file gets a draft
/// revision linking to the new one, for the board to review (published text is never
/// changed in place). Returns, per item, the draft made or why none could be.
pub fn relink_media(
    conn: &mut DbConn,
    items: &[ContentId],
    old_id: i32,
    new_url: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Vec<(ContentId, Result<RevisionId, ReviewError>)> {
    let new_base = new_url.rsplit_once('/').map_or(new_url, |(base, _)| base);
    let old_prefix = format!("/tep/{old_id}/");
    items
        .iter()
        .map(|&content| {
            let result = editing_base(conn, content).and_then(|(_, mut form)| {
                // The file's own address, then its renditions' (`/tep/{id}/640w.webp`).
                let relinked = relink(&form.body_markdown, &old_prefix, new_url, new_base);
                form.body_markdown = relinked;
                form.change_note = String::new();
                save_draft(conn, content, &form, by, now)
            });
            (content, result)
        })
        .collect()
}

/// Replaces links to `/tep/{old}/…` in a text: the file itself becomes `new_url`, a
/// rendition keeps its name under the new file's base.
pub(super) fn relink(text: &str, old_prefix: &str, new_url: &str, new_base: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(old_prefix) {
        out.push_str(&rest[..i]);
        let after = &rest[i + old_prefix.len()..];
        let name_len = after
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let is_rendition = name
            .split_once("w.")
            .is_some_and(|(w, _)| w.parse::<u32>().is_ok());
        if is_rendition {
            out.push_str(&format!("{new_base}/{name}"));
        } else {
            out.push_str(new_url);
        }
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod relink_tests {
    use super::super::relink;

    #[test]
    fn links_to_the_old_file_and_its_renditions_move_to_the_new_one() {
        let text =
            "![a](/tep/7/anh-cu.jpg) [tải](/tep/7/anh-cu.jpg) /tep/7/640w.webp /tep/17/khac.pdf";
        assert_eq!(
            relink(text, "/tep/7/", "/tep/9/anh-moi.jpg", "/tep/9"),
            "![a](/tep/9/anh-moi.jpg) [tải](/tep/9/anh-moi.jpg) /tep/9/640w.webp /tep/17/khac.pdf"
        );
    }
}

/// A revision with what its page shows beside it: the item, the revision before it, and
/// the names of the people who wrote, submitted, reviewed and published it.
#[derive(Debug)]
pub struct InContext {
    pub revision: Revision,
    pub item: crate::content::ContentItem,
    pub previous: Option<Revision>,
    pub names: HashMap<i32, String>,
}

impl InContext {
    /// Reads a revision in its context; `None` when there is no such revision.
    pub fn read(conn: &mut DbConn, id: RevisionId) -> QueryResult<Option<InContext>> {
        let Some(revision) = revision(conn, id)? else {
            return Ok(None);
        };
        let Some(item) = crate::content::store::find(conn, ContentId(revision.content_id))? else {
            return Ok(None);
        };
        let previous = revisions(conn, item.id)?
            .into_iter()
            .find(|r| r.number < revision.number);
        let ids: Vec<i32> = [
            revision.created_by,
            revision.submitted_by,
            revision.reviewed_by,
            revision.published_by,
        ]
        .into_iter()
        .flatten()
        .collect();
        let names = crate::account::store::names(conn, &ids)?;
        Ok(Some(InContext {
            revision,
            item,
            previous,
            names,
        }))
    }

    /// The transitions `actor` may take on it now (editing has its own page).
    pub fn transitions(&self, actor: &Actor) -> Vec<&'static str> {
        let facts = self.revision.facts(self.item.site_id);
        super::super::Transition::ALL
            .into_iter()
            .filter(|t| {
                *t != super::super::Transition::Edit
                    && super::super::check(*t, &facts, actor).is_ok()
            })
            .map(super::super::Transition::as_str)
            .collect()
    }

    /// Its changes from the previous revision, title included.
    pub fn diff(&self) -> Vec<super::super::diff::Line> {
        let text = |r: &Revision| format!("# {}\n\n{}", r.text.title, r.text.body_markdown);
        let old = self.previous.as_ref().map(text).unwrap_or_default();
        super::super::diff::lines(&old, &text(&self.revision))
    }
}

/// An item with every revision of it, newest first, and the names of their writers.
pub type History = (
    crate::content::ContentItem,
    Vec<Revision>,
    HashMap<i32, String>,
);

/// An item's [`History`]; `None` when there is no such item.
pub fn history(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<History>> {
    let Some(item) = crate::content::store::find(conn, content)? else {
        return Ok(None);
    };
    let all = revisions(conn, content)?;
    let ids: Vec<i32> = all.iter().filter_map(|r| r.created_by).collect();
    let names = crate::account::store::names(conn, &ids)?;
    Ok(Some((item, all, names)))
}
