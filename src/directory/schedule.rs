//! A week of a site's work schedule (lịch công tác): the leaders' and units' appointments,
//! entered and reviewed a week at a time (regulation art. 8.2c). Once published, an entry is
//! never deleted: it is changed (and shown as "điều chỉnh" with the time of the change) or
//! cancelled (shown as cancelled).

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::unit::in_lang;
use super::week::{utc_of, IsoWeek};
use super::{clean, clean_key};
use crate::field::FieldError;
use crate::lang::Lang;

/// A week's record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleWeek {
    /// The ISO week (`2026-W49`).
    pub week: String,
    pub entries: Vec<ScheduleEntry>,
}

/// One appointment of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleEntry {
    /// Its stable identity across revisions (and the iCalendar UID); given when first saved.
    #[serde(default)]
    pub uid: String,
    pub day: NaiveDate,
    /// Local time in Vietnam (UTC+7), `08:00`.
    #[serde(with = "hhmm")]
    pub start: NaiveTime,
    #[serde(default, with = "hhmm_opt")]
    pub end: Option<NaiveTime>,
    /// Nội dung.
    pub content: String,
    #[serde(default)]
    pub content_en: String,
    /// Địa điểm.
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub location_en: String,
    /// The presiding leader (chủ trì), by official key.
    #[serde(default)]
    pub leader: Option<String>,
    /// The unit whose schedule it is, by key, when no leader presides.
    #[serde(default)]
    pub unit: Option<String>,
    /// Thành phần tham dự.
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub participants_en: String,
    /// Đơn vị chuẩn bị, by unit key.
    #[serde(default)]
    pub preparing_unit: Option<String>,
    /// A link to an attached document (a registry page or a file of the library).
    #[serde(default)]
    pub document: String,
    /// Shown on the province portal too.
    #[serde(default)]
    pub on_portal: bool,
    /// Hoãn, hủy: kept and shown as cancelled.
    #[serde(default)]
    pub cancelled: bool,
}

mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_time(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a time (HH:MM)")))
    }
}

mod hhmm_opt {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(t) if t.trim().is_empty() => Ok(None),
            Some(text) => super::parse_time(&text)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a time (HH:MM)"))),
        }
    }
}

/// `08:00`, `8:00`, `8h00`, `8h`: the ways times are written on Vietnamese schedules.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim().to_lowercase();
    let (h, m) = t.split_once([':', 'h']).unwrap_or((&t, ""));
    let h: u32 = h.trim().parse().ok()?;
    let m: u32 = if m.trim().is_empty() {
        0
    } else {
        m.trim().parse().ok()?
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

impl ScheduleEntry {
    /// When it starts, in UTC.
    pub fn starts_at(&self) -> NaiveDateTime {
        utc_of(self.day, self.start)
    }

    /// When it ends, in UTC, when an end is given.
    pub fn ends_at(&self) -> Option<NaiveDateTime> {
        self.end.map(|e| utc_of(self.day, e))
    }

    pub fn content_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.content, &self.content_en)
    }

    pub fn location_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.location, &self.location_en)
    }

    pub fn participants_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.participants, &self.participants_en)
    }

    /// The identity an entry gets when first saved: from its day, time and content, so that
    /// the same line imported twice is the same entry.
    fn derived_uid(&self, week: &str) -> String {
        let digest = Sha256::digest(format!("{}|{}|{}", self.day, self.start, self.content));
        format!("{week}-{}", &hex::encode(digest)[..12])
    }
}

impl ScheduleWeek {
    /// The record as stored: NFC text, entries in time order, each with its identity.
    pub fn normalised(mut self) -> ScheduleWeek {
        if let Some(w) = IsoWeek::parse(&self.week) {
            self.week = w.to_string();
        }
        for e in &mut self.entries {
            for t in [
                &mut e.uid,
                &mut e.content,
                &mut e.content_en,
                &mut e.location,
                &mut e.location_en,
                &mut e.participants,
                &mut e.participants_en,
                &mut e.document,
            ] {
                clean(t);
            }
            for k in [&mut e.leader, &mut e.unit, &mut e.preparing_unit] {
                clean_key(k);
            }
            if e.uid.is_empty() {
                e.uid = e.derived_uid(&self.week);
            }
        }
        self.entries.sort_by_key(|e| (e.day, e.start));
        self
    }

