//! Ranking: the best entries by score under the filters, re-ranked with the evidence of
//! their documents; counting matches.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{BitSet, DocAddress, DocId, DocSet, Searcher, Term, TERMINATED};

use super::super::index::{SearchIndex, DOC_FAMILY, PARENT_FAMILY};
use super::super::SearchError;
use super::filter_sets::Allowed;
use super::plan::{filter_share, Plan};
use super::top::{top_by_score, Top};
use super::{Filters, Granularity};

/// Candidates re-ranked with the document-level evidence.
const RERANK_DEPTH: usize = 100;
/// A filtered query first takes enough of the unfiltered ranking for this many times the
/// entries it needs to pass the filters, up to [`MAX_OVERSAMPLED`] (see
/// [`SearchIndex::top_by_score`]). At a million articles, ranking 2,000 unfiltered entries
/// cost more than the filtered query (p99 24 ms against 12 ms with 1,000).
const FILTER_OVERSAMPLE: f64 = 2.0;
const MAX_OVERSAMPLED: usize = 1000;
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
/// Share of the best article's score given to articles of the best-matching document.
const W_DOCUMENT_PRIOR: f32 = 0.2;
/// Documents whose articles get the prior (among those of the candidates).
const PRIOR_DOCUMENTS: usize = 3;

impl SearchIndex {
    /// The best `want` entries by relevance, re-ranked with the document-level evidence: the
    /// articles of the documents whose title and table of contents best match the query get a
    /// share of the best article's score (a question about `nghỉ phép năm` is about the
    /// Labour Code). With them, when `count` asks, how many entries matched (if the ranking
    /// could count them: see [`Top::matches`]).
    pub(super) fn ranked(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        filters: &Filters,
        want: usize,
        granularity: Granularity,
    ) -> Result<Top, SearchError> {
        let depth = want.max(RERANK_DEPTH);
        // Grouped results are counted as documents, not as matching entries.
        let per_article = granularity == Granularity::Article;
        let mut found = self.top_by_score(searcher, plan, filters, depth, per_article)?;
        if per_article {
            self.lift_by_document(searcher, plan, filters, want, &mut found.best)?;
        } else {
            // Grouped, a document is ranked by its own entry (its title, type, number-symbol)
            // as well as its articles: the prior would count that evidence twice.
            found.best.truncate(want);
        }
        Ok(found)
    }

