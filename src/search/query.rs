//! Reading what people type and answering it: number-symbols first, then Vietnamese words
//! ranked by BM25 over several views (accented syllables preferred when the query has
//! diacritics, folded ones otherwise, syllable pairs for phrase-like precision, article
//! headings and law names weighted up), filters, sorting, paging, snippets, facet counts and
//! "did you mean".
//!
//! Nothing a user types makes this fail: the text is cut to [`MAX_QUERY_CHARS`] characters and
//! [`MAX_QUERY_SYLLABLES`] syllables, and a query with no word and no filter returns an empty
//! result at once.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Order, Score, Searcher, SegmentReader, TantivyDocument, Term,
    TERMINATED,
};

use super::analyzer::{pair, syllables, Syllable};
use super::index::{number_date, Fields, SearchIndex};
use super::snippet::snippet;
use super::vocabulary::{folded_synonyms, FOLDED_QUESTION_WORDS, QUESTION_WORDS};
use super::{DocKind, SearchError};
use crate::legal::symbol;
use crate::text::nfc;

/// Characters of a query read; the rest is ignored (a pasted page is not a query).
pub const MAX_QUERY_CHARS: usize = 400;
/// Syllables of a query searched for.
pub const MAX_QUERY_SYLLABLES: usize = 32;
/// Results per page at most.
pub const MAX_PER_PAGE: usize = 100;
/// Ranked results reachable by paging.
const MAX_RESULTS: usize = 1000;
/// Candidates re-ranked with the document-level evidence.
const RERANK_DEPTH: usize = 100;
/// Matches counted exactly; beyond, the total says "more than" (as large engines do: the
/// count of a common word over a million articles costs more than the ranking).
pub const MAX_COUNTED: usize = 10_000;
/// A filtered query first takes enough of the unfiltered ranking for this many times the
/// entries it needs to pass the filters, up to [`MAX_OVERSAMPLED`] (see
/// [`SearchIndex::top_by_score`]). At a million articles, ranking 2,000 unfiltered entries
/// cost more than the filtered query (p99 24 ms against 12 ms with 1,000).
const FILTER_OVERSAMPLE: f64 = 2.0;
const MAX_OVERSAMPLED: usize = 1000;
/// Syllables in more than this share of the entries (`của`, `các`, `quy định`) weigh almost
/// nothing in BM25 yet cost the most to walk: they are left out when rarer words remain
/// (their pairs stay, so phrases keep their precision).
const COMMON_SHARE: f64 = 0.2;
const MIN_ENTRIES_FOR_COMMON: u64 = 5_000;
/// A long question makes a union of fifty terms, and block-max WAND slows with every term:
/// candidates come from the terms that can weigh most, then get the full query's score.
/// Measured at a million articles (benches/README.md): 16 terms gave p99 45 ms, 8 give 17 ms
/// for the same quality on the development questions.
const FIRST_PASS_TERMS: usize = 8;
/// Below this many entries every query is fast with all its terms, and a candidate missing
/// the strongest terms (an article found by its body alone) still ranks.
const MIN_ENTRIES_FOR_FIRST_PASS: u64 = 100_000;
/// Candidates of the first pass, per entry wanted.
const FIRST_PASS_DEPTH: usize = 2;

// Weights of the clauses, relative to one accented syllable in the body. Tuned on the
// development questions (tests/search-eval), checked on their held-out half.
const W_BODY: f32 = 1.0;
const W_TITLE: f32 = 4.0;
const W_DOC_TITLE: f32 = 0.6;
const W_BODY_PAIR: f32 = 1.0;
const W_TITLE_PAIR: f32 = 1.5;
/// Folded views in a query with diacritics: a misplaced tone still finds, but ranks lower.
const W_FOLDED_WHEN_ACCENTED: f32 = 0.3;
/// Words added from the synonym list, relative to the words typed.
const W_SYNONYM: f32 = 0.5;
/// A number-symbol match outranks any word match.
const W_SYMBOL: f32 = 1000.0;
/// `điều 5`: the article numbered so.
const W_ARTICLE_NUMBER: f32 = 8.0;
/// Share of the best article's score given to articles of the best-matching document.
const W_DOCUMENT_PRIOR: f32 = 0.2;
/// Documents whose articles get the prior (among those of the candidates).
const PRIOR_DOCUMENTS: usize = 3;

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

