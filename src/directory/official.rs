//! An official (cán bộ, lãnh đạo): a person with positions over time, official contacts, and
//! for leaders the duties they are in charge of and a short biography (regulation art. 8.2a).
//! Only official contacts exist here: no field can hold a home address or a private phone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::clean;
use super::unit::in_lang;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::text::fold;

/// An official's record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Official {
    /// The stable key imports and schedules name the person by.
    pub key: String,
    /// Họ và tên, family name first as Vietnamese write it.
    pub name: String,
    pub phone: String,
    pub fax: String,
    /// Official e-mail (thư điện tử công vụ).
    pub email: String,
    /// A photo from the media library.
    pub photo: Option<i32>,
    /// A leader (lãnh đạo): shown with duties and biography, and has a work schedule.
    pub leader: bool,
    /// Nhiệm vụ đảm nhiệm: the fields of work the leader is in charge of.
    pub duties: String,
    pub duties_en: String,
    /// Tiểu sử tóm tắt.
    pub biography: String,
    pub biography_en: String,
    /// Chức vụ, current and former.
    pub positions: Vec<Position>,
}

/// A post held over a period: its title, its unit, and where it ranks by protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The unit, by key.
    pub unit: String,
    /// Chức vụ (`Phó Chủ tịch Ủy ban nhân dân tỉnh`).
    pub title: String,
    #[serde(default)]
    pub title_en: String,
    /// The first day in post.
    pub from: NaiveDate,
    /// The day the post ended (not in post from that day); none while held.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Kiêm nhiệm: held beside the principal post, so it may overlap it.
    #[serde(default)]
    pub concurrent: bool,
    /// Thứ tự nghi thức: lower comes first in lists.
    #[serde(default = "default_order")]
    pub order: i32,
}

fn default_order() -> i32 {
    100
}

impl Position {
    /// Whether it is held on `day`.
    pub fn held_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|t| t > day)
    }

    fn overlaps(&self, other: &Position) -> bool {
        let ends_before = |a: &Position, b: &Position| a.to.is_some_and(|t| t <= b.from);
        !ends_before(self, other) && !ends_before(other, self)
    }

    pub fn title_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.title, &self.title_en)
    }
}

impl Official {
    /// The record as stored: NFC text, trimmed, positions in the order they began.
    pub fn normalised(mut self) -> Official {
        for t in [
            &mut self.key,
            &mut self.name,
            &mut self.phone,
            &mut self.fax,
            &mut self.email,
            &mut self.duties,
            &mut self.duties_en,
            &mut self.biography,
            &mut self.biography_en,
        ] {
            clean(t);
        }
        for p in &mut self.positions {
            for t in [&mut p.unit, &mut p.title, &mut p.title_en] {
                clean(t);
            }
        }
        self.positions.sort_by_key(|p| (p.from, p.concurrent));
        self
    }

