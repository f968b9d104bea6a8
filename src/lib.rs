//! Cổng: one binary that publishes a Vietnamese province's web portal and the sites of
//! its departments and communes, in Vietnamese and English.
//!
//! Domain capabilities each own their data and rules (`site`, `content`, `changelog`,
//! `jobs`); `render` is shared by every content type; `web` is the thin HTTP door.

pub mod account;
pub mod app;
pub mod backup;
pub mod budget;
pub mod cache;
pub mod calendar;
pub mod changelog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod consultation;
pub mod content;
pub mod db;
pub mod directory;
pub mod distribution;
pub mod error;
pub mod field;
pub mod inbox;
pub mod jobs;
pub mod kinds;
pub mod lang;
pub mod legal;
pub mod mail;
pub mod media;
pub mod plans;
pub mod procurement;
pub mod projects;
pub mod record;
pub mod render;
pub mod review;
pub mod science;
pub mod search;
pub mod services;
pub mod site;
pub mod statistics;
pub mod telemetry;
pub mod text;
pub mod timeliness;
pub mod urls;
pub mod web;

pub use app::{build, AppState};
pub use config::Config;
pub use error::AppError;