/// A query text once read: the weighted terms it searches for.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Term and weight, each term once.
    terms: Vec<(Term, f32)>,
    /// Folded syllables to highlight.
    highlight: HashSet<String>,
    /// Folded number-symbol keys.
    symbols: Vec<symbol::NumberSymbol>,
    /// Query syllables (for "did you mean").
    syllables: Vec<Syllable>,
    /// The text actually read (cut to the limits).
    text: String,
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Reads a query text.
    pub(crate) fn read(fields: &Fields, raw: &str) -> Plan {
        let cut: String = raw.chars().take(MAX_QUERY_CHARS).collect();
        let text = nfc(&cut);
        let mut plan = Plan::default();
        let mut weights: HashMap<(Field, String), f32> = HashMap::new();
        let mut add = |field: Field, term: String, w: f32| {
            *weights.entry((field, term)).or_default() += w;
        };

        // Number-symbols are matched as keywords and removed from the words.
        let mut words = text.clone();
        for found in symbol::find_in_query(&text).into_iter().rev() {
            add(fields.symbol_key, found.symbol.folded.clone(), W_SYMBOL);
            add(
                fields.parent_symbol_key,
                found.symbol.folded.clone(),
                W_SYMBOL / 2.0,
            );
            words.replace_range(found.span, " | ");
            plan.symbols.insert(0, found.symbol);
        }

        // A query that is nothing but `17/2019` is a number-symbol typed without its type;
        // inside a sentence the same shape is more often a month (hence the parser's rule).
        if plan.symbols.is_empty() {
            if let Some(key) = bare_number_and_year(&text) {
                add(fields.symbol_key, key.clone(), W_SYMBOL);
                add(fields.parent_symbol_key, key, W_SYMBOL / 2.0);
            }
        }

        let mut syl = syllables(&words);
        syl.truncate(MAX_QUERY_SYLLABLES);
        let accented = syl.iter().any(Syllable::has_diacritics);
        let mut content = vec![true; syl.len()];

        // `điều 5`: the article number is a keyword, not two words.
        for i in 0..syl.len().saturating_sub(1) {
            if syl[i].folded == "dieu" && syl[i + 1].folded.chars().all(|c| c.is_ascii_digit()) {
                add(
                    fields.article_number,
                    syl[i + 1].folded.clone(),
                    W_ARTICLE_NUMBER,
                );
                content[i] = false;
                content[i + 1] = false;
            }
        }

        // Question words carry no subject; when nothing else is left, they are the subject.
        let stop_phrases: Vec<Vec<&str>> = if accented {
            QUESTION_WORDS
                .iter()
                .map(|p| p.split(' ').collect())
                .collect()
        } else {
            FOLDED_QUESTION_WORDS
                .iter()
                .map(|p| p.split(' ').collect())
                .collect()
        };
        let spelled = |s: &Syllable| {
            if accented {
                s.accented.clone()
            } else {
                s.folded.clone()
            }
        };
        let forms: Vec<String> = syl.iter().map(spelled).collect();
        let mut stop = vec![false; syl.len()];
        for start in 0..syl.len() {
            for phrase in &stop_phrases {
                let end = start + phrase.len();
                if end <= syl.len()
                    && (start + 1..end).all(|i| syl[i].joined_to_previous)
                    && phrase.iter().zip(&forms[start..end]).all(|(a, b)| a == b)
                {
                    stop[start..end].iter_mut().for_each(|s| *s = true);
                }
            }
        }
        if content.iter().zip(&stop).any(|(c, s)| *c && !*s) {
            for (c, s) in content.iter_mut().zip(&stop) {
                *c = *c && !*s;
            }
        }

        let mut add_words =
            |syl: &[Syllable], content: &[bool], weight: f32, highlight: &mut HashSet<String>| {
                for (i, s) in syl.iter().enumerate() {
                    if !content[i] {
                        continue;
                    }
                    highlight.insert(s.folded.clone());
                    if accented {
                        add(fields.body, s.accented.clone(), W_BODY * weight);
                        add(fields.title, s.accented.clone(), W_TITLE * weight);
                        add(fields.doc_title, s.accented.clone(), W_DOC_TITLE * weight);
                        let w = W_FOLDED_WHEN_ACCENTED * weight;
                        add(fields.body_fold, s.folded.clone(), W_BODY * w);
                        add(fields.title_fold, s.folded.clone(), W_TITLE * w);
                    } else {
                        add(fields.body_fold, s.folded.clone(), W_BODY * weight);
                        add(fields.title_fold, s.folded.clone(), W_TITLE * weight);
                        add(
                            fields.doc_title_fold,
                            s.folded.clone(),
                            W_DOC_TITLE * weight,
                        );
                    }
                    if i > 0 && content[i - 1] && s.joined_to_previous {
                        let prev = &syl[i - 1];
                        let folded_pair = pair(&prev.folded, &s.folded);
                        if accented {
                            add(
                                fields.body_pairs,
                                pair(&prev.accented, &s.accented),
                                W_BODY_PAIR * weight,
                            );
                            let w = W_FOLDED_WHEN_ACCENTED * weight;
                            add(fields.body_pairs_fold, folded_pair.clone(), W_BODY_PAIR * w);
                        } else {
                            add(
                                fields.body_pairs_fold,
                                folded_pair.clone(),
                                W_BODY_PAIR * weight,
                            );
                        }
                        add(fields.title_pairs_fold, folded_pair, W_TITLE_PAIR * weight);
                    }
                }
            };
        add_words(&syl, &content, 1.0, &mut plan.highlight);

        // Citizens' words: the law's words are searched too (keys may include question
        // words such as `của`, so every syllable is looked at).
        let folded: Vec<&str> = syl.iter().map(|s| s.folded.as_str()).collect();
        for (key, expansion) in folded_synonyms() {
            let found = (0..folded.len()).any(|start| {
                let end = start + key.len();
                end <= folded.len()
                    && (start + 1..end).all(|i| syl[i].joined_to_previous)
                    && key.iter().zip(&folded[start..end]).all(|(a, b)| a == b)
            });
            if found {
                let exp = syllables(expansion);
                let exp: Vec<Syllable> = if accented {
                    exp
                } else {
                    exp.into_iter()
                        .map(|s| Syllable {
                            accented: s.folded.clone(),
                            ..s
                        })
                        .collect()
                };
                let all = vec![true; exp.len()];
                add_words(&exp, &all, W_SYNONYM, &mut plan.highlight);
            }
        }

        plan.terms = weights
            .into_iter()
            .map(|((field, text), w)| (Term::from_field_text(field, &text), w))
            .collect();
        // A stable order keeps scores identical from run to run.
        plan.terms.sort_by(|a, b| a.0.cmp(&b.0));
        plan.syllables = syl;
        plan.text = text;
        plan
    }

    /// Leaves out the words found in more than [`COMMON_SHARE`] of the entries, unless
    /// nothing else would be searched for.
    fn leave_out_common(&mut self, searcher: &Searcher, fields: &Fields) {
        // In a small index shares say little, and every query is fast anyway.
        if searcher.num_docs() < MIN_ENTRIES_FOR_COMMON {
            return;
        }
        let limit = (searcher.num_docs() as f64 * COMMON_SHARE) as u64;
        let common: Vec<bool> = self
            .terms
            .iter()
            .map(|(t, _)| {
                !keyword_field(fields, t.field()) && searcher.doc_freq(t).unwrap_or(0) > limit
            })
            .collect();
        let rare_word = self
            .terms
            .iter()
            .zip(&common)
            .any(|((t, _), c)| !c && !keyword_field(fields, t.field()));
        if rare_word {
            let mut common = common.into_iter();
            self.terms.retain(|_| !common.next().unwrap_or(false));
        }
    }

    /// The plan reduced to the `n` terms that can weigh most (weight × IDF), keywords first.
    fn strongest(&self, searcher: &Searcher, fields: &Fields, n: usize) -> Plan {
        let total = searcher.num_docs().max(1) as f32;
        let mut weighed: Vec<(f32, &(Term, f32))> = self
            .terms
            .iter()
            .map(|entry| {
                let (t, w) = entry;
                let df = searcher.doc_freq(t).unwrap_or(0) as f32;
                let idf = (1.0 + (total - df + 0.5) / (df + 0.5)).ln();
                let keyword = if keyword_field(fields, t.field()) {
                    f32::INFINITY
                } else {
                    0.0
                };
                (keyword + w * idf, entry)
            })
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0));
        Plan {
            terms: weighed
                .into_iter()
                .take(n)
                .map(|(_, e)| e.clone())
                .collect(),
            ..Plan::default()
        }
    }

    /// The flat union of boosted term queries: tantivy prunes it with block-max WAND.
    fn query(&self, fields: &Fields) -> Box<dyn Query> {
        union(fields, self.terms.iter().cloned())
    }
}

