//! Facet counts: matching entries by type, issuer, field, year, status, site and kind.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, Searcher, SegmentReader};

use super::super::index::{SearchIndex, DOC_FAMILY, PARENT_FAMILY};
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

/// What a matching entry counts as: its legal document (the document's own entry and its
/// articles share the family number of their fast fields), or itself (by its key's ordinal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    Family(u64),
    Own(u64),
}

/// A group as merged across segments: families are numbers everywhere, other entries are
/// named by their key. Spelling every family's key out of the dictionary took 1.7 s per
/// query at a million articles (ordinals to terms).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Member {
    Family(u64),
    Key(String),
}

struct FacetSegment {
    columns: Vec<Option<tantivy::columnar::StrColumn>>,
    /// Per facet field, per value ordinal: the groups seen with it.
    groups: Vec<HashMap<u64, HashSet<Group>>>,
    year: Option<tantivy::columnar::Column<u64>>,
    years: HashMap<u64, HashSet<Group>>,
    key: Option<tantivy::columnar::StrColumn>,
    parent_family: Option<tantivy::columnar::Column<u64>>,
    doc_family: Option<tantivy::columnar::Column<u64>>,
    /// The group of the previous entry and the values already counted for it: a law's
    /// articles lie together and share most values, so each is counted once per run.
    run: Option<Group>,
    run_values: Vec<Vec<u64>>,
}

/// Per facet field (the year last), per value: the documents matched with it.
type FacetFruit = Vec<HashMap<String, HashSet<Member>>>;

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
            parent_family: fast.column_opt::<u64>(PARENT_FAMILY)?,
            doc_family: fast.column_opt::<u64>(DOC_FAMILY)?,
            run: None,
            run_values: vec![Vec::new(); FACET_FIELDS.len() + 1],
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
        let family = |column: &Option<tantivy::columnar::Column<u64>>| {
            column.as_ref().and_then(|c| c.first(doc))
        };
        family(&self.parent_family)
            .or_else(|| family(&self.doc_family))
            .map(Group::Family)
            .or_else(|| {
                let key = self.key.as_ref()?;
                key.term_ords(doc).next().map(Group::Own)
            })
    }

    /// The group as merged across segments (a key spelt only for an entry of another kind).
    fn member(&self, group: Group) -> Option<Member> {
        match group {
            Group::Family(f) => Some(Member::Family(f)),
            Group::Own(ord) => {
                let mut s = String::new();
                let found = self.key.as_ref()?.ord_to_str(ord, &mut s).unwrap_or(false);
                (found && !s.is_empty()).then_some(Member::Key(s))
            }
        }
    }

    fn members(&self, groups: HashSet<Group>) -> HashSet<Member> {
        groups.into_iter().filter_map(|g| self.member(g)).collect()
    }
}

/// Whether `value` is new among the values of the current run of one group's entries.
fn first_in_run(seen: &mut Vec<u64>, value: u64) -> bool {
    if seen.contains(&value) {
        return false;
    }
    seen.push(value);
    true
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(group) = self.group(doc) else {
            return;
        };
        if self.run != Some(group) {
            self.run = Some(group);
            self.run_values.iter_mut().for_each(Vec::clear);
        }
        let FacetSegment {
            columns,
            groups,
            year,
            years,
            run_values,
            ..
        } = self;
        let Some((run_years, run_values)) = run_values.split_last_mut() else {
            return;
        };
        for ((column, groups), seen) in columns.iter().zip(groups.iter_mut()).zip(run_values) {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if first_in_run(seen, ord) {
                        groups.entry(ord).or_default().insert(group);
                    }
                }
            }
        }
        if let Some(year) = year {
            for y in year.values_for_doc(doc) {
                if first_in_run(run_years, y) {
                    years.entry(y).or_default().insert(group);
                }
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
                        m.insert(s, self.members(seen));
                    }
                }
            }
            out.push(m);
        }
        let years = std::mem::take(&mut self.years);
        out.push(
            years
                .into_iter()
                .map(|(y, seen)| (y.to_string(), self.members(seen)))
                .collect(),
        );
        out
    }
}
