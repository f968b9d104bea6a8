//! The Vietnamese lunar calendar (âm lịch), computed astronomically for Vietnam's
//! meridian (UTC+7) with Hồ Ngọc Đức's algorithm: new moons after Meeus (*Astronomical
//! Algorithms*), the sun's longitude, month 11 being the month that contains the winter
//! solstice, and in a 13-month year the first month without a major solar term (trung khí)
//! being the leap month.
//!
//! The time zone matters: a new moon shortly before midnight in Hà Nội falls on the next
//! day in Beijing, so a Chinese-calendar crate (UTC+8) would give Vietnam the wrong Tết in
//! some years (1985: Vietnam 21 January, China 20 February). The offset is therefore a
//! parameter of the internal functions, and the public ones fix it at UTC+7.
//!
//! Dates are proleptic Gregorian (as in `chrono`). The tests check Tết 2020–2035 and the
//! lunar dates quoted in government notices against the published calendar, and the
//! calendar's consistency on every day of [`super::YEARS`]; far outside those years the
//! astronomy slowly loses accuracy, but nothing panics except [`new_year`], documented.

use std::f64::consts::PI;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Vietnam's standard time, hours east of Greenwich (Asia/Ho_Chi_Minh, no daylight
/// saving): the meridian of the North's lunar calendar from 1968 and of the whole country's
/// since reunification.
pub(crate) const VIETNAM: f64 = 7.0;

/// Mean length of a lunation (synodic month), in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// Julian day of the new moon of 1900-01-01 (13:52 UT), lunation 0 of [`new_moon`].
const LUNATION_0: f64 = 2_415_021.076_998_695;

/// A date in the Vietnamese lunar calendar (âm lịch): `day` 1–30, `month` 1–12 (month 12 is
/// tháng Chạp, month 1 tháng Giêng), `year` the Gregorian year in which that lunar year
/// begins, `leap` for the repeated month (tháng nhuận) of a 13-month year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    pub leap: bool,
}

impl LunarDate {
    /// The ordinary (not leap) month `month` of `year`, day `day`.
    pub fn new(day: u32, month: u32, year: i32) -> LunarDate {
        LunarDate {
            day,
            month,
            year,
            leap: false,
        }
    }
}

/// The lunar date of a solar date, in Vietnam (UTC+7).
pub fn to_lunar(date: NaiveDate) -> LunarDate {
    to_lunar_at(date, VIETNAM)
}

/// The solar date of a lunar date in Vietnam (UTC+7); `None` when that date does not
/// exist (day 30 of a 29-day month, a leap month the year does not have, month 13…).
pub fn from_lunar(date: LunarDate) -> Option<NaiveDate> {
    from_lunar_at(date, VIETNAM)
}

/// Tết Nguyên đán: the first day of the first lunar month of `year`, in Vietnam.
///
/// # Panics
/// Only when that day is outside `chrono`'s range (years beyond about ±262,000).
pub fn new_year(year: i32) -> NaiveDate {
    new_year_at(year, VIETNAM).expect("Tết of a year within chrono's range is a valid date")
}

/// [`to_lunar`] for a meridian `tz` hours east of Greenwich.
pub(crate) fn to_lunar_at(date: NaiveDate, tz: f64) -> LunarDate {
    let day_number = julian_day(date.year(), date.month(), date.day());
    // The lunation estimated from the mean month can be one off either way when the true
    // new moon is far from the mean one (the published algorithm only corrects one way and
    // gives day 0 on 2054-05-07): step until new moon k is the last one on or before the day.
    let mut k = ((day_number as f64 - LUNATION_0) / SYNODIC_MONTH).floor() as i64;
    while new_moon_day(k + 1, tz) <= day_number {
        k += 1;
    }
    while new_moon_day(k, tz) > day_number {
        k -= 1;
    }
    let month_start = new_moon_day(k, tz);
    let year = date.year();
    // The lunar year is delimited by the two months 11 (containing winter solstices)
    // around the date.
    let this_11 = month_11_start(year, tz);
    let (a11, b11, mut lunar_year) = if this_11 >= month_start {
        (month_11_start(year - 1, tz), this_11, year)
    } else {
        (this_11, month_11_start(year + 1, tz), year + 1)
    };
    let day = day_number - month_start + 1;
    let diff = ((month_start - a11) as f64 / 29.0).floor() as i64;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11, tz);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        day: day as u32,
        month: month as u32,
        year: lunar_year,
        leap,
    }
}