/// `17/2019` (or `số 17/2019`) as the whole query: the key partial symbols are indexed by.
fn bare_number_and_year(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_prefix("số ")
        .or_else(|| t.strip_prefix("so "))
        .unwrap_or(t)
        .trim();
    let (number, year) = t.split_once('/')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(number) && number.len() <= 4 && digits(year) && year.len() == 4)
        .then(|| format!("{number}/{year}"))
}

fn union(fields: &Fields, terms: impl Iterator<Item = (Term, f32)>) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .map(|(term, w)| {
            let option = if keyword_field(fields, term.field()) {
                IndexRecordOption::Basic
            } else {
                IndexRecordOption::WithFreqs
            };
            let q: Box<dyn Query> =
                Box::new(BoostQuery::new(Box::new(TermQuery::new(term, option)), w));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

fn keyword_field(fields: &Fields, field: Field) -> bool {
    [
        fields.symbol_key,
        fields.parent_symbol_key,
        fields.article_number,
        fields.parent_key,
        fields.key,
    ]
    .contains(&field)
}

/// The filters as lists of alternatives: an entry passes when it has one term of every list.
fn filter_terms(fields: &Fields, filters: &Filters) -> Vec<Vec<Term>> {
    let text = |field: Field, values: &[String]| -> Vec<Term> {
        values
            .iter()
            .map(|v| Term::from_field_text(field, v))
            .collect()
    };
    let lists = vec![
        filters
            .kinds
            .iter()
            .map(|k| Term::from_field_text(fields.kind, k.as_str()))
            .collect(),
        filters
            .site_id
            .iter()
            .map(|s| Term::from_field_text(fields.site, &s.to_string()))
            .collect(),
        filters
            .lang
            .iter()
            .map(|l| Term::from_field_text(fields.lang, l))
            .collect(),
        text(fields.doc_type, &filters.doc_types),
        text(fields.issuer, &filters.issuers),
        text(fields.legal_field, &filters.fields),
        filters
            .years
            .iter()
            .map(|y| Term::from_field_u64(fields.year, u64::from(*y)))
            .collect(),
        text(fields.status, &filters.statuses),
    ];
    lists
        .into_iter()
        .filter(|l: &Vec<Term>| !l.is_empty())
        .collect()
}

/// The filters as one query that scores nothing, or `None` when nothing is filtered.
fn filter_query(fields: &Fields, filters: &Filters) -> Option<Box<dyn Query>> {
    let must: Vec<(Occur, Box<dyn Query>)> = filter_terms(fields, filters)
        .into_iter()
        .map(|alternatives| {
            let any: Vec<(Occur, Box<dyn Query>)> = alternatives
                .into_iter()
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            let q: Box<dyn Query> = Box::new(BooleanQuery::new(any));
            (Occur::Must, q)
        })
        .collect();
    (!must.is_empty()).then(|| -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(must)), 0.0))
    })
}

/// At most the share of the entries the filters allow: that of the narrowest filter.
fn filter_share(searcher: &Searcher, lists: &[Vec<Term>]) -> f64 {
    let total = searcher.num_docs().max(1) as f64;
    lists
        .iter()
        .map(|alternatives| {
            let n: u64 = alternatives
                .iter()
                .map(|t| searcher.doc_freq(t).unwrap_or(0))
                .sum();
            n as f64 / total
        })
        .fold(1.0, f64::min)
}

/// The words' query restricted by the filters; `None` when there is nothing to search.
fn full_query(fields: &Fields, plan: &Plan, filters: &Filters) -> Option<Box<dyn Query>> {
    let filter = filter_query(fields, filters);
    match (plan.is_empty(), filter) {
        (true, None) => None,
        (true, Some(filter)) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::Must, filter),
        ]))),
        (false, None) => Some(plan.query(fields)),
        (false, Some(filter)) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, plan.query(fields)),
            (Occur::Must, filter),
        ]))),
    }
}

