//! Running the portal as an operator does: logs, probes, metrics, and the files robots and
//! feed readers ask for.

mod distribution;
mod faults;
mod logs;
mod metrics;
mod nodes;
mod openapi;
mod server;
