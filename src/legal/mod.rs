//! Legal and administrative documents (văn bản quy phạm pháp luật, văn bản hành chính): the
//! number-symbol (số ký hiệu) parser, the document record, its status (hiệu lực) and
//! relations, the registry's storage, imports, timeliness and the gazette (Công báo).

pub mod articles;
pub mod citations;
pub mod cli;
pub mod demo;
pub mod form;
pub mod gazette;
pub mod import;
pub mod kind;
pub mod public;
pub mod record;
pub mod status;
pub mod store;
pub mod symbol;
pub mod timeliness;
