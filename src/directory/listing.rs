//! What the directory's pages and API show, from the stored records: the organisation chart
//! of the units in force, the directory of officials in post (searched and filtered by unit),
//! and a week's schedule day by day. Pure: the records are read by `store`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::official::{Official, Position};
use super::schedule::ScheduleEntry;
use super::store::{Stored, StoredEntry};
use super::unit::{chart, final_successor, ChartNode, OrgUnit};
use super::week::IsoWeek;
use crate::lang::Lang;
use crate::site::SiteId;

/// The units a site shows: its own, or (`None`, the province portal) every site's.
pub fn in_scope<R>(items: Vec<Stored<R>>, scope: Option<SiteId>) -> Vec<Stored<R>> {
    items
        .into_iter()
        .filter(|s| scope.is_none_or(|site| s.site_id == site))
        .collect()
}

/// The organisation chart of the units in force on `today`, and the units that ended
/// (newest end first), each with the unit that carries on its duties now.
pub fn organisation(
    units: Vec<Stored<OrgUnit>>,
    today: NaiveDate,
) -> (Vec<ChartNode<Stored<OrgUnit>>>, Vec<Stored<OrgUnit>>) {
    let (current, mut former): (Vec<_>, Vec<_>) =
        units.into_iter().partition(|u| u.record.is_current(today));
    former.sort_by_key(|u| std::cmp::Reverse(u.record.ended_on));
    let tree = chart(current, |u| &u.record.key, |u| u.record.parent.as_deref());
    (tree, former)
}

/// The unit that carries on an ended unit's duties now (following successors).
pub fn successor_of<'a>(
    unit: &OrgUnit,
    units: &'a [Stored<OrgUnit>],
) -> Option<&'a Stored<OrgUnit>> {
    let successors: HashMap<String, String> = units
        .iter()
        .filter_map(|u| Some((u.record.key.clone(), u.record.successor.clone()?)))
        .collect();
    let key = final_successor(&unit.key, &successors)?;
    units.iter().find(|u| u.record.key == key)
}

/// A unit and every unit under it, by key.
pub fn with_descendants(key: &str, units: &[Stored<OrgUnit>]) -> HashSet<String> {
    let mut keys = HashSet::from([key.to_string()]);
    loop {
        let before = keys.len();
        for u in units {
            if u.record.parent.as_ref().is_some_and(|p| keys.contains(p)) {
                keys.insert(u.record.key.clone());
            }
        }
        if keys.len() == before {
            return keys;
        }
    }
}

/// What the directory is asked for.
#[derive(Debug, Clone, Default)]
pub struct DirectoryQuery {
    /// Words of a name or a title, with or without diacritics.
    pub text: Option<String>,
    /// A unit's key: its officials and those of the units under it.
    pub unit: Option<String>,
}

/// The officials in post on `today` that a query finds, by protocol order then name.
pub fn directory(
    officials: Vec<Stored<Official>>,
    units: &[Stored<OrgUnit>],
    q: &DirectoryQuery,
    today: NaiveDate,
) -> Vec<Stored<Official>> {
    let unit_keys = q.unit.as_deref().map(|u| with_descendants(u, units));
    let mut found: Vec<Stored<Official>> = officials
        .into_iter()
        .filter(|o| o.record.is_current(today))
        .filter(|o| q.text.as_deref().is_none_or(|t| o.record.matches(t, today)))
        .filter(|o| {
            unit_keys.as_ref().is_none_or(|keys| {
                o.record
                    .current_positions(today)
                    .iter()
                    .any(|p| keys.contains(&p.unit))
            })
        })
        .collect();
    found.sort_by_cached_key(|o| o.record.sort_key(today));
    found
}

/// The officials serving in a unit on `today` (the unit's page lists them).
pub fn serving_in(
    officials: &[Stored<Official>],
    unit: &str,
    today: NaiveDate,
) -> Vec<Stored<Official>> {
    let mut found: Vec<Stored<Official>> = officials
        .iter()
        .filter(|o| o.record.serves_in(unit, today))
        .cloned()
        .collect();
    found.sort_by_cached_key(|o| o.record.sort_key(today));
    found
}

/// Names of units by key, in a language (English where given).
pub fn unit_names(units: &[Stored<OrgUnit>], lang: Lang) -> HashMap<String, String> {
    units
        .iter()
        .map(|u| (u.record.key.clone(), u.record.name_in(lang).to_string()))
        .collect()
}

