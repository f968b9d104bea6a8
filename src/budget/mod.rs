//! Budget disclosures (công khai ngân sách): the estimates, execution reports and final
//! accounts a province, a commune or a budget unit must publish, each by a deadline the
//! rules set ([`deadline`]), so that the board sees what is late.

pub mod deadline;
pub mod disclosure;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Whose budget is disclosed: it decides which rules apply.
    pub enum BudgetLevel {
        /// A level of local budget (ngân sách địa phương: the province's, a commune's),
        /// decided by its People's Council (Circular 343/2016/TT-BTC).
        Local = "local",
        /// A budget unit's own budget (đơn vị dự toán ngân sách: a department), assigned by
        /// the level above (Circular 61/2017/TT-BTC).
        Unit = "unit",
    }
}

crate::text_enum! {
    /// The form of a disclosure (biểu mẫu công khai).
    pub enum BudgetForm {
        /// The estimate submitted to the People's Council (dự toán trình HĐND).
        DraftEstimate = "draft_estimate",
        /// The estimate decided or assigned (dự toán được quyết định, được giao).
        Estimate = "estimate",
        /// A quarter's execution (tình hình thực hiện dự toán quý).
        Quarterly = "quarterly",
        /// The first six months' execution (tình hình thực hiện 6 tháng).
        SixMonth = "six_month",
        /// The final accounts approved (quyết toán được phê chuẩn, phê duyệt).
        FinalAccounts = "final_accounts",
    }
}

/// Which part of a fiscal year a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Year,
    /// The first six months.
    Half,
    Quarter(u8),
}

/// The period a disclosure covers: a fiscal year (the calendar year), its first half or one
/// of its quarters. Written `2026`, `2026-H1`, `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub year: i32,
    pub part: Part,
}

impl Period {
    pub fn year(year: i32) -> Period {
        Period {
            year,
            part: Part::Year,
        }
    }

    pub fn half(year: i32) -> Period {
        Period {
            year,
            part: Part::Half,
        }
    }

    /// Quarter `q` (1–4) of a year.
    pub fn quarter(year: i32, q: u8) -> Period {
        Period {
            year,
            part: Part::Quarter(q),
        }
    }

    /// Whether a disclosure of `form` can cover this period: a quarter for quarterly
    /// execution, the first half for the six-month report, a whole year for the others.
    pub fn fits(self, form: BudgetForm) -> bool {
        matches!(
            (form, self.part),
            (BudgetForm::Quarterly, Part::Quarter(_))
                | (BudgetForm::SixMonth, Part::Half)
                | (
                    BudgetForm::DraftEstimate | BudgetForm::Estimate | BudgetForm::FinalAccounts,
                    Part::Year
                )
        )
    }

    /// The last day of the period, when it fits `form`.
    pub fn end_for(self, form: BudgetForm) -> Option<NaiveDate> {
        if !self.fits(form) {
            return None;
        }
        let (month, day) = match self.part {
            Part::Year => (12, 31),
            Part::Half => (6, 30),
            Part::Quarter(1) => (3, 31),
            Part::Quarter(2) => (6, 30),
            Part::Quarter(3) => (9, 30),
            Part::Quarter(_) => (12, 31),
        };
        NaiveDate::from_ymd_opt(self.year, month, day)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.part {
            Part::Year => write!(f, "{}", self.year),
            Part::Half => write!(f, "{}-H1", self.year),
            Part::Quarter(q) => write!(f, "{}-Q{q}", self.year),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = ();

    /// `2026`, `2026-H1`, `2026-Q1` … `2026-Q4` (years 1900–2199, the calendar's).
    fn from_str(s: &str) -> Result<Period, ()> {
        let s = s.trim();
        let (year, part) = match s.split_once('-') {
            None => (s, Part::Year),
            Some((y, "H1" | "h1")) => (y, Part::Half),
            Some((y, q)) => {
                let q: u8 = q
                    .strip_prefix(['Q', 'q'])
                    .and_then(|n| n.parse().ok())
                    .filter(|n| (1..=4).contains(n))
                    .ok_or(())?;
                (y, Part::Quarter(q))
            }
        };
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| crate::calendar::YEARS.contains(y))
            .ok_or(())?;
        Ok(Period { year, part })
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom(format!("not a budget period: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_and_write_the_same_words() {
        for text in ["2026", "2026-H1", "2026-Q3"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        for bad in [
            "",
            "26",
            "2026-Q5",
            "2026-Q0",
            "2026-H2",
            "năm 2026",
            "3000",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_period_fits_only_its_forms() {
        assert!(Period::quarter(2026, 2).fits(BudgetForm::Quarterly));
        assert!(!Period::quarter(2026, 2).fits(BudgetForm::SixMonth));
        assert!(!Period::year(2026).fits(BudgetForm::Quarterly));
        assert!(Period::year(2026).fits(BudgetForm::FinalAccounts));
        assert_eq!(
            Period::quarter(2026, 2).end_for(BudgetForm::Quarterly),
            NaiveDate::from_ymd_opt(2026, 6, 30)
        );
    }
}
