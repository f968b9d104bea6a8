//! Statistics datasets (số liệu thống kê; Law on Statistics, Decree 42/2022 art. 4): a
//! table of figures by period and series, published with a chart and a CSV download,
//! revised figures kept and marked, and a calendar of the next releases.

pub mod chart;
pub mod dataset;
pub mod period;
pub mod table;
