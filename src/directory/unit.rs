//! An organisation unit (cơ quan, đơn vị): the province's bodies, its departments (sở, ban,
//! ngành) and their divisions, the communes. Units form one tree across sites by their keys;
//! a unit merged or dissolved (the 2025 reform) is kept with its end date and successor.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{clean, clean_key};
use crate::field::FieldError;
use crate::lang::Lang;

crate::text_enum! {
    /// What kind of body a unit is.
    #[derive(Default)]
    pub enum UnitKind {
        /// The province's own bodies (Ủy ban nhân dân tỉnh, its office).
        Province = "province",
        /// Sở, ban, ngành.
        #[default]
        Department = "department",
        /// Phòng, chi cục within a department.
        Division = "division",
        /// Đơn vị sự nghiệp: public service units (centres, institutes).
        ServiceUnit = "service_unit",
        /// Ủy ban nhân dân xã, phường.
        Commune = "commune",
    }
}

impl UnitKind {
    pub fn message_id(self) -> String {
        format!("directory-unit-kind-{}", self.as_str().replace('_', "-"))
    }
}

/// A unit's record: what art. 7 (a) requires in both languages, and its contacts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgUnit {
    /// The stable key other records and imports name it by.
    pub key: String,
    /// The unit it belongs to (its key); none for the top of the tree.
    pub parent: Option<String>,
    pub kind: UnitKind,
    /// Tên cơ quan, đơn vị.
    pub name: String,
    pub name_en: String,
    /// Chức năng, nhiệm vụ, quyền hạn (one paragraph a line).
    pub functions: String,
    pub functions_en: String,
    /// The registry document that sets it up, by number-symbol (`12/2025/QĐ-UBND`).
    pub legal_basis: String,
    /// Its head (người đứng đầu), by official key.
    pub head: Option<String>,
    pub address: String,
    pub address_en: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    /// Giờ làm việc.
    pub office_hours: String,
    pub office_hours_en: String,
    /// Its own site (Trang TTĐT), by slug, when it has one.
    pub site: Option<String>,
    /// Its place among its siblings in the chart.
    pub order: i32,
    /// The day it stopped existing (merged, dissolved): from that day it leaves the chart.
    pub ended_on: Option<NaiveDate>,
    /// The unit that took over its duties, by key.
    pub successor: Option<String>,
}

impl OrgUnit {
    /// The record as stored: NFC text, trimmed, blank keys absent.
    pub fn normalised(mut self) -> OrgUnit {
        for t in [
            &mut self.key,
            &mut self.name,
            &mut self.name_en,
            &mut self.functions,
            &mut self.functions_en,
            &mut self.legal_basis,
            &mut self.address,
            &mut self.address_en,
            &mut self.phone,
            &mut self.fax,
            &mut self.email,
            &mut self.office_hours,
            &mut self.office_hours_en,
        ] {
            clean(t);
        }
        for k in [
            &mut self.parent,
            &mut self.head,
            &mut self.site,
            &mut self.successor,
        ] {
            clean_key(k);
        }
        self
    }

    /// What is wrong with the record by itself (references are checked against the store).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors =
            super::contact::problems(&self.key, &self.name, &self.phone, &self.fax, &self.email);
        if self.parent.as_deref() == Some(self.key.as_str()) {
            errors.push(FieldError::new("parent", "directory-unit-own-parent"));
        }
        match (&self.successor, self.ended_on) {
            (Some(s), _) if *s == self.key => {
                errors.push(FieldError::new("successor", "directory-unit-own-successor"))
            }
            (Some(_), None) => {
                errors.push(FieldError::new("ended_on", "directory-successor-needs-end"))
            }
            _ => {}
        }
        errors
    }

    /// The fields art. 7 (a) requires in English that this unit lacks.
    pub fn missing_english(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.name_en.is_empty() {
            missing.push("name_en");
        }
        if !self.functions.is_empty() && self.functions_en.is_empty() {
            missing.push("functions_en");
        }
        missing
    }

    /// Whether it still exists on `today` (Vietnam's date).
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.ended_on.is_none_or(|d| d > today)
    }

    pub fn name_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.name, &self.name_en)
    }

    pub fn functions_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.functions, &self.functions_en)
    }

    pub fn address_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.address, &self.address_en)
    }

    pub fn office_hours_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.office_hours, &self.office_hours_en)
    }
}

