//! Legal and administrative documents (văn bản quy phạm pháp luật, văn bản hành chính):
//! for now the number-symbol (số ký hiệu) parser that documents, search and import share,
//! and the `cong legal …` subcommands.

pub mod cli;
pub mod symbol;