    pub fn iso_week(&self) -> Option<IsoWeek> {
        IsoWeek::parse(&self.week)
    }

    /// What is wrong with the week by itself (leaders and units are checked against the store).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let Some(week) = self.iso_week() else {
            return vec![FieldError::new("week", "schedule-bad-week").with_detail(&self.week)];
        };
        let mut uids = HashSet::new();
        for (i, e) in self.entries.iter().enumerate() {
            let line = i + 1;
            if !week.contains(e.day) {
                errors.push(
                    FieldError::new("entries", "schedule-day-outside-week")
                        .on_line(line)
                        .with_detail(e.day.to_string()),
                );
            }
            if e.content.is_empty() {
                errors.push(FieldError::new("entries", "schedule-content-required").on_line(line));
            }
            if e.end.is_some_and(|end| end <= e.start) {
                errors.push(FieldError::new("entries", "schedule-end-before-start").on_line(line));
            }
            if !e.document.is_empty() && !link_ok(&e.document) {
                errors.push(
                    FieldError::new("entries", "schedule-bad-document")
                        .on_line(line)
                        .with_detail(&e.document),
                );
            }
            if !uids.insert(e.uid.as_str()) {
                errors.push(FieldError::new("entries", "schedule-duplicate-entry").on_line(line));
            }
        }
        errors
    }

    /// The entries of a published week that this revision leaves out: they must stay, changed
    /// or cancelled, never deleted.
    pub fn removed<'a>(&self, published: &'a [String]) -> Vec<&'a str> {
        let kept: HashSet<&str> = self.entries.iter().map(|e| e.uid.as_str()).collect();
        published
            .iter()
            .map(String::as_str)
            .filter(|u| !kept.contains(u))
            .collect()
    }

    /// A copy of the week moved to `target` (the editor's "copy the previous week"): days
    /// shifted by whole weeks, every entry new and none cancelled.
    pub fn copied_to(&self, target: IsoWeek) -> ScheduleWeek {
        let shift = self.iso_week().map_or(0, |from| from.weeks_to(target) * 7);
        let week = target.to_string();
        let entries = self
            .entries
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e.day += Duration::days(shift);
                e.cancelled = false;
                e.uid = e.derived_uid(&week);
                e
            })
            .collect();
        ScheduleWeek { week, entries }
    }
}

/// A link an entry may carry: a path on the portal or an absolute web address.
fn link_ok(link: &str) -> bool {
    (link.starts_with('/') && !link.starts_with("//"))
        || link.starts_with("https://")
        || link.starts_with("http://")
}