    /// Re-ranks `top` with the evidence of the candidates' documents and keeps the best `want`.
    fn lift_by_document(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        filters: &Filters,
        want: usize,
        top: &mut Vec<(f32, DocAddress)>,
    ) -> Result<(), SearchError> {
        // A question about a subject is answered by the article that matches it, not by the
        // neighbours of the best-matching law's articles.
        if top.is_empty() || !filters.wants_articles() || !plan.names_document {
            top.truncate(want);
            return Ok(());
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
        let mut parent_families = Families::new(searcher, PARENT_FAMILY);
        let parents: Vec<Option<u64>> = top
            .iter()
            .map(|(_, a)| parent_families.of(*a))
            .collect::<Result<_, _>>()?;
        let mut candidates: Vec<u64> = parents.iter().flatten().copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        if word_plan.is_empty() || candidates.is_empty() {
            top.truncate(want);
            return Ok(());
        }
        // Only the documents of the candidates can lift them, so only those are scored: a few
        // dozen entries, where the best documents among all entries cost an intersection with
        // every document of the index.
        let of_candidates: Vec<(Occur, Box<dyn Query>)> = candidates
            .iter()
            .map(|f| {
                let term = Term::from_field_u64(self.fields.doc_family, *f);
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
            return Ok(());
        };
        let mut prior: HashMap<u64, f32> = HashMap::new();
        let mut doc_families = Families::new(searcher, DOC_FAMILY);
        for (score, address) in &documents {
            if let Some(family) = doc_families.of(*address)? {
                prior.insert(family, score / best_doc);
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
        Ok(())
    }

    /// The `depth` best entries for the words among those the filters allow. Tantivy prunes
    /// a pure union of terms (block-max WAND) but scores every allowed entry of a filtered
    /// one, which at a million articles is most of the time spent. So a filtered query first
    /// takes the `wide` best unfiltered entries and keeps those the filters allow: the same
    /// answer whenever `depth` of them pass (or every match was taken), and the filtered
    /// query runs only when too few do.
    pub(super) fn top_by_score(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        filters: &Filters,
        depth: usize,
        count: bool,
    ) -> Result<Top, SearchError> {
        if plan.terms.len() <= FIRST_PASS_TERMS || searcher.num_docs() < MIN_ENTRIES_FOR_FIRST_PASS
        {
            return self.top_allowed(searcher, plan.query(&self.fields), filters, depth, count);
        }
        let first = plan.strongest(searcher, &self.fields, FIRST_PASS_TERMS);
        let first = first.query(&self.fields);
        let candidates =
            self.top_allowed(searcher, first, filters, depth * FIRST_PASS_DEPTH, false)?;
        let mut top = rescore(searcher, plan.query(&self.fields).as_ref(), candidates.best)?;
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(depth);
        // The first pass matched fewer terms than the query: its count is not the query's.
        Ok(Top {
            best: top,
            matches: None,
        })
    }

    /// The `depth` best entries for `words` among those the filters allow, and their count
    /// when `count` asks (counting past the filters reads the filter's every entry, which a
    /// page grouped by document does not need).
    fn top_allowed(
        &self,
        searcher: &Searcher,
        words: Box<dyn Query>,
        filters: &Filters,
        depth: usize,
        count: bool,
    ) -> Result<Top, SearchError> {
        let Some(allowed) = self.filter_sets.of(searcher, &self.fields, filters)? else {
            return top_by_score(searcher, words.as_ref(), depth, None);
        };
        // Enough unfiltered entries that about twice `depth` pass; a narrow filter (a year
        // among thirty) goes straight to the filtered query, which it makes cheap.
        let share = filter_share(searcher, allowed.terms());
        let wide = (depth as f64 * FILTER_OVERSAMPLE / share.max(f64::MIN_POSITIVE)).ceil();
        if wide <= MAX_OVERSAMPLED as f64 {
            let wide = (wide as usize).max(depth);
            let counted = count.then_some(&allowed);
            let top = top_by_score(searcher, words.as_ref(), wide, counted)?;
            let every_match_taken = top.best.len() < wide;
            let kept: Vec<(f32, DocAddress)> = keep_allowed(searcher, &allowed, top.best)?
                .into_iter()
                .take(depth)
                .collect();
            if kept.len() >= depth || every_match_taken {
                return Ok(Top {
                    best: kept,
                    // Without the filter, the count would be of every entry the words match.
                    matches: top.matches.filter(|_| count),
                });
            }
        }
        let filtered =
            BooleanQuery::new(vec![(Occur::Must, words), (Occur::Must, allowed.query())]);
        top_by_score(searcher, &filtered, depth, None)
    }
}

/// The [`family`](super::super::index::family) of entries, read from a numeric fast field
/// (`doc_family` on a legal document's own entry, `parent_family` on its articles): a number
/// per entry, where spelling their keys out of the dictionary was a tenth of a short query.
pub(super) struct Families<'a> {
    searcher: &'a Searcher,
    field: &'static str,
    columns: HashMap<u32, Option<Column<u64>>>,
}

impl<'a> Families<'a> {
    pub(super) fn new(searcher: &'a Searcher, field: &'static str) -> Self {
        Families {
            searcher,
            field,
            columns: HashMap::new(),
        }
    }

    /// The entry's family in this field, if it has one.
    pub(super) fn of(&mut self, address: DocAddress) -> Result<Option<u64>, SearchError> {
        let column = match self.columns.entry(address.segment_ord) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(
                self.searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .column_opt::<u64>(self.field)?,
            ),
        };
        Ok(column.as_ref().and_then(|c| c.first(address.doc_id)))
    }
}

/// The candidates the filter allows, in their order.
fn keep_allowed(
    searcher: &Searcher,
    allowed: &Allowed,
    candidates: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let mut sets: HashMap<u32, Arc<BitSet>> = HashMap::new();
    let mut kept = Vec::with_capacity(candidates.len());
    for (score, address) in candidates {
        let set = match sets.entry(address.segment_ord) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                e.insert(allowed.in_segment(searcher.segment_reader(address.segment_ord))?)
            }
        };
        if set.contains(address.doc_id) {
            kept.push((score, address));
        }
    }
    Ok(kept)
}

/// The candidates with their score under `query` (which each of them matches).
pub(super) fn rescore(
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
pub(super) fn matching(
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
pub(super) fn count_up_to(
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
