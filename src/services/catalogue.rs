//! Browsing the catalogue: the filters a citizen narrows the list with (field, agency, level
//! of government, online level), the counts shown beside each value, and paging. Pure: it
//! works on the summaries the store loads for a site and language.

use std::collections::HashMap;

use serde::Serialize;

use super::record::{GovLevel, OnlineLevel};
use crate::text::fold;

/// One procedure in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureSummary {
    pub id: i32,
    pub site_id: i32,
    pub lang: String,
    pub slug: String,
    pub code: String,
    pub name: String,
    pub gov_level: GovLevel,
    pub field: String,
    pub agency: String,
    pub online_level: OnlineLevel,
    pub legacy_level: Option<i32>,
}

/// What a list is narrowed by; every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub field: Option<String>,
    pub agency: Option<String>,
    pub gov_level: Option<GovLevel>,
    pub online_level: Option<OnlineLevel>,
}

/// The folded key fields and agencies are matched by (they are typed many ways).
pub fn facet_key(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Filters {
    fn keeps(&self, p: &ProcedureSummary) -> bool {
        self.field
            .as_ref()
            .is_none_or(|f| facet_key(f) == facet_key(&p.field))
            && self
                .agency
                .as_ref()
                .is_none_or(|a| facet_key(a) == facet_key(&p.agency))
            && self.gov_level.is_none_or(|l| l == p.gov_level)
            && self.online_level.is_none_or(|l| l == p.online_level)
    }
}

/// The values a list can be narrowed to, each with how many procedures have it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub fields: Vec<(String, usize)>,
    pub agencies: Vec<(String, usize)>,
    pub gov_levels: Vec<(GovLevel, usize)>,
    pub online_levels: Vec<(OnlineLevel, usize)>,
}

/// A page of a list, the number matching in all and the facets of the whole catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    pub items: Vec<ProcedureSummary>,
    pub total: usize,
    pub facets: Facets,
}

/// Counts every value of the catalogue, most frequent first.
pub fn facets(all: &[ProcedureSummary]) -> Facets {
    let mut fields: HashMap<&str, usize> = HashMap::new();
    let mut agencies: HashMap<&str, usize> = HashMap::new();
    let mut levels: HashMap<GovLevel, usize> = HashMap::new();
    let mut online: HashMap<OnlineLevel, usize> = HashMap::new();
    for p in all {
        *fields.entry(p.field.as_str()).or_default() += 1;
        *agencies.entry(p.agency.as_str()).or_default() += 1;
        *levels.entry(p.gov_level).or_default() += 1;
        *online.entry(p.online_level).or_default() += 1;
    }
    let sorted = |m: HashMap<&str, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    Facets {
        fields: sorted(fields),
        agencies: sorted(agencies),
        gov_levels: GovLevel::ALL
            .into_iter()
            .filter_map(|l| levels.get(&l).map(|n| (l, *n)))
            .collect(),
        online_levels: OnlineLevel::ALL
            .into_iter()
            .filter_map(|l| online.get(&l).map(|n| (l, *n)))
            .collect(),
    }
}

/// Filters the catalogue (sorted by field, then name) and cuts a page of it.
pub fn select(
    mut all: Vec<ProcedureSummary>,
    filters: &Filters,
    offset: usize,
    limit: usize,
) -> Listing {
    let facets = facets(&all);
    all.retain(|p| filters.keeps(p));
    all.sort_by(|a, b| {
        facet_key(&a.field)
            .cmp(&facet_key(&b.field))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.code.cmp(&b.code))
    });
    let total = all.len();
    let items = all.into_iter().skip(offset).take(limit).collect();
    Listing {
        items,
        total,
        facets,
    }
}