/// [`from_lunar`] for a meridian `tz` hours east of Greenwich.
pub(crate) fn from_lunar_at(date: LunarDate, tz: f64) -> Option<NaiveDate> {
    if !(1..=30).contains(&date.day) {
        return None;
    }
    let start = month_start_at(date.year, date.month, date.leap, tz)?;
    let next = new_moon_day(lunation_of(start) + 1, tz);
    if i64::from(date.day) > next - start {
        return None;
    }
    date_of_julian_day(start + i64::from(date.day) - 1)
}

/// [`new_year`] for a meridian `tz` hours east of Greenwich.
pub(crate) fn new_year_at(year: i32, tz: f64) -> Option<NaiveDate> {
    date_of_julian_day(month_start_at(year, 1, false, tz)?)
}

/// Julian day number of the first day of a lunar month; `None` for a month that does not
/// exist (month outside 1–12, or a leap month other than the year's one).
fn month_start_at(year: i32, month: u32, leap: bool, tz: f64) -> Option<i64> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let (a11, b11) = if month < 11 {
        (month_11_start(year - 1, tz), month_11_start(year, tz))
    } else {
        (month_11_start(year, tz), month_11_start(year + 1, tz))
    };
    let k = lunation_of(a11);
    let mut offset = i64::from(month) - 11;
    if offset < 0 {
        offset += 12;
    }
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11, tz);
        // The leap month repeats the number of the month before it.
        let mut leap_month = leap_offset - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if leap && i64::from(month) != leap_month {
            return None;
        }
        if leap || offset >= leap_offset {
            offset += 1;
        }
    } else if leap {
        return None;
    }
    Some(new_moon_day(k + offset, tz))
}

/// The lunation number whose new moon starts on Julian day `jd`.
fn lunation_of(jd: i64) -> i64 {
    (0.5 + (jd as f64 - LUNATION_0) / SYNODIC_MONTH).floor() as i64
}

/// Julian day number of a proleptic Gregorian date (arithmetic, so that it works for the
/// neighbouring years of any date `chrono` can hold).
fn julian_day(year: i32, month: u32, day: u32) -> i64 {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    let a = (14 - m).div_euclid(12);
    let y = y + 4800 - a;
    let m = m + 12 * a - 3;
    d + (153 * m + 2).div_euclid(5) + 365 * y + y.div_euclid(4) - y.div_euclid(100)
        + y.div_euclid(400)
        - 32_045
}

fn date_of_julian_day(jd: i64) -> Option<NaiveDate> {
    // Julian day 1_721_426 is 0001-01-01, day 1 of the common era in chrono's counting.
    i32::try_from(jd - 1_721_425)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Julian date (UT) of new moon number `k` after the one of 1900-01-01, after Meeus
/// (*Astronomical Algorithms*, ch. 49) as simplified by Hồ Ngọc Đức.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries since 1900-01-01 12:00
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    // Sun's mean anomaly, moon's mean anomaly, moon's argument of latitude.
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    // ΔT, the difference between dynamical and universal time, in days.
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude (radians, 0 ≤ λ < 2π) at Julian date `jd` (UT).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0; // Julian centuries since J2000.0
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l.rem_euclid(2.0 * PI)
}

/// The local day (Julian day number) on which new moon `k` falls at `tz`.
fn new_moon_day(k: i64, tz: f64) -> i64 {
    (new_moon(k) + 0.5 + tz / 24.0).floor() as i64
}

/// Which of the twelve 30° sectors of the ecliptic (0 = from the vernal equinox) the sun is
/// in at the start of local day `jdn`: a month whose first and next month's first day are in
/// the same sector contains no major solar term.
fn sun_sector(jdn: i64, tz: f64) -> i64 {
    (sun_longitude(jdn as f64 - 0.5 - tz / 24.0) / PI * 6.0).floor() as i64
}

/// The first day (Julian day number) of lunar month 11 of `year`: the month in which the
/// winter solstice of that Gregorian year falls.
fn month_11_start(year: i32, tz: f64) -> i64 {
    let off = julian_day(year, 12, 31) - 2_415_021;
    let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
    let new_moon = new_moon_day(k, tz);
    // Sector 9 starts at 270°, the winter solstice: a new moon already past it starts
    // month 12, so month 11 began one lunation earlier.
    if sun_sector(new_moon, tz) >= 9 {
        new_moon_day(k - 1, tz)
    } else {
        new_moon
    }
}

