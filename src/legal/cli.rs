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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_symbol_is_printed() {
        let cmd = LegalCommand::ParseSymbol {
            text: "17/2019/qd-ubnd".into(),
        };
        assert!(run(cmd).is_ok());
    }

    #[test]
    fn a_text_that_is_not_a_number_symbol_is_an_error_that_names_it() {
        let cmd = LegalCommand::ParseSymbol { text: "17".into() };
        let message = run(cmd).map_err(|e| format!("{e:#}")).err();
        assert_eq!(
            message.as_deref(),
            Some("\"17\": not a number-symbol: 17 alone is a number, not a number-symbol: add the year or the symbol, like 17/2019/QĐ-UBND")
        );
    }
}
