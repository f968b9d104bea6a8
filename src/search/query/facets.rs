//! Facet counts: matching entries by type, issuer, field, year, status, site and kind.

use std::collections::{HashMap, HashSet};

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
                .map(|(value, documents)| FacetCount {
                    value,
                    count: documents.len() as u64,
                })
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

/// Counts matching documents per value of each facet field, from the fast fields. A legal
/// document matched by its own entry and by several of its articles is one document, as
/// the page's results are: the entries are counted by their group (an article's document).
struct FacetCollector;

/// The group of an entry, by the ordinal of its term in the segment: its own key, or the key
/// of the document it is an article of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    Own(u64),
    Parent(u64),
}

struct FacetSegment {
    columns: Vec<Option<tantivy::columnar::StrColumn>>,
    /// Per facet field, per value ordinal: the groups seen with it.
    groups: Vec<HashMap<u64, HashSet<Group>>>,
    year: Option<tantivy::columnar::Column<u64>>,
    years: HashMap<u64, HashSet<Group>>,
    key: Option<tantivy::columnar::StrColumn>,
    parent: Option<tantivy::columnar::StrColumn>,
}

/// Per facet field (the year last), per value: the keys of the documents matched with it.
type FacetFruit = Vec<HashMap<String, HashSet<String>>>;

impl Collector for FacetCollector {
    type Fruit = FacetFruit;
    type Child = FacetSegment;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let fast = reader.fast_fields();
        let mut columns = Vec::new();
        for name in FACET_FIELDS {
            columns.push(fast.str(name)?);
        }
        Ok(FacetSegment {
            groups: vec![HashMap::new(); columns.len()],
            columns,
            year: fast.column_opt::<u64>("year")?,
            years: HashMap::new(),
            key: fast.str("key")?,
            parent: fast.str("parent_key")?,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetFruit>) -> tantivy::Result<FacetFruit> {
        let mut total: FacetFruit = vec![HashMap::new(); FACET_FIELDS.len() + 1];
        for fruit in fruits {
            for (into, from) in total.iter_mut().zip(fruit) {
                for (value, groups) in from {
                    into.entry(value).or_default().extend(groups);
                }
            }
        }
        Ok(total)
    }
}

impl FacetSegment {
    fn group(&self, doc: DocId) -> Option<Group> {
        let first = |column: &Option<tantivy::columnar::StrColumn>| {
            column.as_ref().and_then(|c| c.term_ords(doc).next())
        };
        first(&self.parent)
            .map(Group::Parent)
            .or_else(|| first(&self.key).map(Group::Own))
    }

    /// The key a group stands for.
    fn key_of(&self, group: Group) -> Option<String> {
        let (column, ord) = match group {
            Group::Own(o) => (&self.key, o),
            Group::Parent(o) => (&self.parent, o),
        };
        let mut s = String::new();
        let found = column.as_ref()?.ord_to_str(ord, &mut s).unwrap_or(false);
        (found && !s.is_empty()).then_some(s)
    }

    fn keys(&self, groups: HashSet<Group>) -> HashSet<String> {
        groups.into_iter().filter_map(|g| self.key_of(g)).collect()
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(group) = self.group(doc) else {
            return;
        };
        for (column, groups) in self.columns.iter().zip(&mut self.groups) {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    groups.entry(ord).or_default().insert(group);
                }
            }
        }
        if let Some(year) = &self.year {
            for y in year.values_for_doc(doc) {
                self.years.entry(y).or_default().insert(group);
            }
        }
    }

    fn harvest(mut self) -> FacetFruit {
        let per_field = std::mem::take(&mut self.groups);
        let mut out: FacetFruit = Vec::with_capacity(per_field.len() + 1);
        for (column, groups) in self.columns.iter().zip(per_field) {
            let mut m = HashMap::new();
            if let Some(column) = column {
                for (ord, seen) in groups {
                    let mut s = String::new();
                    if column.ord_to_str(ord, &mut s).unwrap_or(false) && !s.is_empty() {
                        m.insert(s, self.keys(seen));
                    }
                }
            }
            out.push(m);
        }
        let years = std::mem::take(&mut self.years);
        out.push(
            years
                .into_iter()
                .map(|(y, seen)| (y.to_string(), self.keys(seen)))
                .collect(),
        );
        out
    }
}