impl SearchIndex {
    /// Answers a query: one page of hits with snippets, the total, recognised number-symbols
    /// and, for a query without diacritics, the accented spelling it probably meant.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let started = std::time::Instant::now();
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let answer = self
            .answers
            .get_or(generation, query, || self.answer(&searcher, query))?;
        crate::telemetry::metrics::search_answered(started.elapsed());
        Ok((*answer).clone())
    }

    fn answer(
        &self,
        searcher: &Searcher,
        query: &SearchQuery,
    ) -> Result<SearchResults, SearchError> {
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
        let depth = if query.granularity == Granularity::Document && !by_date {
            MAX_RESULTS.min(want * 20)
        } else {
            want
        };
        let ranked: Vec<(f32, DocAddress)> = if by_date {
            let by_date =
                TopDocs::with_limit(depth).order_by_fast_field::<i64>("date", Order::Desc);
            searcher
                .search(full.as_ref(), &by_date)?
                .into_iter()
                .map(|(d, a)| (d.unwrap_or(0) as f32, a))
                .collect()
        } else {
            self.ranked(searcher, &plan, &query.filters, depth)?
        };
        results.suggestion = self.did_you_mean(searcher, &plan.text, &plan.syllables)?;
        match query.granularity {
            Granularity::Article => {
                (results.total, results.total_exact) =
                    count_up_to(searcher, full.as_ref(), MAX_COUNTED)?;
                for (score, address) in ranked.into_iter().skip(offset).take(per_page) {
                    let doc: TantivyDocument = searcher.doc(address)?;
                    results.hits.push(self.hit(&doc, score, &plan));
                }
            }
            Granularity::Document => {
                // Documents are counted among the ranked entries: more may lie deeper.
                let deep = ranked.len() >= depth;
                let groups = self.group_by_document(searcher, ranked)?;
                results.total = groups.len();
                results.total_exact = !deep;
                for group in groups.into_iter().skip(offset).take(per_page) {
                    results
                        .hits
                        .push(self.document_hit(searcher, group, &plan)?);
                }
            }
        }
        Ok(results)
    }

    /// The best `want` entries by relevance, re-ranked with the document-level evidence: the
    /// articles of the documents whose title and table of contents best match the query get a
    /// share of the best article's score (a question about `nghỉ phép năm` is about the
    /// Labour Code).
    fn ranked(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        filters: &Filters,
        want: usize,
    ) -> Result<Vec<(f32, DocAddress)>, SearchError> {
        let depth = want.max(RERANK_DEPTH);
        let mut top = self.top_by_score(searcher, plan, filters, depth)?;
        let articles_wanted =
            filters.kinds.is_empty() || filters.kinds.contains(&DocKind::LegalArticle);
        if top.is_empty() || !articles_wanted {
            top.truncate(want);
            return Ok(top);
        }
        let word_plan = Plan {
            terms: plan
                .terms
                .iter()
                .filter(|(t, _)| t.field() != self.fields.article_number)
                .cloned()
                .collect(),
            ..Plan::default()
        };
        let parents = self.parent_keys(searcher, top.iter().map(|(_, a)| *a))?;
        let mut candidates: Vec<&str> = parents.iter().flatten().map(String::as_str).collect();
        candidates.sort_unstable();
        candidates.dedup();
        if word_plan.is_empty() || candidates.is_empty() {
            top.truncate(want);
            return Ok(top);
        }
        // Only the documents of the candidates can lift them, so only those are scored: a few
        // dozen entries, where the best documents among all entries cost an intersection with
        // every document of the index.
        let of_candidates: Vec<(Occur, Box<dyn Query>)> = candidates
            .iter()
            .map(|k| {
                let term = Term::from_field_text(self.fields.key, k);
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        let documents_query = BooleanQuery::new(vec![
            (Occur::Must, word_plan.query(&self.fields)),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(of_candidates)),
                    0.0,
                )),
            ),
        ]);
        let documents = searcher.search(
            &documents_query,
            &TopDocs::with_limit(PRIOR_DOCUMENTS).order_by_score(),
        )?;
        let Some(&(best_doc, _)) = documents.first() else {
            top.truncate(want);
            return Ok(top);
        };
        let mut prior: HashMap<String, f32> = HashMap::new();
        for (score, address) in &documents {
            let doc: TantivyDocument = searcher.doc(*address)?;
            if let Some(key) = text_value(&doc, self.fields.key) {
                prior.insert(key, score / best_doc);
            }
        }
        let best_article = top[0].0;
        for ((score, _), parent) in top.iter_mut().zip(&parents) {
            if let Some(p) = parent.as_ref().and_then(|p| prior.get(p)) {
                *score += W_DOCUMENT_PRIOR * best_article * p;
            }
        }
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(want);
        Ok(top)
    }

    /// The `depth` best entries for the words among those the filters allow. Tantivy prunes
    /// a pure union of terms (block-max WAND) but scores every allowed entry of a filtered
    /// one, which at a million articles is most of the time spent. So a filtered query first
    /// takes the `wide` best unfiltered entries and keeps those the filters allow: the same
    /// answer whenever `depth` of them pass (or every match was taken), and the filtered
    /// query runs only when too few do.
    fn top_by_score(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        filters: &Filters,
        depth: usize,
    ) -> Result<Vec<(f32, DocAddress)>, SearchError> {
        if plan.terms.len() <= FIRST_PASS_TERMS || searcher.num_docs() < MIN_ENTRIES_FOR_FIRST_PASS
        {
            return self.top_by_score_of(searcher, plan, filters, depth);
        }
        let first = plan.strongest(searcher, &self.fields, FIRST_PASS_TERMS);
        let candidates =
            self.top_by_score_of(searcher, &first, filters, depth * FIRST_PASS_DEPTH)?;
        let mut top = rescore(searcher, plan.query(&self.fields).as_ref(), candidates)?;
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(depth);
        Ok(top)
    }

    fn top_by_score_of(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        filters: &Filters,
        depth: usize,
    ) -> Result<Vec<(f32, DocAddress)>, SearchError> {
        let words = plan.query(&self.fields);
        let Some(filter) = filter_query(&self.fields, filters) else {
            return Ok(
                searcher.search(words.as_ref(), &TopDocs::with_limit(depth).order_by_score())?
            );
        };
        // Enough unfiltered entries that about twice `depth` pass; a narrow filter (a year
        // among thirty) goes straight to the filtered query, which it makes cheap.
        let share = filter_share(searcher, &filter_terms(&self.fields, filters));
        let wide = (depth as f64 * FILTER_OVERSAMPLE / share.max(f64::MIN_POSITIVE)).ceil();
        if wide <= MAX_OVERSAMPLED as f64 {
            let wide = (wide as usize).max(depth);
            let top =
                searcher.search(words.as_ref(), &TopDocs::with_limit(wide).order_by_score())?;
            let every_match_taken = top.len() < wide;
            let allowed = allowed(searcher, filter.as_ref(), &top)?;
            let kept: Vec<(f32, DocAddress)> = top
                .into_iter()
                .filter(|(_, a)| allowed.contains(a))
                .take(depth)
                .collect();
            if kept.len() >= depth || every_match_taken {
                return Ok(kept);
            }
        }
        let filtered = BooleanQuery::new(vec![(Occur::Must, words), (Occur::Must, filter)]);
        Ok(searcher.search(&filtered, &TopDocs::with_limit(depth).order_by_score())?)
    }

    /// Parent keys read from the fast field (no stored-document decompression).
    fn parent_keys(
        &self,
        searcher: &Searcher,
        addresses: impl Iterator<Item = DocAddress>,
    ) -> Result<Vec<Option<String>>, SearchError> {
        let mut columns = HashMap::new();
        let mut out = Vec::new();
        for address in addresses {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .str("parent_key")?,
                ),
            };
            let mut key = None;
            if let Some(column) = column {
                if let Some(ord) = column.term_ords(address.doc_id).next() {
                    let mut s = String::new();
                    if column.ord_to_str(ord, &mut s)? {
                        key = Some(s);
                    }
                }
            }
            out.push(key);
        }
        Ok(out)
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, plan: &Plan) -> Hit {
        let f = &self.fields;
        let body = text_value(doc, f.body_text).unwrap_or_default();
        Hit {
            key: text_value(doc, f.key).unwrap_or_default(),
            kind: text_value(doc, f.kind)
                .and_then(|k| DocKind::parse(&k))
                .unwrap_or(DocKind::Page),
            title: text_value(doc, f.title_text).unwrap_or_default(),
            url: text_value(doc, f.url).unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .and_then(number_date),
            snippet: snippet(&body, &plan.highlight),
            number_symbol: text_value(doc, f.number_symbol).filter(|s| !s.is_empty()),
            document_title: text_value(doc, f.doc_title_text).filter(|s| !s.is_empty()),
            article_number: text_value(doc, f.article_number),
            score,
            articles: Vec::new(),
        }
    }

    /// Ranked entries grouped by document, in the order of each document's best entry.
    fn group_by_document(
        &self,
        searcher: &Searcher,
        ranked: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Group>, SearchError> {
        let parents = self.parent_keys(searcher, ranked.iter().map(|(_, a)| *a))?;
        let mut groups: Vec<Group> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for ((score, address), parent) in ranked.into_iter().zip(parents) {
            let (key, is_article) = match parent {
                Some(p) => (p, true),
                None => {
                    let doc: TantivyDocument = searcher.doc(address)?;
                    (text_value(&doc, self.fields.key).unwrap_or_default(), false)
                }
            };
            let index = *by_key.entry(key.clone()).or_insert_with(|| {
                groups.push(Group {
                    key,
                    score,
                    document: None,
                    articles: Vec::new(),
                });
                groups.len() - 1
            });
            let group = &mut groups[index];
            if is_article {
                group.articles.push(address);
            } else {
                group.document = Some(address);
            }
        }
        Ok(groups)
    }

    fn document_hit(
        &self,
        searcher: &Searcher,
        group: Group,
        plan: &Plan,
    ) -> Result<Hit, SearchError> {
        let f = &self.fields;
        let document = match group.document {
            Some(a) => Some(a),
            None => searcher
                .search(
                    &TermQuery::new(
                        Term::from_field_text(f.key, &group.key),
                        IndexRecordOption::Basic,
                    ),
                    &TopDocs::with_limit(1).order_by_score(),
                )?
                .first()
                .map(|(_, a)| *a),
        };
        let mut articles = Vec::new();
        for address in group.articles.iter().take(3) {
            let doc: TantivyDocument = searcher.doc(*address)?;
            articles.push(ArticleHit {
                key: text_value(&doc, f.key).unwrap_or_default(),
                number: text_value(&doc, f.article_number).unwrap_or_default(),
                title: text_value(&doc, f.title_text).unwrap_or_default(),
                url: text_value(&doc, f.url).unwrap_or_default(),
                snippet: snippet(
                    &text_value(&doc, f.body_text).unwrap_or_default(),
                    &plan.highlight,
                ),
            });
        }
        let mut hit = match document {
            Some(a) => {
                let doc: TantivyDocument = searcher.doc(a)?;
                self.hit(&doc, group.score, plan)
            }
            // Articles indexed before their document: name the document after them.
            None => {
                let doc: TantivyDocument = searcher.doc(group.articles[0])?;
                let mut hit = self.hit(&doc, group.score, plan);
                hit.key = group.key.clone();
                hit.kind = DocKind::LegalDocument;
                hit.title = hit.document_title.clone().unwrap_or_default();
                hit.article_number = None;
                hit
            }
        };
        hit.articles = articles;
        Ok(hit)
    }

    /// Counts of the entries matching the query and filters by type, issuer, field, year,
    /// status, site and kind. Separate from [`SearchIndex::search`] so that a page of results
    /// does not wait for it.
    pub fn facets(&self, query: &SearchQuery) -> Result<Facets, SearchError> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        // Counts depend on the words and filters only, not on the page or the order.
        let key = SearchQuery {
            text: query.text.clone(),
            filters: query.filters.clone(),
            ..SearchQuery::new("")
        };
        let counts = self
            .facet_answers
            .get_or(generation, &key, || self.count_facets(&searcher, query))?;
        Ok((*counts).clone())
    }

    fn count_facets(
        &self,
        searcher: &Searcher,
        query: &SearchQuery,
    ) -> Result<Facets, SearchError> {
        let mut plan = Plan::read(&self.fields, &query.text);
        plan.leave_out_common(searcher, &self.fields);
        let Some(full) = full_query(&self.fields, &plan, &query.filters) else {
            return Ok(Facets::default());
        };
        let counts = searcher.search(full.as_ref(), &FacetCollector)?;
        let mut lists = counts.into_iter().map(|m| {
            let mut list: Vec<FacetCount> = m
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            list
        });
        let mut next = || lists.next().unwrap_or_default();
        Ok(Facets {
            doc_types: next(),
            issuers: next(),
            fields: next(),
            statuses: next(),
            sites: next(),
            kinds: next(),
            years: next(),
        })
    }
}

