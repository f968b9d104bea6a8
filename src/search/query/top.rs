//! The best entries by score, choosing how to find them by the size of the index.
//!
//! Tantivy's `TopDocs` prunes a union of terms with block-max WAND, which pays per candidate
//! for keeping its term cursors sorted. A citizen's question is a union of dozens of terms
//! (syllables, pairs, title and body, synonyms): on the 18,500 entries of a province with the
//! national laws, WAND spent more than half of a question's time sorting those cursors. Scoring
//! every match instead walks each term's postings once, which at that size is a few thousand
//! postings. At a million entries the first pass keeps only a few strong terms (see
//! `rank::FIRST_PASS_TERMS`) and pruning wins again.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::Query;
use tantivy::{BitSet, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::super::SearchError;
use super::filter_sets::Allowed;

/// Below this many entries every match is scored rather than pruned (measured on the shared
/// law corpus, 18,500 entries: a question's ranking went from ~3.6 ms to under 1 ms of CPU).
pub(super) const SCORE_EVERY_MATCH_BELOW: u64 = 100_000;

/// The best entries found, and how many entries matched when every match was visited.
pub(super) struct Top {
    /// Best first; equal scores in index order.
    pub(super) best: Vec<(f32, DocAddress)>,
    /// The matches among those `counted` allows (see [`top_by_score`]); none when pruning
    /// skipped some.
    pub(super) matches: Option<usize>,
}

/// The `limit` best entries for `query`, best first; equal scores in index order. When every
/// match is scored, they are counted in the same pass (those `counted` allows, when given):
/// counting them again afterwards was a fifth of a citizen's question.
pub(super) fn top_by_score(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
    counted: Option<&Allowed>,
) -> Result<Top, SearchError> {
    if searcher.num_docs() < SCORE_EVERY_MATCH_BELOW {
        let (best, matches) = searcher.search(query, &EveryMatch { limit, counted })?;
        Ok(Top {
            best,
            matches: Some(matches),
        })
    } else {
        Ok(Top {
            best: searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?,
            matches: None,
        })
    }
}

/// Scores every match and keeps the best `limit` (a bounded heap per segment), counting the
/// matches `counted` allows.
struct EveryMatch<'a> {
    limit: usize,
    counted: Option<&'a Allowed<'a>>,
}

/// An entry in the heap: the worst on top (lowest score; for equal scores, the later entry).
#[derive(Clone, Copy)]
struct Scored {
    score: Score,
    address: DocAddress,
}

impl Scored {
    fn better_than(&self, other: &Scored) -> bool {
        self.cmp(other) == Ordering::Greater
    }
}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Scored {}

struct SegmentTop {
    segment: SegmentOrdinal,
    limit: usize,
    worst_first: BinaryHeap<Reverse<Scored>>,
    /// The entries of the segment that count; all when none.
    counted: Option<Arc<BitSet>>,
    matches: usize,
}

impl Collector for EveryMatch<'_> {
    type Fruit = (Vec<(f32, DocAddress)>, usize);
    type Child = SegmentTop;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTop> {
        let counted = self
            .counted
            .map(|allowed| allowed.in_segment(reader))
            .transpose()?;
        Ok(SegmentTop {
            segment,
            limit: self.limit,
            worst_first: BinaryHeap::with_capacity(self.limit.min(1024) + 1),
            counted,
            matches: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        segments: Vec<(Vec<(f32, DocAddress)>, usize)>,
    ) -> tantivy::Result<Self::Fruit> {
        let matches = segments.iter().map(|(_, n)| n).sum();
        let mut all: Vec<Scored> = segments
            .into_iter()
            .flat_map(|(best, _)| best)
            .map(|(score, address)| Scored { score, address })
            .collect();
        all.sort_unstable_by(|a, b| b.cmp(a));
        all.truncate(self.limit);
        Ok((
            all.into_iter().map(|s| (s.score, s.address)).collect(),
            matches,
        ))
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = (Vec<(f32, DocAddress)>, usize);

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.counted.as_ref().is_none_or(|set| set.contains(doc)) {
            self.matches += 1;
        }
        let entry = Scored {
            score,
            address: DocAddress::new(self.segment, doc),
        };
        if self.worst_first.len() < self.limit {
            self.worst_first.push(Reverse(entry));
        } else if let Some(mut worst) = self.worst_first.peek_mut() {
            if entry.better_than(&worst.0) {
                *worst = Reverse(entry);
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut best: Vec<Scored> = self.worst_first.into_iter().map(|r| r.0).collect();
        best.sort_unstable_by(|a, b| b.cmp(a));
        let best = best.into_iter().map(|s| (s.score, s.address)).collect();
        (best, self.matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(score: f32, doc: u32) -> Scored {
        Scored {
            score,
            address: DocAddress::new(0, doc),
        }
    }

    #[test]
    fn a_segment_keeps_the_best_and_breaks_ties_by_index_order() {
        let mut top = SegmentTop {
            segment: 0,
            limit: 3,
            worst_first: BinaryHeap::new(),
            counted: None,
            matches: 0,
        };
        for (doc, score) in [(0, 1.0), (1, 5.0), (2, 3.0), (3, 5.0), (4, 0.5), (5, 3.0)] {
            top.collect(doc, score);
        }
        let (best, matches) = top.harvest();
        let docs: Vec<u32> = best.iter().map(|(_, a)| a.doc_id).collect();
        assert_eq!(docs, [1, 3, 2]);
        assert_eq!(matches, 6);
        assert!(scored(2.0, 7).better_than(&scored(1.0, 1)));
        assert!(scored(2.0, 1).better_than(&scored(2.0, 7)));
    }

    #[test]
    fn nothing_is_kept_when_nothing_is_wanted() {
        let mut top = SegmentTop {
            segment: 0,
            limit: 0,
            worst_first: BinaryHeap::new(),
            counted: Some(Arc::new(BitSet::with_max_value(4))),
            matches: 0,
        };
        top.collect(1, 1.0);
        assert_eq!(top.harvest(), (Vec::new(), 0));
    }
}
