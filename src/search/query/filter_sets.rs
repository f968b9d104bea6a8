//! The entries a filter allows, one bit set per segment, remembered.
//!
//! Every citizen's question through the API carries the same filter (`kind=legal`, in
//! Vietnamese), and counting its matches walked that filter's every entry again: a seventh of
//! a question's time (profile of the questions mix, shared law corpus). A segment never
//! changes once written, so the entries a filter allows in it do not either; deletions are
//! applied by the alive bit set, as for every match.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{BitSet, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::super::index::Fields;
use super::plan::{filter_terms, terms_filter};
use super::Filters;

/// Bit sets kept at most: a bit per entry each (125 KB a segment at a million entries).
/// When full, the sets are forgotten and rebuilt as asked, so no run of distinct filters
/// grows the memory.
const KEPT: usize = 64;

/// A filter as the lists of alternative terms it requires (see [`filter_terms`]).
type FilterKey = Vec<Vec<Term>>;

/// The remembered bit sets, by segment and filter.
#[derive(Default)]
pub(crate) struct FilterSets {
    pub(super) sets: Mutex<HashMap<(SegmentId, FilterKey), Arc<BitSet>>>,
}

impl FilterSets {
    /// The filter of `filters` over `searcher`'s segments; `None` when nothing is filtered.
    pub(super) fn of<'a>(
        &'a self,
        searcher: &Searcher,
        fields: &Fields,
        filters: &Filters,
    ) -> Result<Option<Allowed<'a>>, tantivy::TantivyError> {
        let key = filter_terms(fields, filters);
        let Some(query) = terms_filter(&key) else {
            return Ok(None);
        };
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        Ok(Some(Allowed {
            sets: self,
            key,
            query,
            weight,
        }))
    }

    fn remembered(&self, key: &(SegmentId, FilterKey)) -> Option<Arc<BitSet>> {
        self.sets.lock().ok()?.get(key).cloned()
    }

    fn remember(&self, key: (SegmentId, FilterKey), set: Arc<BitSet>) {
        if let Ok(mut sets) = self.sets.lock() {
            if sets.len() >= KEPT {
                sets.clear();
            }
            sets.insert(key, set);
        }
    }
}

/// One filter, ready to tell which entries of a segment it allows.
pub(crate) struct Allowed<'a> {
    sets: &'a FilterSets,
    key: FilterKey,
    query: Box<dyn Query>,
    weight: Box<dyn Weight>,
}

impl Allowed<'_> {
    /// The filter's lists of alternative terms.
    pub(super) fn terms(&self) -> &[Vec<Term>] {
        &self.key
    }

    /// The filter as a query that scores nothing.
    pub(super) fn query(&self) -> Box<dyn Query> {
        self.query.box_clone()
    }

    /// The entries of the segment the filter allows (deleted ones included).
    pub(super) fn in_segment(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let key = (reader.segment_id(), self.key.clone());
        if let Some(set) = self.sets.remembered(&key) {
            return Ok(set);
        }
        let mut set = BitSet::with_max_value(reader.max_doc());
        let mut scorer = self.weight.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            set.insert(doc);
            doc = scorer.advance();
        }
        let set = Arc::new(set);
        self.sets.remember(key, set.clone());
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_run_of_distinct_filters_keeps_more_than_its_bound() {
        let sets = FilterSets::default();
        let field = tantivy::schema::Field::from_field_id(0);
        for year in 0..(3 * KEPT as u64) {
            let key = (
                SegmentId::generate_random(),
                vec![vec![Term::from_field_u64(field, year)]],
            );
            sets.remember(key.clone(), Arc::new(BitSet::with_max_value(8)));
            assert!(sets.remembered(&key).is_some(), "the last one is kept");
            assert!(sets.sets.lock().expect("lock").len() <= KEPT);
        }
    }
}
