//! Reading what people type and answering it: number-symbols first, then Vietnamese words
//! ranked by BM25 over several views (accented syllables preferred when the query has
//! diacritics, folded ones otherwise, syllable pairs for phrase-like precision, article
//! headings and law names weighted up), filters, sorting, paging, snippets, facet counts and
//! "did you mean".
//!
//! Nothing a user types makes this fail: the text is cut to [`MAX_QUERY_CHARS`] characters and
//! [`MAX_QUERY_SYLLABLES`] syllables, and a query with no word and no filter returns an empty
//! result at once.

mod facets;
mod filter_sets;
mod hits;
mod plan;
mod rank;
mod related;
#[cfg(test)]
mod tests;
mod top;
mod union;

pub(crate) use filter_sets::FilterSets;
pub use related::{RelatedAnswer, RelatedAnswers, ANSWERS_PER_ARTICLE};

use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::{DocAddress, Order, Searcher};

use super::index::SearchIndex;
use super::suggest::{all_known, POOR_BELOW};
use super::{DocKind, SearchError};
use plan::{full_query, Plan};
use rank::count_up_to;

/// Characters of a query at most. A longer text is a pasted page, not a query: it finds
/// nothing, since the union of its hundred words would match nearly every entry.
pub const MAX_QUERY_CHARS: usize = 500;
/// Syllables of a query searched for.
pub const MAX_QUERY_SYLLABLES: usize = 32;
/// Results per page at most.
pub const MAX_PER_PAGE: usize = 100;
/// Ranked results reachable by paging.
pub(super) const MAX_RESULTS: usize = 1000;
/// Matches counted exactly; beyond, the total says "more than" (as large engines do: the
/// count of a common word over a million articles costs more than the ranking).
pub const MAX_COUNTED: usize = 10_000;

/// What to search for, as the web layer reads it from the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchQuery {
    /// What the person typed.
    pub text: String,
    /// Restrictions on what is returned.
    pub filters: Filters,
    /// Order of results.
    pub sort: Sort,
    /// One hit per article, or one per document with its best articles.
    pub granularity: Granularity,
    /// Page number, from 1.
    pub page: usize,
    /// Results per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: usize,
}

impl SearchQuery {
    /// A query for `text`, first page of ten, by relevance, article level, no filter.
    pub fn new(text: impl Into<String>) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            granularity: Granularity::Article,
            page: 1,
            per_page: 10,
        }
    }
}

/// Filters; an empty list or `None` does not restrict. Values within one filter are
/// alternatives (any of the years), filters combine (a decree of 2019).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// Kinds of entries.
    pub kinds: Vec<DocKind>,
    /// Published on this site.
    pub site_id: Option<i64>,
    /// `vi` or `en`.
    pub lang: Option<String>,
    /// Document types (`Luật`, `Quyết định`).
    pub doc_types: Vec<String>,
    /// Issuing bodies.
    pub issuers: Vec<String>,
    /// Fields (lĩnh vực).
    pub fields: Vec<String>,
    /// Years of issue.
    pub years: Vec<u16>,
    /// Validity statuses.
    pub statuses: Vec<String>,
}

impl Filters {
    /// Whether the legal articles are among the kinds asked for (no kind filter asks for all).
    pub(crate) fn wants_articles(&self) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&DocKind::LegalArticle)
    }
}

/// Order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most recent date first.
    Newest,
}

/// How legal results are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Granularity {
    /// Each entry on its own (articles, documents, news…).
    #[default]
    Article,
    /// Articles grouped under their document: one hit per document, with its best articles.
    Document,
}

/// One page of results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Number of matching entries (documents when grouped: those among the first
    /// [`MAX_RESULTS`] matches).
    pub total: usize,
    /// False when `total` is a lower bound (more than [`MAX_COUNTED`] matches, or documents
    /// beyond the ranked depth).
    pub total_exact: bool,
    /// The page's hits.
    pub hits: Vec<Hit>,
    /// The accented spelling proposed for a query typed without diacritics.
    pub suggestion: Option<String>,
    /// Number-symbols recognised in the query, in their official spelling.
    pub symbols: Vec<String>,
    /// The query was longer than [`MAX_QUERY_CHARS`] and was not searched.
    pub too_long: bool,
    /// The index generation these results were found in (a page showing them is stale
    /// once the index has moved on).
    pub generation: u64,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The entry's key.
    pub key: String,
    /// What it is.
    pub kind: DocKind,
    /// Heading to show.
    pub title: String,
    /// Where it links.
    pub url: String,
    /// Its date.
    pub date: Option<chrono::NaiveDate>,
    /// Extract with matches in `<mark>`, HTML-escaped.
    pub snippet: String,
    /// Number-symbol of the legal document (of an article's document).
    pub number_symbol: Option<String>,
    /// Title of the legal document an article belongs to.
    pub document_title: Option<String>,
    /// Article number, for a link to `#dieu-{number}`.
    pub article_number: Option<String>,
    /// Relevance score (not comparable between queries).
    pub score: f32,
    /// At document granularity: the document's best-matching articles.
    pub articles: Vec<ArticleHit>,
}

/// An article shown under its document.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleHit {
    /// The article's key.
    pub key: String,
    /// Its number: the anchor is `#dieu-{number}`.
    pub number: String,
    /// Its heading.
    pub title: String,
    /// Its address.
    pub url: String,
    /// Extract with matches in `<mark>`.
    pub snippet: String,
}