/// In a 13-month lunar year starting at month 11 `a11`, how many months after month 11 the
/// leap month comes: the first month with no major solar term.
fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = lunation_of(a11);
    let mut i = 1;
    let mut sector = sun_sector(new_moon_day(k + i, tz), tz);
    loop {
        let last = sector;
        i += 1;
        sector = sun_sector(new_moon_day(k + i, tz), tz);
        if sector == last || i >= 14 {
            return i - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const CHINA: f64 = 8.0;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn tet_2020_to_2035_falls_on_the_dates_of_the_published_vietnamese_calendar() {
        let published = [
            (2020, ymd(2020, 1, 25)),
            (2021, ymd(2021, 2, 12)),
            (2022, ymd(2022, 2, 1)),
            (2023, ymd(2023, 1, 22)),
            (2024, ymd(2024, 2, 10)),
            (2025, ymd(2025, 1, 29)),
            (2026, ymd(2026, 2, 17)),
            (2027, ymd(2027, 2, 6)),
            (2028, ymd(2028, 1, 26)),
            (2029, ymd(2029, 2, 13)),
            // Not 3 February, China's date: the new moon is at 16:07 UTC on 2 February,
            // 23:07 in Hà Nội and 00:07 on the 3rd in Beijing.
            (2030, ymd(2030, 2, 2)),
            (2031, ymd(2031, 1, 23)),
            (2032, ymd(2032, 2, 11)),
            (2033, ymd(2033, 1, 31)),
            (2034, ymd(2034, 2, 19)),
            (2035, ymd(2035, 2, 8)),
        ];
        for (year, tet) in published {
            assert_eq!(new_year(year), tet, "Tết {year}");
            assert_eq!(to_lunar(tet), LunarDate::new(1, 1, year), "Tết {year}");
        }
    }

    #[test]
    fn vietnam_and_china_celebrate_tet_on_different_days_in_some_years() {
        // (year, Vietnam at UTC+7, China at UTC+8). 1968: the Tết Offensive began on the
        // night of 30–31 January, North Vietnam having moved to UTC+7 the year before.
        // 1985: a whole month apart, the leap month falling differently.
        let differ = [
            (1968, ymd(1968, 1, 29), ymd(1968, 1, 30)),
            (1969, ymd(1969, 2, 16), ymd(1969, 2, 17)),
            (1985, ymd(1985, 1, 21), ymd(1985, 2, 20)),
            (2007, ymd(2007, 2, 17), ymd(2007, 2, 18)),
            (2030, ymd(2030, 2, 2), ymd(2030, 2, 3)),
            (2053, ymd(2053, 2, 18), ymd(2053, 2, 19)),
        ];
        for (year, vietnam, china) in differ {
            assert_eq!(new_year_at(year, VIETNAM), Some(vietnam), "Vietnam {year}");
            assert_eq!(new_year_at(year, CHINA), Some(china), "China {year}");
        }
        // In 1985 China's Tết is still the 2nd day of the 12th month in Vietnam.
        assert_eq!(
            to_lunar_at(ymd(1985, 1, 21), CHINA),
            LunarDate::new(1, 12, 1984)
        );
        let years_that_differ: Vec<i32> = (1960..=2060)
            .filter(|&y| new_year_at(y, VIETNAM) != new_year_at(y, CHINA))
            .collect();
        assert_eq!(
            years_that_differ,
            [1965, 1968, 1969, 1985, 2007, 2030, 2053]
        );
    }

    #[test]
    fn hung_kings_day_is_the_tenth_day_of_the_third_lunar_month() {
        let published = [
            ymd(2020, 4, 2),
            ymd(2021, 4, 21),
            ymd(2022, 4, 10),
            ymd(2023, 4, 29),
            ymd(2024, 4, 18),
            ymd(2025, 4, 7),
            ymd(2026, 4, 26),
        ];
        for day in published {
            let year = day.year();
            assert_eq!(from_lunar(LunarDate::new(10, 3, year)), Some(day), "{year}");
            assert_eq!(to_lunar(day), LunarDate::new(10, 3, year), "{year}");
        }
    }

    #[test]
    fn lunar_dates_quoted_in_government_notices_match() {
        // Each notice gives the lunar date of the first and last day of the break.
        let quoted = [
            (ymd(2020, 1, 23), LunarDate::new(29, 12, 2019)),
            (ymd(2020, 1, 29), LunarDate::new(5, 1, 2020)),
            (ymd(2021, 2, 10), LunarDate::new(29, 12, 2020)),
            (ymd(2022, 1, 29), LunarDate::new(27, 12, 2021)),
            (ymd(2022, 2, 6), LunarDate::new(6, 1, 2022)),
            (ymd(2023, 1, 20), LunarDate::new(29, 12, 2022)),
            (ymd(2024, 2, 8), LunarDate::new(29, 12, 2023)),
            (ymd(2024, 2, 14), LunarDate::new(5, 1, 2024)),
            (ymd(2025, 1, 25), LunarDate::new(26, 12, 2024)),
            (ymd(2025, 2, 2), LunarDate::new(5, 1, 2025)),
            (ymd(2026, 2, 14), LunarDate::new(27, 12, 2025)),
            (ymd(2026, 2, 16), LunarDate::new(29, 12, 2025)),
            (ymd(2026, 2, 22), LunarDate::new(6, 1, 2026)),
        ];
        for (solar, lunar) in quoted {
            assert_eq!(to_lunar(solar), lunar, "{solar}");
            assert_eq!(from_lunar(lunar), Some(solar), "{lunar:?}");
        }
    }

    #[test]
    fn leap_months_fall_where_the_vietnamese_calendar_has_them() {
        // 2020: tháng 4 nhuận; 2023: tháng 2 nhuận; 2025: tháng 6 nhuận; 2033: tháng 11
        // nhuận (the year Chinese calendars disagree about).
        let leap = [
            (2020, 4, ymd(2020, 5, 23)),
            (2023, 2, ymd(2023, 3, 22)),
            (2025, 6, ymd(2025, 7, 25)),
            (2033, 11, ymd(2033, 12, 22)),
        ];
        for (year, month, starts) in leap {
            let first = LunarDate {
                day: 1,
                month,
                year,
                leap: true,
            };
            assert_eq!(from_lunar(first), Some(starts), "{year}");
            assert_eq!(to_lunar(starts), first, "{year}");
            for other in (1..=12).filter(|&m| m != month) {
                let wrong = LunarDate {
                    month: other,
                    ..first
                };
                assert_eq!(from_lunar(wrong), None, "{year} has no leap month {other}");
            }
        }
        let no_leap = LunarDate {
            day: 1,
            month: 4,
            year: 2024,
            leap: true,
        };
        assert_eq!(from_lunar(no_leap), None, "2024 has 12 months");
    }

    #[test]
    fn lunar_dates_that_do_not_exist_have_no_solar_date() {
        assert_eq!(from_lunar(LunarDate::new(0, 1, 2026)), None);
        assert_eq!(from_lunar(LunarDate::new(31, 1, 2026)), None);
        assert_eq!(from_lunar(LunarDate::new(1, 13, 2026)), None);
        assert_eq!(from_lunar(LunarDate::new(1, 0, 2026)), None);
        // Tháng Chạp of Ất Tỵ (2025) has 29 days: Tết 2026 follows its 29th day.
        assert_eq!(
            from_lunar(LunarDate::new(29, 12, 2025)),
            Some(ymd(2026, 2, 16))
        );
        assert_eq!(from_lunar(LunarDate::new(30, 12, 2025)), None);
    }

    #[test]
    fn every_day_from_1900_to_2199_round_trips_through_the_lunar_calendar() {
        let mut date = ymd(1900, 1, 1);
        let mut previous = to_lunar(date);
        let mut month_length = previous.day;
        let mut months_in_year = 0;
        while date.year() <= 2199 {
            let lunar = to_lunar(date);
            assert_eq!(from_lunar(lunar), Some(date), "{date} {lunar:?}");
            if lunar.day == 1 {
                // A month has 29 or 30 days; a year 12 months, or 13 with one leap month.
                if date > ymd(1900, 2, 1) {
                    assert!((29..=30).contains(&month_length), "{date}");
                }
                months_in_year += 1;
                if lunar.month == 1 && !lunar.leap {
                    if date > ymd(1901, 1, 1) {
                        assert!((12..=13).contains(&months_in_year), "{date}");
                        assert_eq!(lunar.year, previous.year + 1, "{date}");
                    }
                    months_in_year = 0;
                }
                month_length = 1;
            } else {
                assert_eq!(lunar.day, previous.day + 1, "{date}");
                assert_eq!(
                    (lunar.month, lunar.year, lunar.leap),
                    (previous.month, previous.year, previous.leap),
                    "{date}"
                );
                month_length += 1;
            }
            previous = lunar;
            date += Duration::days(1);
        }
    }

    #[test]
    fn the_winter_solstice_always_falls_in_the_eleventh_month() {
        for year in 1900..=2199 {
            // The December solstice is on 21 or 22 December in Vietnam in these years.
            let solstice_month = to_lunar(ymd(year, 12, 21)).month;
            let next_day_month = to_lunar(ymd(year, 12, 22)).month;
            assert!(
                solstice_month == 11 || next_day_month == 11,
                "{year}: {solstice_month}, {next_day_month}"
            );
        }
    }
}