/// Which of `candidates` the filter (a query that scores nothing) allows: one pass over the
/// filter's matches per segment, seeking to each candidate in order.
fn allowed(
    searcher: &Searcher,
    filter: &dyn Query,
    candidates: &[(f32, DocAddress)],
) -> Result<HashSet<DocAddress>, SearchError> {
    let weight = filter.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut allowed = HashSet::new();
    matching(searcher, weight.as_ref(), candidates, |address, _| {
        allowed.insert(address);
    })?;
    Ok(allowed)
}

/// The candidates with their score under `query` (which each of them matches).
fn rescore(
    searcher: &Searcher,
    query: &dyn Query,
    candidates: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut scored = Vec::with_capacity(candidates.len());
    matching(searcher, weight.as_ref(), &candidates, |address, scorer| {
        scored.push((scorer.score(), address));
    })?;
    Ok(scored)
}

/// Calls `found` with each candidate `weight` matches and its scorer standing on it: one pass
/// per segment, seeking to the candidates in order.
fn matching(
    searcher: &Searcher,
    weight: &dyn Weight,
    candidates: &[(f32, DocAddress)],
    mut found: impl FnMut(DocAddress, &mut dyn Scorer),
) -> Result<(), SearchError> {
    let mut by_segment: HashMap<u32, Vec<DocId>> = HashMap::new();
    for (_, a) in candidates {
        by_segment.entry(a.segment_ord).or_default().push(a.doc_id);
    }
    for (segment, mut docs) in by_segment {
        docs.sort_unstable();
        docs.dedup();
        let mut scorer = weight.scorer(searcher.segment_reader(segment), 1.0)?;
        for doc in docs {
            if scorer.doc() <= doc && scorer.seek(doc) == doc {
                found(DocAddress::new(segment, doc), scorer.as_mut());
            }
        }
    }
    Ok(())
}

