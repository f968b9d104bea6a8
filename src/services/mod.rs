//! The catalogue of administrative procedures (thủ tục hành chính) and online public
//! services (regulation art. 11–12, Decree 42/2022): the procedure record, browsing by
//! field, agency, level and online level, usage figures, the catalogue's storage, imports
//! and the demo province's procedures.

pub mod catalogue;
pub mod cli;
pub mod demo;
pub mod form;
pub mod import;
pub mod kind;
pub mod public;
pub mod record;
pub mod store;
pub mod usage;
