//! A union of weighted terms that, when every match is scored, adds up the terms' scores one
//! term at a time.
//!
//! Tantivy scores a union a document at a time: it merges the terms' postings in windows,
//! marking each entry in a bit set and its score in a buffer, then walks the bit set. A
//! citizen's question is a union of dozens of terms over a few thousand entries, and that
//! merge was a fifth of its time (profile of the questions mix, shared law corpus). Adding
//! each term's postings straight into one array of scores, indexed by entry, does the same
//! sums with one tight loop per term. The ordinary union still serves everything else:
//! pruning (block-max WAND, at a million entries), seeking to candidates, and counting.

use std::sync::Arc;

use tantivy::query::{
    BooleanWeight, BoostWeight, EnableScoring, Explanation, Occur, Query, Scorer, SumCombiner,
    TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

/// Entries of a segment above which the union is scored as tantivy does: the arrays are a
/// score and a flag per entry, and at a million entries the ranking prunes instead.
const TERM_AT_A_TIME_UP_TO: u32 = 1 << 17;

/// Terms, their weights and what their postings record.
#[derive(Debug, Clone)]
pub(super) struct TermUnion {
    terms: Vec<(Term, Score, IndexRecordOption)>,
}

impl TermUnion {
    pub(super) fn new(terms: Vec<(Term, Score, IndexRecordOption)>) -> TermUnion {
        TermUnion { terms }
    }
}

impl Query for TermUnion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut terms = Vec::with_capacity(self.terms.len());
        for (term, boost, option) in &self.terms {
            let weight = TermQuery::new(term.clone(), *option).specialized_weight(scoring)?;
            let weight: Arc<dyn Weight> = Arc::new(weight);
            terms.push((weight, *boost));
        }
        let clauses = terms
            .iter()
            .map(|(weight, boost)| {
                let shared: Box<dyn Weight> = Box::new(Shared(weight.clone()));
                let w: Box<dyn Weight> = Box::new(BoostWeight::new(shared, *boost));
                (Occur::Should, w)
            })
            .collect();
        // As `BooleanQuery::new` makes it for clauses that are all `Should`.
        let union = BooleanWeight::with_minimum_number_should_match(
            clauses,
            1,
            scoring.is_scoring_enabled(),
            Box::new(SumCombiner::default),
        );
        Ok(Box::new(TermUnionWeight {
            terms,
            union,
            scoring: scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _, _) in &self.terms {
            visitor(term, false);
        }
    }
}

struct TermUnionWeight {
    terms: Vec<(Arc<dyn Weight>, Score)>,
    union: BooleanWeight<SumCombiner>,
    scoring: bool,
}

impl Weight for TermUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.union.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.union.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.union.count(reader)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.union.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.union.for_each_pruning(threshold, reader, callback)
    }

    /// Every match with its score, in the order of the entries.
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let entries = reader.max_doc();
        if !self.scoring || entries > TERM_AT_A_TIME_UP_TO || self.terms.len() < 2 {
            return self.union.for_each(reader, callback);
        }
        let mut scores = vec![0.0 as Score; entries as usize];
        let mut matched = vec![false; entries as usize];
        for (weight, boost) in &self.terms {
            weight.for_each(reader, &mut |doc, score| {
                let i = doc as usize;
                scores[i] += score * boost;
                matched[i] = true;
            })?;
        }
        for (doc, score) in scores.iter().enumerate() {
            if matched[doc] {
                callback(doc as DocId, *score);
            }
        }
        Ok(())
    }
}

/// A term's weight shared between the union and the sums, built once (its statistics read
/// once from the term dictionary).
struct Shared(Arc<dyn Weight>);

impl Weight for Shared {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{BooleanQuery, BoostQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    /// Every match and its score, as a collector that scores every match receives them.
    fn every_match(index: &Index, query: &dyn Query) -> Vec<(DocId, Score)> {
        let searcher = index.reader().expect("reader").searcher();
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .expect("weight");
        let mut found = Vec::new();
        for reader in searcher.segment_readers() {
            weight
                .for_each(reader, &mut |doc, score| found.push((doc, score)))
                .expect("for_each");
        }
        found
    }

    #[test]
    fn term_at_a_time_finds_what_the_union_finds_with_the_same_scores() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let title = schema.add_text_field("title", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("w");
        let texts = [
            ("đất đai", "giao đất thu hồi đất"),
            ("lao động", "hợp đồng lao động"),
            ("", "đất ở và đất nông nghiệp đất"),
            ("thuế", "thuế đất"),
            ("", "không liên quan"),
        ];
        for _ in 0..40 {
            for (t, b) in texts {
                writer
                    .add_document(doc!(title => t, body => b))
                    .expect("add");
            }
        }
        writer.commit().expect("commit");
        let with_freqs = IndexRecordOption::WithFreqs;
        let terms: Vec<(Term, Score, IndexRecordOption)> = [
            (body, "đất", 1.0, with_freqs),
            (title, "đất", 1.5, with_freqs),
            (body, "lao", 0.3, with_freqs),
            (body, "thuế", 2.0, IndexRecordOption::Basic),
            (body, "vắng", 1.0, with_freqs),
        ]
        .into_iter()
        .map(|(field, text, w, o)| (Term::from_field_text(field, text), w, o))
        .collect();
        let boolean = BooleanQuery::new(
            terms
                .iter()
                .map(|(t, w, o)| {
                    let q: Box<dyn Query> =
                        Box::new(BoostQuery::new(Box::new(TermQuery::new(t.clone(), *o)), *w));
                    (Occur::Should, q)
                })
                .collect(),
        );
        let expected = every_match(&index, &boolean);
        let found = every_match(&index, &TermUnion::new(terms));
        assert_eq!(found.len(), 160, "the unrelated entries do not match");
        assert_eq!(
            found.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
            expected.iter().map(|(d, _)| *d).collect::<Vec<_>>()
        );
        for ((doc, a), (_, b)) in found.iter().zip(&expected) {
            assert!(
                (a - b).abs() <= 1e-5 * b.abs(),
                "entry {doc}: {a} against {b}"
            );
        }
    }
}
