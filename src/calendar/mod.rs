//! Vietnam's working-day calendar (lịch làm việc), starting with the Vietnamese lunar
//! calendar that Tết and Hùng Kings' day are counted in. Pure: no database, no HTTP.

pub mod lunar;

use std::ops::RangeInclusive;

/// The years the calendar vouches for: the lunar algorithm is checked against the
/// published Vietnamese calendar around them.
pub const YEARS: RangeInclusive<i32> = 1900..=2199;