/// The procedures to offer first (thủ tục được sử dụng nhiều): by the uses recorded for
/// their code over every period, most first; then the fully online services (toàn trình)
/// before the partly online ones; then by name.
pub fn most_used(
    summaries: Vec<ProcedureSummary>,
    uses: &HashMap<String, i64>,
    n: usize,
) -> Vec<ProcedureSummary> {
    let online = |p: &ProcedureSummary| match p.online_level {
        OnlineLevel::Full => 0,
        OnlineLevel::Partial => 1,
        OnlineLevel::None => 2,
    };
    let mut ranked: Vec<(i64, u8, String, ProcedureSummary)> = summaries
        .into_iter()
        .map(|p| {
            let used = uses
                .get(&super::record::code_key(&p.code))
                .copied()
                .unwrap_or(0);
            (used, online(&p), fold(&p.name), p)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    ranked.into_iter().take(n).map(|(_, _, _, p)| p).collect()
}

/// The procedures a home page offers first ([`most_used`]), and whether usage figures
/// ranked them (without any, the heading must not claim they are the most used).
pub fn offered_first(
    summaries: Vec<ProcedureSummary>,
    uses: &HashMap<String, i64>,
    n: usize,
) -> (Vec<ProcedureSummary>, bool) {
    let first = most_used(summaries, uses, n);
    let by_use = first.iter().any(|p| {
        uses.get(&super::record::code_key(&p.code))
            .is_some_and(|u| *u > 0)
    });
    (first, by_use)
}

#[cfg(test)]
mod most_used_tests {
    use super::*;

    fn procedure(code: &str, name: &str) -> ProcedureSummary {
        ProcedureSummary {
            name: name.into(),
            ..super::tests::p(code, "", "", OnlineLevel::Full)
        }
    }

    #[test]
    fn the_most_used_come_first_then_the_fully_online_ones() {
        let uses = HashMap::from([
            ("1.001".to_string(), 40),
            ("2.002".into(), 90),
            ("3.003".into(), 40),
        ]);
        let partial = ProcedureSummary {
            online_level: OnlineLevel::Partial,
            ..procedure("5.005", "Áp dụng một phần")
        };
        let list = vec![
            partial,
            procedure("1.001", "Cấp phép"),
            procedure("2.002", "Đăng ký"),
            procedure("3.003", "Bổ sung"),
            procedure("4.004", "Chưa ai dùng"),
        ];
        let names: Vec<String> = most_used(list, &uses, 5)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            names,
            [
                "Đăng ký",
                "Bổ sung",
                "Cấp phép",
                "Chưa ai dùng",
                "Áp dụng một phần"
            ]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn p(
        code: &str,
        field: &str,
        agency: &str,
        online: OnlineLevel,
    ) -> ProcedureSummary {
        ProcedureSummary {
            id: 1,
            site_id: 1,
            lang: "vi".into(),
            slug: String::new(),
            code: code.into(),
            name: format!("Thủ tục {code}"),
            gov_level: GovLevel::Province,
            field: field.into(),
            agency: agency.into(),
            online_level: online,
            legacy_level: None,
        }
    }

    fn catalogue() -> Vec<ProcedureSummary> {
        vec![
            p("3", "Xây dựng", "Sở Xây dựng", OnlineLevel::Partial),
            p("1", "Hộ tịch", "UBND xã Tân Phú", OnlineLevel::Full),
            p("2", "Xây dựng", "Sở Xây dựng", OnlineLevel::None),
        ]
    }

    #[test]
    fn facets_count_every_value_most_frequent_first() {
        let f = facets(&catalogue());
        assert_eq!(f.fields[0], ("Xây dựng".to_string(), 2));
        assert_eq!(f.online_levels.len(), 3);
        assert_eq!(f.gov_levels, vec![(GovLevel::Province, 3)]);
    }

    #[test]
    fn a_field_typed_without_diacritics_still_filters() {
        let filters = Filters {
            field: Some("xay dung".into()),
            ..Filters::default()
        };
        let listing = select(catalogue(), &filters, 0, 10);
        assert_eq!(listing.total, 2);
        // Sorted by name within the field.
        assert_eq!(listing.items[0].code, "2");
        // Facets describe the whole catalogue, not the filtered list.
        assert_eq!(listing.facets.fields.len(), 2);
    }

    #[test]
    fn filters_combine_and_pages_cut_after_filtering() {
        let filters = Filters {
            agency: Some("Sở Xây dựng".into()),
            online_level: Some(OnlineLevel::Partial),
            ..Filters::default()
        };
        assert_eq!(select(catalogue(), &filters, 0, 10).total, 1);
        let page = select(catalogue(), &Filters::default(), 2, 2);
        assert_eq!((page.total, page.items.len()), (3, 1));
    }
}