/// Live entries matching `query`, counted up to `limit`; true when the count is exact.
fn count_up_to(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> Result<(usize, bool), SearchError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut total = 0;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                total += 1;
                if total >= limit {
                    return Ok((total, false));
                }
            }
            doc = scorer.advance();
        }
    }
    Ok((total, true))
}

struct Group {
    key: String,
    score: f32,
    document: Option<DocAddress>,
    articles: Vec<DocAddress>,
}

fn text_value(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The string fast fields counted by [`FacetCollector`], in the order of [`Facets`]; the year
/// comes last.
const FACET_FIELDS: [&str; 6] = [
    "doc_type",
    "issuer",
    "legal_field",
    "status",
    "site",
    "kind",
];

/// Counts matching entries per value of each facet field, from the fast fields.
struct FacetCollector;

struct FacetSegment {
    columns: Vec<Option<tantivy::columnar::StrColumn>>,
    counts: Vec<Vec<u64>>,
    year: Option<tantivy::columnar::Column<u64>>,
    years: HashMap<u64, u64>,
}

type FacetFruit = Vec<HashMap<String, u64>>;

impl Collector for FacetCollector {
    type Fruit = FacetFruit;
    type Child = FacetSegment;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let fast = reader.fast_fields();
        let mut columns = Vec::new();
        let mut counts = Vec::new();
        for name in FACET_FIELDS {
            let column = fast.str(name)?;
            counts.push(vec![0; column.as_ref().map_or(0, |c| c.num_terms())]);
            columns.push(column);
        }
        Ok(FacetSegment {
            columns,
            counts,
            year: fast.column_opt::<u64>("year")?,
            years: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetFruit>) -> tantivy::Result<FacetFruit> {
        let mut total: FacetFruit = vec![HashMap::new(); FACET_FIELDS.len() + 1];
        for fruit in fruits {
            for (into, from) in total.iter_mut().zip(fruit) {
                for (value, n) in from {
                    *into.entry(value).or_default() += n;
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (column, counts) in self.columns.iter().zip(&mut self.counts) {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if let Some(n) = counts.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
        }
        if let Some(year) = &self.year {
            for y in year.values_for_doc(doc) {
                *self.years.entry(y).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> FacetFruit {
        let mut out: FacetFruit = self
            .columns
            .iter()
            .zip(self.counts)
            .map(|(column, counts)| {
                let mut m = HashMap::new();
                if let Some(column) = column {
                    for (ord, n) in counts.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                        let mut s = String::new();
                        if column.ord_to_str(ord as u64, &mut s).unwrap_or(false) && !s.is_empty() {
                            m.insert(s, n);
                        }
                    }
                }
                m
            })
            .collect();
        out.push(
            self.years
                .into_iter()
                .map(|(y, n)| (y.to_string(), n))
                .collect(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{ArticleRef, IndexUpdater, LegalMeta, SearchDoc};

    fn legal(key: &str, symbol: &str, title: &str, doc_type: &str, year: u16) -> SearchDoc {
        SearchDoc {
            key: key.into(),
            kind: DocKind::LegalDocument,
            site_ids: vec![1, 2],
            lang: "vi".into(),
            url: format!("/van-ban/{key}"),
            title: title.into(),
            body: title.into(),
            date: chrono::NaiveDate::from_ymd_opt(i32::from(year), 6, 1),
            legal: Some(LegalMeta {
                number_symbol: symbol.into(),
                document_title: title.into(),
                doc_type: doc_type.into(),
                issuers: vec!["UBND tỉnh".into()],
                fields: vec!["Đất đai".into()],
                year: Some(year),
                status: "in_force".into(),
                article: None,
                parent_key: None,
            }),
        }
    }

    fn article(parent: &SearchDoc, number: &str, heading: &str, text: &str) -> SearchDoc {
        let mut meta = parent.legal.clone().expect("legal");
        meta.article = Some(ArticleRef {
            number: number.into(),
            title: heading.into(),
        });
        meta.parent_key = Some(parent.key.clone());
        SearchDoc {
            key: format!("{}:{number}", parent.key),
            kind: DocKind::LegalArticle,
            title: heading.into(),
            body: text.into(),
            url: format!("{}#dieu-{number}", parent.url),
            legal: Some(meta),
            ..parent.clone()
        }
    }

    fn news(key: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            key: key.into(),
            kind: DocKind::News,
            site_ids: vec![2],
            lang: "vi".into(),
            url: format!("/tin-tuc/{key}"),
            title: title.into(),
            body: body.into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
            legal: None,
        }
    }

    fn sample() -> SearchIndex {
        let index = SearchIndex::in_memory().expect("index");
        let mut w: IndexUpdater = index.updater().expect("writer");
        let decision = legal(
            "legal:1",
            "17/2019/QĐ-UBND",
            "Quyết định ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh",
            "Quyết định",
            2019,
        );
        let land = legal("legal:2", "45/2013/QH13", "Luật Đất đai", "Luật", 2013);
        let docs = vec![
            article(&decision, "1", "Phạm vi điều chỉnh", "Quy chế này quy định hoạt động của Cổng thông tin điện tử tỉnh."),
            article(&decision, "5", "Cung cấp thông tin", "Cơ quan cung cấp thông tin cho Cổng thông tin điện tử đúng thời hạn."),
            article(&land, "101", "Cấp Giấy chứng nhận quyền sử dụng đất cho hộ gia đình không có giấy tờ", "Hộ gia đình, cá nhân đang sử dụng đất mà không có giấy tờ về quyền sử dụng đất thì được cấp Giấy chứng nhận."),
            article(&land, "203", "Thẩm quyền giải quyết tranh chấp đất đai", "Tranh chấp đất đai đã được hòa giải tại Ủy ban nhân dân cấp xã mà không thành thì được giải quyết."),
            news("news:1", "Bán đấu giá bàn ghế cũ", "Sở bán bàn ghế cũ của hội trường."),
            news("news:2", "Bàn giao nhà văn hóa", "Xã tổ chức bàn giao nhà văn hóa mới."),
            decision,
            land,
        ];
        for d in &docs {
            w.upsert(d).expect("upsert");
        }
        w.commit(42).expect("commit");
        index
    }

    fn keys(results: &SearchResults) -> Vec<&str> {
        results.hits.iter().map(|h| h.key.as_str()).collect()
    }

    fn search(index: &SearchIndex, text: &str) -> SearchResults {
        index.search(&SearchQuery::new(text)).expect("search")
    }

    #[test]
    fn a_number_symbol_in_the_query_ranks_its_document_first() {
        let index = sample();
        for text in [
            "17/2019/qd-ubnd",
            "qđ 17/2019",
            "quyết định 17/2019 cổng thông tin",
        ] {
            let r = search(&index, text);
            assert_eq!(
                r.hits.first().map(|h| h.key.as_str()),
                Some("legal:1"),
                "{text}: {:?}",
                keys(&r)
            );
            assert_eq!(r.symbols.len(), 1, "{text}");
        }
        let r = search(&index, "luật 45/2013");
        assert_eq!(r.hits[0].key, "legal:2");
    }

    #[test]
    fn a_bare_number_and_year_is_looked_up_as_a_number_symbol() {
        let index = sample();
        let r = search(&index, "17/2019");
        assert_eq!(keys(&r).first().copied(), Some("legal:1"), "{r:?}");
        assert_eq!(bare_number_and_year("số 17/2019"), Some("17/2019".into()));
        assert_eq!(bare_number_and_year("tháng 12/2019 nghỉ"), None);
        assert_eq!(bare_number_and_year("17/19"), None);
    }

    #[test]
    fn a_query_without_diacritics_finds_accented_text() {
        let index = sample();
        let r = search(&index, "tranh chap dat dai");
        assert_eq!(r.hits[0].key, "legal:2:203", "{:?}", keys(&r));
        assert!(
            r.hits[0]
                .snippet
                .contains("<mark>Tranh chấp đất đai</mark>"),
            "{}",
            r.hits[0].snippet
        );
    }

    #[test]
    fn a_query_with_diacritics_prefers_the_exact_spelling() {
        let index = sample();
        assert_eq!(search(&index, "bán").hits[0].key, "news:1");
        assert_eq!(search(&index, "bàn giao").hits[0].key, "news:2");
        // Without diacritics both are found.
        let r = search(&index, "ban");
        assert!(
            keys(&r).contains(&"news:1") && keys(&r).contains(&"news:2"),
            "{:?}",
            keys(&r)
        );
    }

    #[test]
    fn synonyms_and_question_words_lead_to_the_law_s_words() {
        let index = sample();
        let r = search(&index, "đất không có giấy tờ có được cấp sổ đỏ không?");
        assert_eq!(r.hits[0].key, "legal:2:101", "{:?}", keys(&r));
    }

    #[test]
    fn an_article_number_in_the_query_finds_that_article() {
        let index = sample();
        let r = search(&index, "điều 5 cổng thông tin");
        assert_eq!(r.hits[0].key, "legal:1:5", "{:?}", keys(&r));
    }

    #[test]
    fn hostile_input_never_fails_and_returns_quickly() {
        let index = sample();
        let long = "quyết định ".repeat(1_000);
        let started = std::time::Instant::now();
        for text in [
            long.as_str(),
            "",
            "   ",
            "?!.,;:()[]{}\"'",
            "\"cổng thông tin",
            "(((((",
            "AND OR NOT * ~ ^ :",
            &"1/".repeat(5_000),
            "\u{301}\u{301}",
        ] {
            let r = index.search(&SearchQuery::new(text)).expect("no error");
            assert!(r.hits.len() <= 10);
            index.facets(&SearchQuery::new(text)).expect("no error");
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(search(&index, "?!…").hits.is_empty());
    }

    #[test]
    fn filters_restrict_and_combine() {
        let index = sample();
        let mut q = SearchQuery::new("thông tin");
        q.filters.years = vec![2013];
        assert!(index.search(&q).expect("search").hits.is_empty());
        q.filters.years = vec![2019];
        q.filters.kinds = vec![DocKind::LegalArticle];
        let r = index.search(&q).expect("search");
        assert_eq!(r.total, 2);
        assert!(r.hits.iter().all(|h| h.key.starts_with("legal:1:")));
        let mut q = SearchQuery::new("");
        q.filters.doc_types = vec!["Luật".into()];
        q.filters.kinds = vec![DocKind::LegalDocument];
        assert_eq!(keys(&index.search(&q).expect("search")), ["legal:2"]);
        // The news items are on site 2 only.
        let mut q = SearchQuery::new("bàn");
        q.filters.site_id = Some(1);
        let r = index.search(&q).expect("search");
        assert!(
            r.hits.iter().all(|h| h.kind != DocKind::News),
            "{:?}",
            keys(&r)
        );
    }

    #[test]
    fn a_filter_that_few_of_the_best_pass_still_finds_its_entries_and_counts_stop() {
        // A thousand news items about land outrank the one law that mentions it once.
        let index = SearchIndex::in_memory().expect("index");
        let mut w: IndexUpdater = index.updater().expect("writer");
        for i in 0..1000 {
            let n = news(
                &format!("news:{i}"),
                "Đất đai",
                "Giao đất, thu hồi đất đai.",
            );
            w.upsert(&n).expect("upsert");
        }
        let law = legal("legal:9", "45/2013/QH13", "Luật Đất đai", "Luật", 2013);
        w.upsert(&article(
            &law,
            "1",
            "Phạm vi",
            "Luật này quy định về đất đai.",
        ))
        .expect("upsert");
        w.commit(1).expect("commit");
        let mut q = SearchQuery::new("đất đai");
        q.filters.kinds = vec![DocKind::LegalArticle];
        let r = index.search(&q).expect("search");
        assert_eq!(keys(&r), ["legal:9:1"]);
        assert_eq!((r.total, r.total_exact), (1, true));

        let searcher = index.reader.searcher();
        let plan = Plan::read(&index.fields, "đất đai");
        let words = plan.query(&index.fields);
        assert_eq!(
            count_up_to(&searcher, words.as_ref(), 100).expect("count"),
            (100, false)
        );
        assert_eq!(
            count_up_to(&searcher, words.as_ref(), 5000).expect("count"),
            (1001, true)
        );
    }

    #[test]
    fn facets_count_matches_by_value() {
        let index = sample();
        let mut q = SearchQuery::new("");
        q.filters.kinds = vec![DocKind::LegalArticle, DocKind::LegalDocument];
        let f = index.facets(&q).expect("facets");
        let count =
            |list: &[FacetCount], v: &str| list.iter().find(|c| c.value == v).map(|c| c.count);
        assert_eq!(count(&f.doc_types, "Quyết định"), Some(3));
        assert_eq!(count(&f.doc_types, "Luật"), Some(3));
        assert_eq!(count(&f.years, "2013"), Some(3));
        assert_eq!(count(&f.sites, "2"), Some(6));
        assert_eq!(count(&f.statuses, "in_force"), Some(6));
    }

    #[test]
    fn document_granularity_gives_one_hit_per_document_with_its_articles() {
        let index = sample();
        let mut q = SearchQuery::new("cổng thông tin điện tử");
        q.granularity = Granularity::Document;
        q.filters.kinds = vec![DocKind::LegalArticle, DocKind::LegalDocument];
        let r = index.search(&q).expect("search");
        assert_eq!(r.hits[0].key, "legal:1");
        assert_eq!(
            r.hits[0].title,
            "Quyết định ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh"
        );
        let numbers: Vec<&str> = r.hits[0]
            .articles
            .iter()
            .map(|a| a.number.as_str())
            .collect();
        assert!(
            numbers.contains(&"1") && numbers.contains(&"5"),
            "{numbers:?}"
        );
        assert!(r.hits[0].articles[0].snippet.contains("<mark>"));
        assert_eq!(r.hits.iter().filter(|h| h.key == "legal:1").count(), 1);
    }

    #[test]
    fn newest_first_sorts_by_date() {
        let index = sample();
        let mut q = SearchQuery::new("");
        q.filters.kinds = vec![DocKind::LegalDocument, DocKind::News];
        q.sort = Sort::Newest;
        let r = index.search(&q).expect("search");
        let dates: Vec<_> = r.hits.iter().map(|h| h.date).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);
        assert_eq!(r.total, 4);
    }

    #[test]
    fn paging_walks_through_the_results() {
        let index = sample();
        let mut q = SearchQuery::new("thông tin");
        q.per_page = 1;
        let first = index.search(&q).expect("search");
        q.page = 2;
        let second = index.search(&q).expect("search");
        assert_eq!(first.hits.len(), 1);
        assert_ne!(first.hits[0].key, second.hits[0].key);
        q.page = 10_000;
        assert!(index.search(&q).expect("search").hits.is_empty());
    }

    #[test]
    fn did_you_mean_proposes_the_accented_spelling_from_the_index() {
        let index = sample();
        let r = search(&index, "cong thong tin dien tu");
        assert_eq!(r.suggestion.as_deref(), Some("cổng thông tin điện tử"));
        assert_eq!(search(&index, "cổng thông tin").suggestion, None);
    }

    #[test]
    fn upsert_replaces_and_delete_removes() {
        let index = sample();
        let mut w = index.updater().expect("writer");
        w.upsert(&news(
            "news:1",
            "Thông báo tuyển dụng",
            "Tuyển dụng công chức",
        ))
        .expect("upsert");
        w.delete("news:2");
        w.commit(43).expect("commit");
        // Syllables match on their own (`dụng` of `sử dụng`): the pair ranks the news first.
        assert_eq!(search(&index, "tuyển dụng").hits[0].key, "news:1");
        for gone in ["bàn ghế", "bàn giao"] {
            let r = search(&index, gone);
            assert!(
                r.hits.iter().all(|h| h.kind != DocKind::News),
                "{:?}",
                keys(&r)
            );
        }
        assert_eq!(index.applied_change().expect("payload"), Some(43));
        w.delete_document_with_articles("legal:1");
        w.commit(44).expect("commit");
        assert!(search(&index, "17/2019/qd-ubnd").hits.is_empty());
    }
}