/// When each entry of a week being published last changed: an entry that differs from its
/// published version, or that is added to a week already published, is marked changed now;
/// an unchanged one keeps its mark. `published` holds each published entry (by uid) with its
/// mark; `None` when the week was never published.
pub fn change_marks(
    week: &ScheduleWeek,
    published: Option<&HashMap<String, (ScheduleEntry, Option<NaiveDateTime>)>>,
    now: NaiveDateTime,
) -> Vec<Option<NaiveDateTime>> {
    week.entries
        .iter()
        .map(|e| match published {
            None => None,
            Some(before) => match before.get(&e.uid) {
                Some((old, mark)) if old == e => *mark,
                _ => Some(now),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn entry(d: u32, start: &str, content: &str) -> ScheduleEntry {
        ScheduleEntry {
            uid: String::new(),
            day: day(d),
            start: parse_time(start).unwrap(),
            end: None,
            content: content.into(),
            content_en: String::new(),
            location: "Phòng họp số 1".into(),
            location_en: String::new(),
            leader: Some("nguyen-van-an".into()),
            unit: None,
            participants: String::new(),
            participants_en: String::new(),
            preparing_unit: None,
            document: String::new(),
            on_portal: false,
            cancelled: false,
        }
    }

    fn week(entries: Vec<ScheduleEntry>) -> ScheduleWeek {
        ScheduleWeek {
            week: "2026-W50".into(),
            entries,
        }
        .normalised()
    }

    #[test]
    fn times_are_read_as_schedules_write_them() {
        assert_eq!(parse_time("8h30"), NaiveTime::from_hms_opt(8, 30, 0));
        assert_eq!(parse_time("14:00"), NaiveTime::from_hms_opt(14, 0, 0));
        assert_eq!(parse_time("7h"), NaiveTime::from_hms_opt(7, 0, 0));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("sáng"), None);
    }

    #[test]
    fn entries_outside_the_week_or_ending_before_they_start_are_refused() {
        let mut late = entry(7, "14:00", "Họp");
        late.end = parse_time("13:00");
        let w = week(vec![entry(20, "08:00", "Tiếp công dân"), late]);
        let ids: Vec<(&str, Option<usize>)> = w
            .validate()
            .iter()
            .map(|e| (e.message_id, e.line))
            .collect();
        assert_eq!(
            ids,
            [
                ("schedule-end-before-start", Some(1)),
                ("schedule-day-outside-week", Some(2))
            ]
        );
        let bad = ScheduleWeek {
            week: "2026-W99".into(),
            entries: vec![],
        };
        assert_eq!(bad.validate()[0].message_id, "schedule-bad-week");
    }

    #[test]
    fn entries_get_stable_identities_and_are_kept_in_time_order() {
        let w = week(vec![entry(8, "14:00", "B"), entry(7, "08:00", "A")]);
        assert_eq!(w.entries[0].content, "A");
        assert!(w.entries[0].uid.starts_with("2026-W50-"));
        assert_eq!(
            w,
            week(vec![entry(7, "08:00", "A"), entry(8, "14:00", "B")])
        );
        assert_eq!(
            w.entries[0].starts_at(),
            day(7).and_hms_opt(1, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_published_entry_may_be_cancelled_but_not_left_out() {
        let w = week(vec![entry(7, "08:00", "A"), entry(8, "14:00", "B")]);
        let published: Vec<String> = w.entries.iter().map(|e| e.uid.clone()).collect();
        let mut next = w.clone();
        next.entries[1].cancelled = true;
        assert!(next.removed(&published).is_empty());
        next.entries.pop();
        assert_eq!(next.removed(&published), [published[1].as_str()]);
    }

    #[test]
    fn changes_after_publication_are_marked_with_their_time() {
        let now = day(7).and_hms_opt(3, 0, 0).unwrap();
        let earlier = day(6).and_hms_opt(3, 0, 0).unwrap();
        let w = week(vec![
            entry(7, "08:00", "A"),
            entry(8, "14:00", "B"),
            entry(9, "09:00", "C"),
        ]);
        assert_eq!(change_marks(&w, None, now), [None, None, None]);
        let before: HashMap<String, (ScheduleEntry, Option<NaiveDateTime>)> = w.entries[..2]
            .iter()
            .enumerate()
            .map(|(i, e)| (e.uid.clone(), (e.clone(), (i == 1).then_some(earlier))))
            .collect();
        let mut next = w.clone();
        next.entries[0].location = "Hội trường".into();
        assert_eq!(
            change_marks(&next, Some(&before), now),
            [Some(now), Some(earlier), Some(now)]
        );
    }

    #[test]
    fn copying_a_week_moves_its_days_and_makes_new_entries() {
        let mut w = week(vec![entry(7, "08:00", "A")]);
        w.entries[0].cancelled = true;
        let copy = w.copied_to(IsoWeek::parse("2026-W51").unwrap());
        assert_eq!(copy.week, "2026-W51");
        assert_eq!(copy.entries[0].day, day(14));
        assert!(!copy.entries[0].cancelled);
        assert_ne!(copy.entries[0].uid, w.entries[0].uid);
        assert!(copy.validate().is_empty());
    }

    #[test]
    fn a_week_reads_from_json_with_local_times() {
        let w: ScheduleWeek = serde_json::from_str(
            r#"{"week":"2026-W50","entries":[{"day":"2026-12-07","start":"8h00","end":"11:30","content":"Họp"}]}"#,
        )
        .unwrap();
        assert_eq!(w.entries[0].end, parse_time("11:30"));
        let json = serde_json::to_string(&w).unwrap();
        assert!(json.contains("\"start\":\"08:00\""));
    }
}
