//! `cong legal …`: tools for legal and administrative documents, starting with reading a
//! number-symbol (số ký hiệu) the way the portal will store and search it.

use anyhow::Context;

use super::symbol;

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
}

/// Runs a legal subcommand, printing its result on standard output.
pub fn run(cmd: LegalCommand) -> anyhow::Result<()> {
    match cmd {
        LegalCommand::ParseSymbol { text } => {
            let parsed = symbol::parse(&text).with_context(|| format!("{text:?}"))?;
            println!("{}", serde_json::to_string_pretty(&parsed)?);
        }
    }
    Ok(())
}