/// The English text where there is one, else the Vietnamese (shown marked as Vietnamese).
pub fn in_lang<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::En if !en.is_empty() => en,
        _ => vi,
    }
}

/// Whether making `parent` the parent of `key` would close a loop, given every unit's parent.
pub fn closes_loop(
    key: &str,
    parent: Option<&str>,
    parents: &HashMap<String, Option<String>>,
) -> bool {
    let mut seen = HashSet::new();
    let mut at = parent.map(String::from);
    while let Some(p) = at {
        if p == key || !seen.insert(p.clone()) {
            return true;
        }
        at = parents.get(&p).cloned().flatten();
    }
    false
}

/// The unit that finally carries on `key` (successors of successors), if it ended.
pub fn final_successor<'a>(
    key: &'a str,
    successors: &'a HashMap<String, String>,
) -> Option<&'a str> {
    let mut seen = HashSet::new();
    let mut at: Option<&str> = None;
    let mut next = successors.get(key).map(String::as_str);
    while let Some(n) = next {
        if !seen.insert(n) {
            break;
        }
        at = Some(n);
        next = successors.get(n).map(String::as_str);
    }
    at
}

/// A unit in the organisation chart with the units under it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartNode<T> {
    #[serde(flatten)]
    pub item: T,
    pub children: Vec<ChartNode<T>>,
}