/// A post as lists show it: title and unit, in a language.
pub fn post_text(p: &Position, names: &HashMap<String, String>, lang: Lang) -> (String, String) {
    (
        p.title_in(lang).to_string(),
        names
            .get(&p.unit)
            .cloned()
            .unwrap_or_else(|| p.unit.clone()),
    )
}

/// A week's entries day by day, Monday to Sunday (days without entries kept, so the week
/// reads as a week).
pub fn week_days(week: IsoWeek, entries: Vec<StoredEntry>) -> Vec<(NaiveDate, Vec<StoredEntry>)> {
    let mut days: Vec<(NaiveDate, Vec<StoredEntry>)> =
        week.days().map(|d| (d, Vec::new())).collect();
    for e in entries {
        if let Some((_, list)) = days.iter_mut().find(|(d, _)| *d == e.entry.day) {
            list.push(e);
        }
    }
    days
}

/// The names of the leaders presiding entries, by key.
pub fn leader_names(officials: &[Stored<Official>]) -> HashMap<String, String> {
    officials
        .iter()
        .map(|o| (o.record.key.clone(), o.record.name.clone()))
        .collect()
}

/// An entry's session of the day as schedules print it (sáng, chiều, tối).
pub fn session(entry: &ScheduleEntry) -> &'static str {
    match entry
        .start
        .format("%H")
        .to_string()
        .parse::<u32>()
        .unwrap_or(0)
    {
        0..=11 => "morning",
        12..=17 => "afternoon",
        _ => "evening",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ContentId;

    fn stored<R>(id: i32, site: i32, record: R) -> Stored<R> {
        Stored {
            id: ContentId(id),
            site_id: SiteId(site),
            slug: String::new(),
            published_at: NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
            record,
        }
    }

    fn unit(key: &str, parent: Option<&str>) -> OrgUnit {
        OrgUnit {
            key: key.into(),
            parent: parent.map(String::from),
            name: key.into(),
            ..OrgUnit::default()
        }
    }

    fn person(key: &str, unit: &str, order: i32) -> Official {
        Official {
            key: key.into(),
            name: key.into(),
            positions: vec![Position {
                unit: unit.into(),
                title: "Chuyên viên".into(),
                title_en: "Officer".into(),
                from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                to: None,
                concurrent: false,
                order,
            }],
            ..Official::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn the_chart_holds_units_in_force_and_ended_ones_point_to_their_successor() {
        let mut old = unit("stttt", Some("tinh"));
        old.ended_on = NaiveDate::from_ymd_opt(2025, 3, 1);
        old.successor = Some("skhcn".into());
        let units = vec![
            stored(1, 1, unit("tinh", None)),
            stored(2, 2, unit("skhcn", Some("tinh"))),
            stored(3, 1, old.clone()),
        ];
        let (tree, former) = organisation(units.clone(), today());
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].children.len(), 1);
        assert_eq!(former[0].record.key, "stttt");
        assert_eq!(successor_of(&old, &units).map(|u| u.id), Some(ContentId(2)));
        assert_eq!(in_scope(units, Some(SiteId(2))).len(), 1);
    }

    #[test]
    fn the_directory_filters_by_unit_with_the_units_under_it() {
        let units = vec![
            stored(1, 1, unit("tinh", None)),
            stored(2, 1, unit("so", Some("tinh"))),
            stored(3, 1, unit("phong", Some("so"))),
            stored(4, 1, unit("xa", Some("tinh"))),
        ];
        let people = vec![
            stored(10, 1, person("b", "phong", 50)),
            stored(11, 1, person("a", "so", 10)),
            stored(12, 1, person("c", "xa", 1)),
        ];
        let q = DirectoryQuery {
            unit: Some("so".into()),
            text: None,
        };
        let found: Vec<String> = directory(people.clone(), &units, &q, today())
            .into_iter()
            .map(|o| o.record.key)
            .collect();
        assert_eq!(found, ["a", "b"]);
        let all = directory(people.clone(), &units, &DirectoryQuery::default(), today());
        assert_eq!(all[0].record.key, "c", "protocol order first");
        assert_eq!(serving_in(&people, "xa", today()).len(), 1);
    }

    #[test]
    fn a_week_reads_monday_to_sunday_with_empty_days_kept() {
        let week = IsoWeek::parse("2026-W49").unwrap();
        let days = week_days(week, Vec::new());
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].0, week.monday());
    }
}
