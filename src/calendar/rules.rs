//! The public holidays (ngày nghỉ lễ, tết) computed by rule for any year, as the Labour
//! Code in force that year lists them, with their compensation days (nghỉ bù). The
//! government's yearly announcements are applied on top of these by [`super::Calendar`].
//!
//! Where the Code leaves a choice to the Prime Minister (which five days are Tết, which day
//! next to 2 September), the default below is the choice the government actually made
//! every year from 2020 to 2026; a test checks the rules alone against those decisions.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::lunar::{self, LunarDate};
use super::{DayOff, DayOffKind};

/// Whether `date` is a day of the weekly rest of state agencies: Saturday and Sunday
/// (the 40-hour week of Decision 188/1999/QĐ-TTg).
pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The year's public holidays and compensation days, sorted by date, each date once.
///
/// Kinds: [`DayOffKind::Holiday`] for the legal days themselves (on weekdays or weekends),
/// [`DayOffKind::Observed`] for the weekdays that compensate a holiday on a weekend.
pub(crate) fn days_off(year: i32) -> Vec<DayOff> {
    let mut holidays = legal_holidays(year);
    holidays.sort_by_key(|h| h.0);
    let mut days: Vec<DayOff> = Vec::with_capacity(holidays.len() + 4);
    // Days owed: every holiday on a weekend, and every holiday after the first on one
    // date. Labour Code 2019 art. 111(3): a weekly rest day that coincides with a holiday
    // is compensated on the next working day. Two holidays on one date do not occur in
    // the years the calendar covers (Hùng Kings' day last fell on 30/4 in 1947, before it
    // was a holiday); by the same reasoning the second one is compensated too.
    let mut owed: Vec<(NaiveDate, String)> = Vec::new();
    for (date, name) in holidays {
        match days.last_mut() {
            Some(last) if last.date == date => {
                last.name = format!("{} và {name}", last.name);
                owed.push((date, name));
            }
            _ => {
                if is_weekend(date) {
                    owed.push((date, name.clone()));
                }
                days.push(DayOff {
                    date,
                    name,
                    kind: DayOffKind::Holiday,
                });
            }
        }
    }
    for (from, name) in owed {
        let mut date = from;
        while let Some(next) = date.succ_opt() {
            date = next;
            if !is_weekend(date) && !days.iter().any(|d| d.date == date) {
                days.push(DayOff {
                    date,
                    name: format!("Nghỉ bù {name}"),
                    kind: DayOffKind::Observed,
                });
                break;
            }
        }
    }
    days.sort_by_key(|d| d.date);
    days
}

/// The legal holidays of `year` as (date, Vietnamese name), in no particular order.
///
/// Labour Code 2019 art. 112(1) (from 2021): New Year 1 day (1/1), Tết 5 days, Victory
/// Day 1 day (30/4), International Labour Day 1 day (1/5), National Day 2 days (2/9 and
/// one adjacent day), Hùng Kings' Commemoration 1 day (10/3 lunar). The 2012 Code (art.
/// 115, for Tết from 2014 to 2020) had the same list with one day for National Day; the
/// 1994 Code (art. 73) gave Tết 4 days, and Hùng Kings' day from its 2007 amendment.
/// Vietnam Culture Day (24/11) from 2026: the Politburo's Resolution 80-NQ/TW chose it as
/// a paid day off and the Government's Resolution 30/NQ-CP (2026) tasks the amendment of
/// art. 112(1); the mission counts it from 2026.
fn legal_holidays(year: i32) -> Vec<(NaiveDate, String)> {
    let mut days = Vec::with_capacity(12);
    let mut solar = |month, day, name: &str| {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            days.push((date, name.to_string()));
        }
    };
    solar(1, 1, "Tết Dương lịch");
    solar(4, 30, "Ngày Chiến thắng");
    solar(5, 1, "Ngày Quốc tế Lao động");
    solar(9, 2, "Quốc khánh");
    if year >= 2026 {
        solar(11, 24, "Ngày Văn hóa Việt Nam");
    }
    if year >= 2021 {
        if let Some(date) = national_day_adjacent(year) {
            days.push((date, "Quốc khánh (ngày liền kề)".to_string()));
        }
    }
    if year >= 2007 {
        if let Some(date) = lunar::from_lunar(LunarDate::new(10, 3, year)) {
            days.push((date, "Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch)".to_string()));
        }
    }
    days.extend(tet_days(year));
    days
}

/// The days of Tết Nguyên đán the rule gives `year`, named by their lunar date.
///
/// Five days from 2014 (Labour Code 2012 art. 115, 2019 art. 112), four before. The Prime
/// Minister chooses them each year (2019 art. 112(3)); from 2020 to 2026 he always took the
/// last two days of the old year and the first three of the new, except when Tết fell on a
/// Tuesday (2022, 2026): then the last day and the first four, one whole working week.
fn tet_days(year: i32) -> Vec<(NaiveDate, String)> {
    let Some(tet) = lunar::new_year_at(year, lunar::VIETNAM) else {
        return Vec::new();
    };
    let (before, after) = match (year >= 2014, tet.weekday()) {
        (true, Weekday::Tue) => (1, 4),
        (true, _) => (2, 3),
        (false, _) => (1, 3),
    };
    (-before..after)
        .filter_map(|offset| tet.checked_add_signed(Duration::days(offset)))
        .map(|date| (date, tet_day_name(date)))
        .collect()
}

fn tet_day_name(date: NaiveDate) -> String {
    let lunar = lunar::to_lunar(date);
    if lunar.month == 1 && !lunar.leap {
        format!("Tết Nguyên đán (mùng {} tháng Giêng)", lunar.day)
    } else {
        let leap = if lunar.leap { " nhuận" } else { "" };
        format!("Tết Nguyên đán ({} tháng Chạp{leap})", lunar.day)
    }
}

/// The day next to 2 September that the rule gives National Day (2019 art. 112(1)(đ):
/// "2/9 and one adjacent day before or after", chosen by the Prime Minister, art. 112(3)).
///
/// An adjacent weekday rather than a weekend day, and the one next to a weekend when both
/// are weekdays, as decided every year since the rule began: 2021 (2/9 Thursday → 3/9),
/// 2022 (Friday → 1/9), 2023 (Saturday → 1/9), 2024 (Monday → 3/9), 2025 (Tuesday → 1/9);
/// when neither is next to a weekend, the day before, as in 2026 (Wednesday → 1/9).
fn national_day_adjacent(year: i32) -> Option<NaiveDate> {
    let national_day = NaiveDate::from_ymd_opt(year, 9, 2)?;
    let day = match national_day.weekday() {
        Weekday::Mon | Weekday::Thu | Weekday::Sun => 3,
        Weekday::Tue | Weekday::Wed | Weekday::Fri | Weekday::Sat => 1,
    };
    NaiveDate::from_ymd_opt(year, 9, day)
}