/// Nests units into the chart: each under its parent when the parent is among them, else at
/// the top; siblings keep the order they were given in. A loop in bad data cannot hang it.
pub fn chart<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> &str,
    parent: impl Fn(&T) -> Option<&str>,
) -> Vec<ChartNode<T>> {
    let keys: HashMap<String, usize> = items
        .iter()
        .enumerate()
        .map(|(i, t)| (key(t).to_string(), i))
        .collect();
    let parents: Vec<Option<usize>> = items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            parent(t)
                .and_then(|p| keys.get(p).copied())
                .filter(|p| *p != i)
        })
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (i, p) in parents.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(i);
        }
    }
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    fn build<T>(
        i: usize,
        children: &[Vec<usize>],
        slots: &mut [Option<T>],
        depth: usize,
    ) -> Option<ChartNode<T>> {
        let item = slots[i].take()?;
        let kids = if depth > 64 {
            Vec::new()
        } else {
            children[i]
                .iter()
                .filter_map(|c| build(*c, children, slots, depth + 1))
                .collect()
        };
        Some(ChartNode {
            item,
            children: kids,
        })
    }
    let mut nodes: Vec<ChartNode<T>> = (0..parents.len())
        .filter(|i| parents[*i].is_none())
        .filter_map(|r| build(r, &children, &mut slots, 0))
        .collect();
    // Units in a loop of parents (bad data) are not below any root: each left is put at the
    // top with what hangs under it, so none is lost.
    for i in 0..slots.len() {
        if let Some(node) = build(i, &children, &mut slots, 0) {
            nodes.push(node);
        }
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(key: &str, parent: Option<&str>) -> OrgUnit {
        OrgUnit {
            key: key.into(),
            parent: parent.map(String::from),
            name: key.to_uppercase(),
            ..OrgUnit::default()
        }
    }

    #[test]
    fn a_unit_needs_a_key_a_name_and_well_formed_contacts() {
        let mut u = unit("x", None);
        u.name.clear();
        u.phone = "gọi tổng đài".into();
        u.email = "khong-co".into();
        let fields: Vec<&str> = u.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["key", "name", "phone", "email"]);
        assert!(unit("sonha.vp", None).validate().is_empty());
    }

    #[test]
    fn a_successor_needs_an_end_date_and_another_unit() {
        let mut u = unit("sonha.stttt", None);
        u.successor = Some("sonha.skhcn".into());
        assert_eq!(u.validate()[0].message_id, "directory-successor-needs-end");
        u.ended_on = NaiveDate::from_ymd_opt(2025, 3, 1);
        assert!(u.validate().is_empty());
        u.successor = Some("sonha.stttt".into());
        assert_eq!(u.validate()[0].message_id, "directory-unit-own-successor");
    }

    #[test]
    fn an_ended_unit_is_current_until_its_end_date() {
        let mut u = unit("a.b", None);
        let day = |d| NaiveDate::from_ymd_opt(2025, 3, d).unwrap();
        assert!(u.is_current(day(1)));
        u.ended_on = Some(day(1));
        assert!(u.is_current(day(1).pred_opt().unwrap()));
        assert!(!u.is_current(day(1)));
    }

    #[test]
    fn english_is_required_for_the_name_and_for_functions_that_exist() {
        let mut u = unit("a.b", None);
        assert_eq!(u.missing_english(), ["name_en"]);
        u.functions = "Tham mưu".into();
        u.name_en = "Office".into();
        assert_eq!(u.missing_english(), ["functions_en"]);
        u.functions_en = "Advises".into();
        assert!(u.missing_english().is_empty());
        assert_eq!(u.name_in(Lang::En), "Office");
        u.name_en.clear();
        assert_eq!(u.name_in(Lang::En), "A.B");
    }

    #[test]
    fn the_chart_nests_units_under_their_parents_in_the_order_given() {
        let units = vec![
            unit("tinh", None),
            unit("so-a", Some("tinh")),
            unit("phong-a1", Some("so-a")),
            unit("so-b", Some("tinh")),
            unit("xa", Some("ngoai")),
        ];
        let chart = chart(units, |u| &u.key, |u| u.parent.as_deref());
        assert_eq!(chart.len(), 2);
        assert_eq!(chart[0].item.key, "tinh");
        let kids: Vec<&str> = chart[0]
            .children
            .iter()
            .map(|c| c.item.key.as_str())
            .collect();
        assert_eq!(kids, ["so-a", "so-b"]);
        assert_eq!(chart[0].children[0].children[0].item.key, "phong-a1");
        assert_eq!(chart[1].item.key, "xa");
    }

    #[test]
    fn a_loop_in_the_data_neither_hangs_nor_loses_units() {
        let units = vec![unit("a", Some("b")), unit("b", Some("a"))];
        let chart = chart(units, |u| &u.key, |u| u.parent.as_deref());
        let count = |n: &ChartNode<OrgUnit>| 1 + n.children.len();
        assert_eq!(chart.iter().map(count).sum::<usize>(), 2);
    }

    #[test]
    fn a_new_parent_that_descends_from_the_unit_closes_a_loop() {
        let parents: HashMap<String, Option<String>> = [
            ("tinh".to_string(), None),
            ("so".to_string(), Some("tinh".to_string())),
            ("phong".to_string(), Some("so".to_string())),
        ]
        .into_iter()
        .collect();
        assert!(closes_loop("tinh", Some("phong"), &parents));
        assert!(!closes_loop("phong", Some("tinh"), &parents));
        assert!(!closes_loop("tinh", None, &parents));
    }

    #[test]
    fn successors_are_followed_to_the_unit_that_exists_now() {
        let s: HashMap<String, String> = [
            ("stttt".to_string(), "skhcn-cu".to_string()),
            ("skhcn-cu".to_string(), "skhcn".to_string()),
        ]
        .into_iter()
        .collect();
        assert_eq!(final_successor("stttt", &s), Some("skhcn"));
        assert_eq!(final_successor("skhcn", &s), None);
    }
}
