//! Pages and news articles: the items an editorial board publishes, in two languages
//! linked by a translation key.

pub mod categories;
pub mod covers;
pub mod loader;
pub mod public;
pub mod store;
pub mod translations;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{content_items, content_revisions};
use crate::lang::Lang;
use crate::media::MediaId;
use crate::site::SiteId;

crate::typed_id! {
    /// A content item's stable number (the number in its URL).
    pub struct ContentId;
}

crate::text_enum! {
    /// The kinds of content (later issues add their own kinds beside these).
    pub enum ContentKind {
        /// A page (trang): introduction, leaders and organisation, contacts.
        Page = "page",
        /// A news article (tin tức).
        News = "news",
        /// A legal or administrative document (văn bản); its record is in `legal`.
        LegalDocument = "legal",
        /// An administrative procedure (thủ tục hành chính) or online public service; its
        /// record is in `services`.
        Procedure = "procedure",
        /// The answer to a citizen's question (hỏi đáp); its record names the question, in
        /// `inbox`.
        Answer = "answer",
        /// An organisation unit (cơ quan, đơn vị); its record is in `directory`.
        OrgUnit = "org_unit",
        /// An official (cán bộ) with positions over time; its record is in `directory`.
        Official = "official",
        /// A week of a site's work schedule (lịch công tác); its record is in `directory`.
        ScheduleWeek = "schedule_week",
        /// A draft posted for public comment (lấy ý kiến dự thảo); its record is in
        /// `consultation`.
        Consultation = "consultation",
        /// An investment project (dự án đầu tư); its record is in `projects`.
        Project = "project",
        /// A procurement notice (thông tin đấu thầu, mua sắm công); its record is in
        /// `procurement`.
        Procurement = "procurement",
        /// A statistics dataset (số liệu thống kê); its record is in `statistics`.
        Dataset = "dataset",
        /// A strategy, master plan, plan or programme (chiến lược, quy hoạch, kế hoạch,
        /// chương trình); its record is in `plans`.
        Plan = "plan",
        /// A budget disclosure (công khai ngân sách); its record is in `budget`.
        BudgetDisclosure = "budget",
        /// A science and technology programme or task (nhiệm vụ khoa học và công nghệ); its
        /// record is in `science`.
        ScienceTask = "science",
    }
}

impl ContentKind {
    /// Whether its revisions carry a structured record, edited with the kind's own form
    /// (see `review::records`).
    pub fn has_record(self) -> bool {
        !matches!(self, ContentKind::Page | ContentKind::News)
    }
}

crate::text_enum! {
    /// Whether the public may read an item.
    pub enum ContentState {
        /// Not public.
        Draft = "draft",
        /// On the public site.
        Published = "published",
        /// Taken down: its address answers 410 Gone with a public note.
        Unpublished = "unpublished",
        /// Withdrawn but kept readable (the archiving law), with a public note.
        Withdrawn = "withdrawn",
    }
}

/// The text an author writes for an item: what each revision carries, and what
/// publishing copies into the public item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Queryable, Selectable)]
#[diesel(table_name = content_revisions)]
pub struct ContentText {
    pub slug: String,
    pub title: String,
    /// The lead (sapo).
    pub summary: String,
    pub body_markdown: String,
    /// The person who wrote it (tác giả).
    pub author: String,
    /// The agency or publication it comes from (nguồn); cites the origin of republished material.
    pub source: String,
    pub category: Option<String>,
}

/// A page or news article as stored, with its sanitised HTML.
#[derive(Debug, Clone, Serialize)]
pub struct ContentItem {
    pub id: ContentId,
    pub site_id: SiteId,
    pub kind: ContentKind,
    pub lang: Lang,
    /// Links the Vietnamese item and its English translation on the same site.
    pub translation_key: String,
    #[serde(flatten)]
    pub text: ContentText,
    /// Rendered and sanitised when saved, so reading never renders Markdown.
    pub body_html: String,
    pub tags: Vec<String>,
    pub state: ContentState,
    /// The public note shown when the item is unpublished.
    pub state_note: Option<String>,
    pub published_at: NaiveDateTime,
    /// When its text last changed in substance (translations are compared on it).
    pub revised_at: NaiveDateTime,
    /// Shown in the province portal's aggregation of its sites' content (the province
    /// board decides; only meaningful for department and commune items).
    pub on_portal: bool,
    /// The cover image (ảnh đại diện) from the site's media library.
    pub cover: Option<MediaId>,
}

/// A list entry: what a list page, a feed or an API list needs, without the body.
#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = content_items)]
pub struct ContentSummary {
    pub id: ContentId,
    pub site_id: SiteId,
    pub kind: ContentKind,
    pub lang: Lang,
    pub translation_key: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub source: String,
    pub published_at: NaiveDateTime,
    /// The cover image, shown on cards.
    #[serde(skip)]
    #[diesel(column_name = cover_media_id)]
    pub cover: Option<MediaId>,
}

/// What the public may see of an item at a moment: the one rule for pages, the API,
/// search, feeds and sitemaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Not public (a draft, or published at a later time): answered as if it did not exist.
    Hidden,
    /// Taken down: its address answers 410 Gone with the public note.
    Gone { note: Option<String> },
    /// Readable; a withdrawn item stays readable with its note (the archiving law).
    Public,
}

/// The rule itself, over an item's state and publication time.
pub fn visibility(
    state: ContentState,
    published_at: NaiveDateTime,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Visibility {
    match state {
        ContentState::Draft => Visibility::Hidden,
        _ if published_at > now => Visibility::Hidden,
        ContentState::Unpublished => Visibility::Gone {
            note: note.map(String::from),
        },
        ContentState::Published | ContentState::Withdrawn => Visibility::Public,
    }
}

impl ContentItem {
    /// What the public may see of it at `now`.
    pub fn visibility(&self, now: NaiveDateTime) -> Visibility {
        visibility(
            self.state,
            self.published_at,
            self.state_note.as_deref(),
            now,
        )
    }

    /// The list entry of this item.
    pub fn summary(&self) -> ContentSummary {
        ContentSummary {
            id: self.id,
            site_id: self.site_id,
            kind: self.kind,
            lang: self.lang,
            translation_key: self.translation_key.clone(),
            slug: self.text.slug.clone(),
            title: self.text.title.clone(),
            summary: self.text.summary.clone(),
            author: self.text.author.clone(),
            source: self.text.source.clone(),
            published_at: self.published_at,
            cover: self.cover,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .expect("a valid time")
    }

    #[test]
    fn drafts_and_future_items_are_hidden_taken_down_ones_gone_withdrawn_ones_public() {
        let now = at(12);
        assert_eq!(
            visibility(ContentState::Draft, at(8), None, now),
            Visibility::Hidden
        );
        assert_eq!(
            visibility(ContentState::Published, at(13), None, now),
            Visibility::Hidden
        );
        assert_eq!(
            visibility(ContentState::Published, at(12), None, now),
            Visibility::Public
        );
        assert_eq!(
            visibility(ContentState::Withdrawn, at(8), Some("cũ"), now),
            Visibility::Public
        );
        assert_eq!(
            visibility(ContentState::Unpublished, at(8), Some("gỡ"), now),
            Visibility::Gone {
                note: Some("gỡ".into())
            }
        );
        // A taken-down item scheduled for later was never public: hidden, not gone.
        assert_eq!(
            visibility(ContentState::Unpublished, at(13), Some("gỡ"), now),
            Visibility::Hidden
        );
    }
}
