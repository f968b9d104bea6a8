//! Full-text search (tìm kiếm) over everything the portal publishes: legal documents and their
//! articles (Điều), news, pages, public services and questions and answers, built on tantivy
//! with an analyzer made for Vietnamese.
//!
//! This module is a pure library: the app fills [`SearchDoc`]s from its tables and feeds them
//! through an [`IndexUpdater`] (following the change log, whose id it records with each
//! commit), and asks a [`SearchIndex`] for [`SearchResults`]. No HTTP, no database here.
//!
//! - [`analyzer`]: syllables with and without diacritics, and syllable pairs;
//! - [`index`]: the schema, opening, atomic rebuilds, upserts and the applied change id;
//! - [`answers`]: the recent answers of an index generation, per server;
//! - [`query`]: reading what people type, ranking, filters, facets, snippets, "did you mean",
//!   and the published answers beside the articles they cite;
//! - [`rankers`]: the threads that rank queries, one per core;
//! - [`vocabulary`]: the words that carry no meaning in a question, and the reviewed lexicon
//!   (`lexicon.txt`) from citizens' words to the law's.

pub mod analyzer;
pub mod answers;
pub mod index;
pub mod params;
pub mod query;
pub mod rankers;
mod snippet;
mod suggest;
pub mod sync;
pub mod vocabulary;

use chrono::NaiveDate;

pub use index::{IndexUpdater, Rebuild, SearchIndex};
pub use query::{
    ArticleHit, FacetCount, Facets, Filters, Granularity, Hit, RelatedAnswer, RelatedAnswers,
    SearchQuery, SearchResults, Sort,
};

crate::text_enum! {
    /// What kind of published item a search entry is.
    pub enum DocKind {
        /// A legal or administrative document (văn bản) as a whole.
        LegalDocument = "legal_document",
        /// One article (Điều) of a legal document.
        LegalArticle = "legal_article",
        /// A news article (tin tức).
        News = "news",
        /// A page (trang).
        Page = "page",
        /// A public service (dịch vụ công, thủ tục hành chính).
        PublicService = "public_service",
        /// A citizen's question with its answer (hỏi đáp).
        Question = "question",
        /// A public consultation on a draft (lấy ý kiến); its comments are not indexed.
        Consultation = "consultation",
        /// An investment project (dự án đầu tư).
        Project = "project",
        /// A procurement notice (thông tin đấu thầu).
        Procurement = "procurement",
        /// A statistics dataset (số liệu thống kê).
        Dataset = "dataset",
        /// A strategy, plan or programme (quy hoạch, kế hoạch).
        Plan = "plan",
        /// A budget disclosure (công khai ngân sách).
        BudgetDisclosure = "budget",
        /// A science and technology task (nhiệm vụ khoa học và công nghệ).
        ScienceTask = "science",
    }
}

/// One searchable item, as the app describes it. Texts may be in any Unicode normalisation
/// form; the analyzer reads them as NFC.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    /// Stable key, unique in the index: `legal:{id}`, `legal:{id}:{article}`, `news:{id}`,
    /// `page:{id}`, `service:{id}`, `question:{id}`. Upserts and deletes go by it.
    pub key: String,
    /// What it is.
    pub kind: DocKind,
    /// Every site it is published on (a province document appears on several sites).
    pub site_ids: Vec<i64>,
    /// `vi` or `en`.
    pub lang: String,
    /// Its public address, as links should show it.
    pub url: String,
    /// The heading shown in results: a document's trích yếu, an article's heading
    /// (`Điều 5. Nguyên tắc sử dụng đất`), a news headline.
    pub title: String,
    /// The text searched and quoted in snippets. For a legal document as a whole, its abstract
    /// and table of contents (article headings) are best: its articles carry the full text.
    pub body: String,
    /// The date results are sorted by (issue date of a document, publication date of news).
    pub date: Option<NaiveDate>,
    /// What legal documents and articles carry in addition.
    pub legal: Option<LegalMeta>,
}

/// The metadata of a legal document (văn bản) that search filters and ranks on; an article
/// carries its document's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LegalMeta {
    /// The number-symbol (số ký hiệu) as stored: `17/2019/QĐ-UBND`.
    pub number_symbol: String,
    /// The document's title (trích yếu); for an article, the document it belongs to, so that
    /// `luật đất đai` finds that law's articles.
    pub document_title: String,
    /// Type (loại văn bản): `Luật`, `Nghị định`, `Quyết định`.
    pub doc_type: String,
    /// Issuing bodies (cơ quan ban hành); a joint document has several.
    pub issuers: Vec<String>,
    /// Fields (lĩnh vực): `Đất đai`, `Lao động`.
    pub fields: Vec<String>,
    /// Year of issue.
    pub year: Option<u16>,
    /// Validity status (tình trạng hiệu lực): `in_force`, `expired`, `unknown`…
    pub status: String,
    /// For an article: its number and heading.
    pub article: Option<ArticleRef>,
    /// For an article: the key of its document.
    pub parent_key: Option<String>,
}

/// An article (Điều) of a legal document, as search names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    /// The article number as printed (`5`, `12a`): the page anchor is `#dieu-{number}`.
    pub number: String,
    /// Its heading without the number: `Nguyên tắc sử dụng đất`.
    pub title: String,
}

/// What can go wrong with the search index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// No index has been built in this directory yet: build one with [`SearchIndex::rebuild`].
    #[error("no search index in {0}")]
    Missing(std::path::PathBuf),
    /// The index cannot be read: rebuild it.
    #[error("the search index in {path} is unreadable: {reason}")]
    Corrupt {
        /// The index directory.
        path: std::path::PathBuf,
        /// What failed.
        reason: String,
    },
    /// Reading or writing the index directory failed.
    #[error("search index file error: {0}")]
    Io(#[from] std::io::Error),
    /// Tantivy failed while indexing or searching.
    #[error("search engine error: {0}")]
    Engine(#[from] tantivy::TantivyError),
}