    /// What is wrong with the record by itself (units are checked against the store).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors =
            super::contact::problems(&self.key, &self.name, &self.phone, &self.fax, &self.email);
        if self.positions.is_empty() {
            errors.push(FieldError::new("positions", "directory-position-required"));
        }
        for (i, p) in self.positions.iter().enumerate() {
            if p.title.is_empty() || p.unit.is_empty() {
                errors.push(
                    FieldError::new("positions", "directory-position-incomplete").on_line(i + 1),
                );
            }
            if p.to.is_some_and(|t| t <= p.from) {
                errors.push(
                    FieldError::new("positions", "directory-position-end-before-start")
                        .on_line(i + 1)
                        .with_detail(&p.title),
                );
            }
        }
        // One principal post at a time; concurrent posts (kiêm nhiệm) may overlap any.
        let principal: Vec<(usize, &Position)> = self
            .positions
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.concurrent)
            .collect();
        for (n, (i, a)) in principal.iter().enumerate() {
            if let Some((_, b)) = principal[n + 1..].iter().find(|(_, b)| a.overlaps(b)) {
                errors.push(
                    FieldError::new("positions", "directory-position-overlap")
                        .on_line(i + 1)
                        .with_detail(format!("{} / {}", a.title, b.title)),
                );
            }
        }
        errors
    }

    /// The posts held on `day`: the principal one first, then concurrent ones by protocol.
    pub fn current_positions(&self, day: NaiveDate) -> Vec<&Position> {
        let mut held: Vec<&Position> = self.positions.iter().filter(|p| p.held_on(day)).collect();
        held.sort_by_key(|p| (p.concurrent, p.order));
        held
    }

    /// The posts that ended by `day` (history), the latest first.
    pub fn former_positions(&self, day: NaiveDate) -> Vec<&Position> {
        let mut former: Vec<&Position> = self
            .positions
            .iter()
            .filter(|p| p.to.is_some_and(|t| t <= day))
            .collect();
        former.sort_by_key(|p| std::cmp::Reverse(p.from));
        former
    }

    /// Whether the person holds a post on `day` (current lists show only them).
    pub fn is_current(&self, day: NaiveDate) -> bool {
        self.positions.iter().any(|p| p.held_on(day))
    }

    /// Where the person ranks by protocol on `day`: the best rank among the posts held.
    pub fn protocol_order(&self, day: NaiveDate) -> i32 {
        self.current_positions(day)
            .iter()
            .map(|p| p.order)
            .min()
            .unwrap_or(i32::MAX)
    }

    /// The sort key of directories: protocol order, then the given name as Vietnamese sort
    /// names (the last word), then the whole name.
    pub fn sort_key(&self, day: NaiveDate) -> (i32, String, String) {
        let folded = fold(&self.name);
        let given = folded.rsplit(' ').next().unwrap_or("").to_string();
        (self.protocol_order(day), given, folded)
    }

    /// Whether the person holds a post in `unit` on `day`.
    pub fn serves_in(&self, unit: &str, day: NaiveDate) -> bool {
        self.current_positions(day).iter().any(|p| p.unit == unit)
    }

    /// The fields art. 7 (b) requires in English that this person's current record lacks:
    /// the title of each post held (name, unit and contacts need no translation).
    pub fn missing_english(&self, day: NaiveDate) -> Vec<&'static str> {
        if self
            .current_positions(day)
            .iter()
            .any(|p| p.title_en.is_empty())
        {
            vec!["title_en"]
        } else {
            Vec::new()
        }
    }

    /// Whether a search (folded, any word order) finds the person by name or title.
    pub fn matches(&self, query: &str, day: NaiveDate) -> bool {
        let mut haystack = fold(&self.name);
        for p in self.current_positions(day) {
            haystack.push(' ');
            haystack.push_str(&fold(&p.title));
            haystack.push(' ');
            haystack.push_str(&fold(&p.title_en));
        }
        fold(query).split_whitespace().all(|w| haystack.contains(w))
    }

    pub fn duties_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.duties, &self.duties_en)
    }

    pub fn biography_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.biography, &self.biography_en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn post(title: &str, from: NaiveDate, to: Option<NaiveDate>, concurrent: bool) -> Position {
        Position {
            unit: "sonha.ubnd".into(),
            title: title.into(),
            title_en: format!("{title} (en)"),
            from,
            to,
            concurrent,
            order: 10,
        }
    }

    fn official(positions: Vec<Position>) -> Official {
        Official {
            key: "nguyen-van-an".into(),
            name: "Nguyễn Văn An".into(),
            positions,
            ..Official::default()
        }
    }

    #[test]
    fn overlapping_principal_posts_are_refused_and_concurrent_ones_allowed() {
        let a = post("Giám đốc", day(2020, 1, 1), Some(day(2025, 7, 1)), false);
        let b = post("Phó Chủ tịch", day(2025, 6, 1), None, false);
        let o = official(vec![a.clone(), b]);
        assert_eq!(o.validate()[0].message_id, "directory-position-overlap");
        // Handing over on the day the new post begins is no overlap.
        let b = post("Phó Chủ tịch", day(2025, 7, 1), None, false);
        let k = post("Trưởng ban", day(2024, 1, 1), None, true);
        assert!(official(vec![a, b, k]).validate().is_empty());
    }

    #[test]
    fn an_end_before_the_start_is_refused_with_the_line() {
        let o = official(vec![post(
            "Giám đốc",
            day(2025, 1, 1),
            Some(day(2024, 1, 1)),
            false,
        )]);
        let e = &o.validate()[0];
        assert_eq!(e.message_id, "directory-position-end-before-start");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn contacts_must_be_well_formed_and_a_post_is_required() {
        let mut o = official(Vec::new());
        o.phone = "không có".into();
        o.email = "an@".into();
        let ids: Vec<&str> = o.validate().iter().map(|e| e.message_id).collect();
        assert_eq!(
            ids,
            [
                "directory-bad-phone",
                "directory-bad-email",
                "directory-position-required"
            ]
        );
    }

    #[test]
    fn former_posts_are_history_and_current_ones_rank_by_protocol() {
        let old = post("Giám đốc Sở", day(2018, 1, 1), Some(day(2025, 7, 1)), false);
        let mut now = post("Phó Chủ tịch", day(2025, 7, 1), None, false);
        now.order = 3;
        let mut side = post("Trưởng ban chỉ đạo", day(2025, 8, 1), None, true);
        side.order = 1;
        let o = official(vec![side, old, now]).normalised();
        let today = day(2026, 12, 6);
        let titles: Vec<&str> = o
            .current_positions(today)
            .iter()
            .map(|p| p.title.as_str())
            .collect();
        assert_eq!(titles, ["Phó Chủ tịch", "Trưởng ban chỉ đạo"]);
        assert_eq!(o.former_positions(today)[0].title, "Giám đốc Sở");
        assert_eq!(o.protocol_order(today), 1);
        assert!(o.is_current(today));
        assert!(!o.is_current(day(2017, 1, 1)));
    }

    #[test]
    fn people_sort_by_protocol_then_given_name() {
        let today = day(2026, 1, 1);
        let mut a = official(vec![post("Chuyên viên", day(2020, 1, 1), None, false)]);
        a.name = "Trần Thị Bình".into();
        let mut b = a.clone();
        b.name = "Lê Văn An".into();
        assert!(b.sort_key(today) < a.sort_key(today));
        b.positions[0].order = 50;
        a.positions[0].order = 20;
        assert!(a.sort_key(today) < b.sort_key(today));
    }

    #[test]
    fn english_titles_are_required_for_current_posts_only() {
        let today = day(2026, 1, 1);
        let mut old = post("Giám đốc", day(2018, 1, 1), Some(day(2025, 1, 1)), false);
        old.title_en.clear();
        let o = official(vec![
            old,
            post("Phó Chủ tịch", day(2025, 1, 1), None, false),
        ]);
        assert!(o.missing_english(today).is_empty());
        let mut o2 = o.clone();
        o2.positions[1].title_en.clear();
        assert_eq!(o2.missing_english(today), ["title_en"]);
    }

    #[test]
    fn search_finds_names_and_titles_without_diacritics() {
        let o = official(vec![post("Phó Chủ tịch", day(2025, 1, 1), None, false)]);
        let today = day(2026, 1, 1);
        assert!(o.matches("nguyen an", today));
        assert!(o.matches("pho chu tich", today));
        assert!(!o.matches("giám đốc", today));
    }
}
