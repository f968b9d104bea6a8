//! `cong legal …`: reading a number-symbol (số ký hiệu) the way the registry stores and
//! searches it, and importing documents in bulk.

use anyhow::Context;

use super::symbol;
use crate::cli::ImportKind;
use crate::clock::SharedClock;
use crate::config::Config;

/// The legal documents' subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum LegalCommand {
    /// Read a number-symbol as people type it (`17/2019/qd-ubnd`, `Quyết định 17/2019`) and
    /// print its official spelling, folded key and parts (JSON; `candidates` lists every
    /// spelling when folding made it ambiguous).
    ParseSymbol {
        /// The number-symbol, optionally after `Số:` or a type word.
        text: String,
    },
    /// Import documents from JSON Lines (`.jsonl`) or CSV (`.csv`): idempotent, one line at a
    /// time (a bad line is reported and changes nothing), published on the province portal
    /// unless a line or --site names another site. Prints a JSON summary; exits 1 when a line
    /// was rejected.
    Import(crate::cli::import::ImportRequest),
}

/// Runs a legal subcommand, printing its result on standard output.
pub fn run(cmd: LegalCommand, config: Config, clock: SharedClock) -> anyhow::Result<()> {
    match cmd {
        LegalCommand::ParseSymbol { text } => {
            let parsed = symbol::parse(&text).with_context(|| format!("{text:?}"))?;
            println!("{}", serde_json::to_string_pretty(&parsed)?);
        }
        LegalCommand::Import(request) => {
            crate::cli::import::import_kind(ImportKind::Legal, config, clock, request)?
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_symbol_is_printed() {
        let parsed = symbol::parse("17/2019/qd-ubnd").unwrap();
        assert_eq!(parsed.canonical, "17/2019/QĐ-UBND");
    }

    #[test]
    fn a_text_that_is_not_a_number_symbol_is_an_error_that_names_it() {
        let message = symbol::parse("17")
            .with_context(|| format!("{:?}", "17"))
            .map_err(|e| format!("{e:#}"))
            .err();
        assert_eq!(
            message.as_deref(),
            Some("\"17\": not a number-symbol: 17 alone is a number, not a number-symbol: add the year or the symbol, like 17/2019/QĐ-UBND")
        );
    }
}
