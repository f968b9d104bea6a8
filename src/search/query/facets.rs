//! Facet counts: matching entries by type, issuer, field, year, status, site and kind.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, Searcher, SegmentReader};

use super::super::index::SearchIndex;
use super::super::SearchError;
use super::plan::{full_query, Plan};
use super::{FacetCount, Facets, SearchQuery};

impl SearchIndex {
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
        if super::is_too_long(&query.text) {
            return Ok(Facets::default());
        }
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
