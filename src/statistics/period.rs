//! The periods of a statistics dataset (kỳ số liệu): months, quarters or years, one type per
//! dataset. Written `2026-03`, `2026-Q1`, `2026`; a period of another type is refused.

use serde::Serialize;

crate::text_enum! {
    /// What a dataset's periods are.
    pub enum PeriodType {
        Month = "month",
        Quarter = "quarter",
        Year = "year",
    }
}

/// One period of a dataset, ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct StatPeriod {
    pub year: i32,
    /// The month (1–12) or the quarter (1–4); 0 for a year.
    pub part: u8,
}

/// Why a period is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not a period at all.
    #[error("not a period")]
    Malformed,
    /// A period, but of another type than the dataset's.
    #[error("a period of another type")]
    OtherType(PeriodType),
}

impl PeriodType {
    /// How a period of this type is written, for messages (`2026-03`).
    pub fn example(self) -> &'static str {
        match self {
            PeriodType::Month => "2026-03",
            PeriodType::Quarter => "2026-Q1",
            PeriodType::Year => "2026",
        }
    }

    /// Reads a period that must be of this type.
    pub fn parse_period(self, text: &str) -> Result<StatPeriod, PeriodError> {
        let (kind, period) = StatPeriod::parse_any(text).ok_or(PeriodError::Malformed)?;
        if kind == self {
            Ok(period)
        } else {
            Err(PeriodError::OtherType(kind))
        }
    }

    /// The period written in a language, for tables and charts (`Quý 1/2026`, `Q1 2026`).
    pub fn label(self, p: StatPeriod, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (PeriodType::Year, _) => p.year.to_string(),
            (PeriodType::Quarter, Lang::Vi) => format!("Quý {}/{}", p.part, p.year),
            (PeriodType::Quarter, Lang::En) => format!("Q{} {}", p.part, p.year),
            (PeriodType::Month, Lang::Vi) => format!("{:02}/{}", p.part, p.year),
            (PeriodType::Month, Lang::En) => format!("{}-{:02}", p.year, p.part),
        }
    }

    /// The period as stored and written in CSV.
    pub fn format(self, p: StatPeriod) -> String {
        match self {
            PeriodType::Year => p.year.to_string(),
            PeriodType::Quarter => format!("{}-Q{}", p.year, p.part),
            PeriodType::Month => format!("{}-{:02}", p.year, p.part),
        }
    }
}

impl StatPeriod {
    /// Reads a period of any type, telling which.
    fn parse_any(text: &str) -> Option<(PeriodType, StatPeriod)> {
        let text = text.trim();
        let year_of = |y: &str| -> Option<i32> {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse().ok())
                .flatten()
                .filter(|y| (1900..=2199).contains(y))
        };
        match text.split_once('-') {
            None => Some((
                PeriodType::Year,
                StatPeriod {
                    year: year_of(text)?,
                    part: 0,
                },
            )),
            Some((y, rest)) => {
                let year = year_of(y)?;
                if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                    let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
                    return Some((PeriodType::Quarter, StatPeriod { year, part: q }));
                }
                if rest.len() != 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let m: u8 = rest.parse().ok().filter(|m| (1..=12).contains(m))?;
                Some((PeriodType::Month, StatPeriod { year, part: m }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_reads_its_own_periods() {
        assert_eq!(
            PeriodType::Month.parse_period("2026-03"),
            Ok(StatPeriod {
                year: 2026,
                part: 3
            })
        );
        assert_eq!(
            PeriodType::Quarter.parse_period("2026-Q4"),
            Ok(StatPeriod {
                year: 2026,
                part: 4
            })
        );
        assert_eq!(
            PeriodType::Year.parse_period(" 2019 "),
            Ok(StatPeriod {
                year: 2019,
                part: 0
            })
        );
    }

    #[test]
    fn a_period_of_another_type_is_refused_and_named() {
        assert_eq!(
            PeriodType::Year.parse_period("2026-Q1"),
            Err(PeriodError::OtherType(PeriodType::Quarter))
        );
        assert_eq!(
            PeriodType::Quarter.parse_period("2026-03"),
            Err(PeriodError::OtherType(PeriodType::Month))
        );
        for bad in [
            "", "2026-13", "2026-Q5", "26", "2026-3", "tháng 3", "2026-00",
        ] {
            assert_eq!(
                PeriodType::Month.parse_period(bad),
                Err(PeriodError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn periods_are_written_back_as_read_and_labelled_per_language() {
        use crate::lang::Lang;
        for (t, text) in [
            (PeriodType::Month, "2026-03"),
            (PeriodType::Quarter, "2026-Q2"),
            (PeriodType::Year, "2026"),
        ] {
            assert_eq!(t.format(t.parse_period(text).unwrap()), text);
        }
        let q = StatPeriod {
            year: 2026,
            part: 2,
        };
        assert_eq!(PeriodType::Quarter.label(q, Lang::Vi), "Quý 2/2026");
        assert_eq!(PeriodType::Quarter.label(q, Lang::En), "Q2 2026");
    }
}