/// One value of a facet and how many matching entries have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// The value (`Luật`, `2019`, a site id).
    pub value: String,
    /// Matching entries with it.
    pub count: u64,
}

/// Counts of the matching entries by value, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// By document type.
    pub doc_types: Vec<FacetCount>,
    /// By issuing body.
    pub issuers: Vec<FacetCount>,
    /// By field (lĩnh vực).
    pub fields: Vec<FacetCount>,
    /// By year of issue.
    pub years: Vec<FacetCount>,
    /// By status.
    pub statuses: Vec<FacetCount>,
    /// By site id.
    pub sites: Vec<FacetCount>,
    /// By kind of entry.
    pub kinds: Vec<FacetCount>,
}

/// Whether a text is too long to be a query (see [`MAX_QUERY_CHARS`]).
pub fn is_too_long(text: &str) -> bool {
    text.chars().nth(MAX_QUERY_CHARS).is_some()
}

impl SearchIndex {
    /// Answers a query: one page of hits with snippets, the total, recognised number-symbols
    /// and, when the results are poor, the spelling it probably meant.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let started = std::time::Instant::now();
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let answer = self
            .answers
            .get_or(generation, query, || self.answer(&searcher, query))?;
        crate::telemetry::metrics::search_answered(started.elapsed());
        // Copied only when the answer is also remembered (not with the answer cache off).
        let answer = Arc::try_unwrap(answer).unwrap_or_else(|shared| (*shared).clone());
        Ok(SearchResults {
            generation,
            ..answer
        })
    }

    /// The page of results for `query` when it is among the recent answers: a map lookup,
    /// cheap enough for the async worker (no ranking turn, no blocking thread).
    pub fn remembered(&self, query: &SearchQuery) -> Option<SearchResults> {
        let generation = self.generation();
        let answer = self.answers.known(generation, query)?;
        Some(SearchResults {
            generation,
            ..(*answer).clone()
        })
    }

    /// The generation of the index searches read now.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    fn answer(
        &self,
        searcher: &Searcher,
        query: &SearchQuery,
    ) -> Result<SearchResults, SearchError> {
        if is_too_long(&query.text) {
            return Ok(SearchResults {
                too_long: true,
                ..SearchResults::default()
            });
        }
        let fields = &self.fields;
        let mut plan = Plan::read(fields, &query.text);
        plan.leave_out_common(searcher, fields);
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let page = query.page.max(1);
        let offset = (page - 1).saturating_mul(per_page);
        let mut results = SearchResults {
            symbols: plan.symbols.iter().map(|s| s.canonical.clone()).collect(),
            ..SearchResults::default()
        };
        let Some(full) = full_query(fields, &plan, &query.filters) else {
            return Ok(results);
        };
        if offset >= MAX_RESULTS {
            return Ok(results);
        }
        let want = (offset + per_page).min(MAX_RESULTS);
        let by_date = plan.is_empty() || query.sort == Sort::Newest;
        // Several articles of one document share the ranking: grouped results look deeper.
        // At article level, documents shown through their articles leave places to fill.
        let depth = match query.granularity {
            Granularity::Document if !by_date => MAX_RESULTS.min(want * 20),
            Granularity::Document => want,
            Granularity::Article => MAX_RESULTS.min(want * 2),
        };
        let (ranked, matches): (Vec<(f32, DocAddress)>, Option<usize>) = if by_date {
            let by_date =
                TopDocs::with_limit(depth).order_by_fast_field::<i64>("date", Order::Desc);
            let newest = searcher
                .search(full.as_ref(), &by_date)?
                .into_iter()
                .map(|(d, a)| (d.unwrap_or(0) as f32, a))
                .collect();
            (newest, None)
        } else {
            let found = self.ranked(searcher, &plan, &query.filters, depth, query.granularity)?;
            (found.best, found.matches)
        };
        match query.granularity {
            Granularity::Article => {
                // Counted while ranking when every match was scored.
                (results.total, results.total_exact) = match matches {
                    Some(n) => (n.min(MAX_COUNTED), n < MAX_COUNTED),
                    None => count_up_to(searcher, full.as_ref(), MAX_COUNTED)?,
                };
                // A question is answered by articles; a query naming a document (or asking
                // for documents alone, or for the newest) still gets the document itself.
                let ranked = if query.filters.wants_articles() && !by_date && !plan.names_document {
                    self.through_articles(searcher, ranked)?
                } else {
                    ranked
                };
                let page: Vec<(f32, DocAddress)> =
                    ranked.into_iter().skip(offset).take(per_page).collect();
                results.hits = self.entry_hits(searcher, &page, &plan)?;
            }
            Granularity::Document => {
                // Documents are counted among the ranked entries: more may lie deeper.
                let deep = ranked.len() >= depth;
                let groups = self.group_by_document(searcher, ranked)?;
                results.total = groups.len();
                results.total_exact = !deep;
                let page = groups.into_iter().skip(offset).take(per_page).collect();
                results.hits = self.document_hits(searcher, page, &plan)?;
            }
        }
        // "Did you mean" only when the results are poor: a well-answered query pays nothing.
        if results.total < POOR_BELOW || !all_known(searcher, fields, &plan.syllables) {
            results.suggestion = self.did_you_mean(searcher, &plan.text, &plan.syllables)?;
        }
        Ok(results)
    }
}
