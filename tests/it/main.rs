//! The integration tests: one binary, one module per capability, each driving the real
//! application over a fresh database.

#[macro_use]
mod common;
mod smtp_sink;

mod admin;
mod admin_language;
mod architecture;
mod backup;
mod banners;
mod browser;
mod cache;
mod categories;
mod cli;
mod consultation;
mod covers;
mod directory;
mod errors;
mod hardening;
mod i18n;
mod inbox;
mod legal;
mod mail;
mod media;
mod operations;
mod public_data;
mod records;
mod render;
mod search;
mod services;
mod sites;
mod social;
mod storage;
mod timeliness;
