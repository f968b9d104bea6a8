//! The record of a legal or administrative document (văn bản) as the board enters it and
//! the workflow carries it: everything on vbpl.vn's document page. Pure: validation, the
//! fields fixed once published, and the number-symbol's keys.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::articles::Article;
use super::status::{Effect, Override};
use super::symbol;
use crate::review::store::FieldError;
use crate::text::{fold, nfc};

/// A document's record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LegalRecord {
    /// Hình thức văn bản, in words: `Quyết định`, `Luật`, `Công văn`.
    pub doc_type: String,
    /// Văn bản quy phạm pháp luật: decided by the board, not derived from the type.
    pub normative: bool,
    /// Số ký hiệu exactly as issued (`17/2019/QĐ-UBND`, `21-LCT/HĐNN8`).
    pub number_symbol: String,
    #[serde(flatten)]
    pub issuance: Issuance,
    /// Lĩnh vực.
    pub field: String,
    /// Trích yếu.
    pub abstract_text: String,
    /// What precedes the first article (căn cứ…), or the whole text of a document
    /// without articles.
    pub preamble: String,
    pub articles: Vec<Article>,
    /// Attached files (the document itself, annexes), from the media library.
    pub files: Vec<AttachedFile>,
    /// Other sites the document is also listed on (its own site always lists it).
    pub also_on: Vec<i32>,
    /// What this document states about others.
    pub relations: Vec<Relation>,
    /// The board's decision on the status, overriding the computed one.
    pub status: Option<Override>,
    /// Issued by the agency whose site publishes it (2 working days to publish, else 10).
    pub issued_by_site: bool,
}

/// How a document was issued (ban hành): by whom, who signed it, and the days it was
/// issued, takes effect and expires. The API's document shows it as the record holds it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Issuance {
    /// Cơ quan ban hành, as issued (agencies are renamed and merged); several for joint
    /// documents.
    pub issuers: Vec<String>,
    /// Người ký and chức vụ.
    pub signer: String,
    pub signer_position: String,
    /// Ngày ban hành, ngày có hiệu lực, ngày hết hiệu lực: each may be unknown.
    pub issued_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
}

/// A file of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedFile {
    pub media_id: i32,
    /// `Toàn văn`, `Phụ lục I`.
    #[serde(default)]
    pub label: String,
}

crate::text_enum! {
    /// What a document states about another, named from the stating document.
    pub enum RelationKind {
        /// Thay thế.
        Replaces = "replaces",
        /// Sửa đổi, bổ sung.
        Amends = "amends",
        /// Bãi bỏ.
        Repeals = "repeals",
        /// Bãi bỏ một phần.
        RepealsPart = "repeals_part",
        /// Ngưng hiệu lực.
        Suspends = "suspends",
        /// Hướng dẫn, quy định chi tiết.
        Guides = "guides",
        /// Căn cứ.
        BasedOn = "based_on",
        /// Đính chính.
        Corrects = "corrects",
    }
}

impl RelationKind {
    /// What it does to the force of the document it names, if anything.
    pub fn effect(self) -> Option<Effect> {
        match self {
            RelationKind::Replaces | RelationKind::Repeals => Some(Effect::Ends),
            RelationKind::Amends | RelationKind::RepealsPart => Some(Effect::EndsInPart),
            RelationKind::Suspends => Some(Effect::Suspends),
            RelationKind::Guides | RelationKind::BasedOn | RelationKind::Corrects => None,
        }
    }

    /// Message ids for the two directions: as stated (`thay thế`) and as seen from the
    /// named document (`bị thay thế bởi`).
    pub fn message_ids(self) -> (String, String) {
        let id = self.as_str().replace('_', "-");
        (format!("legal-rel-{id}"), format!("legal-rel-{id}-by"))
    }
}

/// A relation as entered: the other document by number-symbol (it may not be in the
/// registry yet) and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub kind: RelationKind,
    pub target_symbol: String,
    #[serde(default)]
    pub target_title: String,
    /// Which parts, for partial acts (`Điều 5, khoản 2 Điều 7`).
    #[serde(default)]
    pub scope: String,
}

/// The keys a number-symbol is matched by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolKeys {
    /// The official spelling when the parser understands it, else the text as issued.
    pub canonical: String,
    /// The folded key shared by every way of typing it.
    pub folded: String,
    pub year: Option<i32>,
    pub type_code: Option<String>,
}

/// Keys of a number-symbol; one the parser does not understand (`Số: /2022/QĐ-UBND`, an
/// old document's odd header) still matches by its folded text.
pub fn symbol_keys(number_symbol: &str) -> SymbolKeys {
    match symbol::parse(number_symbol) {
        Ok(s) => SymbolKeys {
            canonical: s.canonical,
            folded: s.folded,
            year: s.year.map(i32::from),
            type_code: s.type_code,
        },
        Err(_) => {
            let text = nfc(number_symbol.trim());
            SymbolKeys {
                folded: fold(&text).split_whitespace().collect(),
                canonical: text,
                year: None,
                type_code: None,
            }
        }
    }
}

/// A day as people write it: `2019-06-03` or `03/06/2019`; `Ok(None)` for blank text,
/// `Err(())` for text that is not a day. Forms, imports and query strings all read days so.
#[allow(clippy::result_unit_err)]
pub fn parse_day(text: &str) -> Result<Option<NaiveDate>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map(Some)
        .map_err(|_| ())
}

/// What a record lacks that an import accepts with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    NoAbstract,
    NoIssueDate,
    NoEffectiveDate,
}

impl LegalRecord {
    /// Normalises what was typed: NFC, trimmed, empty entries dropped.
    pub fn normalised(mut self) -> LegalRecord {
        let clean = |s: &mut String| *s = nfc(s.trim());
        clean(&mut self.doc_type);
        clean(&mut self.number_symbol);
        clean(&mut self.issuance.signer);
        clean(&mut self.issuance.signer_position);
        clean(&mut self.field);
        clean(&mut self.abstract_text);
        self.preamble = nfc(self.preamble.trim());
        self.issuance.issuers = self
            .issuance
            .issuers
            .iter()
            .map(|i| nfc(i.trim()))
            .filter(|i| !i.is_empty())
            .collect();
        for a in &mut self.articles {
            clean(&mut a.number);
            clean(&mut a.heading);
            a.text = nfc(a.text.trim());
        }
        for r in &mut self.relations {
            clean(&mut r.target_symbol);
            clean(&mut r.target_title);
            clean(&mut r.scope);
        }
        self.relations.retain(|r| !r.target_symbol.is_empty());
        if let Some(o) = &mut self.status {
            clean(&mut o.reason);
        }
        self.also_on.sort_unstable();
        self.also_on.dedup();
        self
    }

    /// The errors that stop a record from being saved.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut need = |ok: bool, field, message_id| {
            if !ok {
                errors.push(FieldError::new(field, message_id));
            }
        };
        need(!self.doc_type.is_empty(), "doc_type", "form-required");
        need(
            self.doc_type.chars().count() <= 100,
            "doc_type",
            "form-too-long",
        );
        need(
            !self.number_symbol.is_empty(),
            "number_symbol",
            "form-required",
        );
        need(
            self.number_symbol.chars().count() <= 100,
            "number_symbol",
            "form-too-long",
        );
        need(
            !self.issuance.issuers.is_empty(),
            "issuers",
            "form-required",
        );
        need(
            self.issuance
                .issuers
                .iter()
                .all(|i| i.chars().count() <= 300),
            "issuers",
            "form-too-long",
        );
        need(
            self.abstract_text.chars().count() <= 2000,
            "abstract_text",
            "form-too-long",
        );
        need(
            match (self.issuance.issued_on, self.issuance.effective_on) {
                (Some(i), Some(e)) => e >= i,
                _ => true,
            },
            "effective_on",
            "legal-effective-before-issue",
        );
        need(
            match (
                self.issuance.effective_on.or(self.issuance.issued_on),
                self.issuance.expires_on,
            ) {
                (Some(e), Some(x)) => x > e,
                _ => true,
            },
            "expires_on",
            "legal-expiry-before-effect",
        );
        need(
            self.articles
                .iter()
                .all(|a| !a.number.is_empty() && a.number.chars().count() <= 10),
            "articles",
            "legal-article-number",
        );
        let total: usize = self.articles.iter().map(|a| a.text.len()).sum();
        need(
            total + self.preamble.len() <= 20_000_000,
            "articles",
            "form-too-long",
        );
        need(
            self.status.as_ref().is_none_or(|o| !o.reason.is_empty()),
            "status_reason",
            "form-required-reason",
        );
        need(
            self.relations
                .iter()
                .all(|r| r.target_symbol.chars().count() <= 100),
            "relations",
            "form-too-long",
        );
        errors
    }

    /// What is missing but accepted (old or imported documents).
    pub fn gaps(&self) -> Vec<Gap> {
        let mut gaps = Vec::new();
        if self.abstract_text.is_empty() {
            gaps.push(Gap::NoAbstract);
        }
        if self.issuance.issued_on.is_none() {
            gaps.push(Gap::NoIssueDate);
        }
        if self.issuance.effective_on.is_none() {
            gaps.push(Gap::NoEffectiveDate);
        }
        gaps
    }

    /// The fields that differ from the published record but may not change once published
    /// (regulation: corrections are made by a correcting document, never silently).
    pub fn fixed_changes(&self, published: &LegalRecord) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut check = |same: bool, field| {
            if !same {
                changed.push(field);
            }
        };
        check(self.doc_type == published.doc_type, "doc_type");
        check(
            self.number_symbol == published.number_symbol,
            "number_symbol",
        );
        let (now, then) = (&self.issuance, &published.issuance);
        check(now.issuers == then.issuers, "issuers");
        check(now.issued_on == then.issued_on, "issued_on");
        check(now.effective_on == then.effective_on, "effective_on");
        check(now.expires_on == then.expires_on, "expires_on");
        check(
            self.abstract_text == published.abstract_text,
            "abstract_text",
        );
        check(
            self.preamble == published.preamble && self.articles == published.articles,
            "articles",
        );
        check(self.files == published.files, "files");
        changed
    }

    /// The title of its content item: the abstract, or type and number when it has none.
    pub fn title(&self) -> String {
        if self.abstract_text.is_empty() {
            format!("{} {}", self.doc_type, self.number_symbol)
        } else {
            self.abstract_text.clone()
        }
    }

    /// The year it is filed under: the symbol's, else the issue date's.
    pub fn year(&self) -> Option<i32> {
        symbol_keys(&self.number_symbol)
            .year
            .or_else(|| self.issuance.issued_on.map(|d| chrono::Datelike::year(&d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> LegalRecord {
        LegalRecord {
            doc_type: "Quyết định".into(),
            normative: true,
            number_symbol: "17/2019/QĐ-UBND".into(),
            issuance: Issuance {
                issuers: vec!["Ủy ban nhân dân tỉnh Thái Bình".into()],
                issued_on: NaiveDate::from_ymd_opt(2019, 6, 3),
                effective_on: NaiveDate::from_ymd_opt(2019, 6, 15),
                ..Issuance::default()
            },
            abstract_text: "Ban hành Quy chế…".into(),
            ..LegalRecord::default()
        }
    }

    #[test]
    fn a_complete_record_is_valid_and_has_no_gaps() {
        assert!(record().validate().is_empty());
        assert!(record().gaps().is_empty());
    }

    #[test]
    fn effect_before_issue_is_refused_with_the_field_named() {
        let mut r = record();
        r.issuance.effective_on = NaiveDate::from_ymd_opt(2019, 1, 1);
        let errors = r.validate();
        assert_eq!(errors[0].field, "effective_on");
    }

    #[test]
    fn missing_dates_and_abstract_are_gaps_not_errors() {
        let mut r = record();
        r.issuance.issued_on = None;
        r.issuance.effective_on = None;
        r.abstract_text.clear();
        assert!(r.validate().is_empty());
        assert_eq!(r.gaps().len(), 3);
        assert_eq!(r.title(), "Quyết định 17/2019/QĐ-UBND");
    }

    #[test]
    fn number_dates_abstract_and_files_are_fixed_but_field_and_relations_are_not() {
        let published = record();
        let mut edited = record();
        edited.field = "Công nghệ thông tin".into();
        edited.relations.push(Relation {
            kind: RelationKind::Replaces,
            target_symbol: "20/2012/QĐ-UBND".into(),
            target_title: String::new(),
            scope: String::new(),
        });
        assert!(edited.fixed_changes(&published).is_empty());
        edited.number_symbol = "18/2019/QĐ-UBND".into();
        edited.issuance.effective_on = None;
        assert_eq!(
            edited.fixed_changes(&published),
            vec!["number_symbol", "effective_on"]
        );
    }

    #[test]
    fn symbols_the_parser_does_not_know_still_get_a_folded_key() {
        let keys = symbol_keys("17/2019/qd-ubnd");
        assert_eq!(keys.canonical, "17/2019/QĐ-UBND");
        assert_eq!(keys.year, Some(2019));
        let odd = symbol_keys("Số: /2022/QĐ-UBND");
        assert!(!odd.folded.is_empty());
        assert!(odd.folded.chars().all(|c| !c.is_uppercase()));
    }

    #[test]
    fn normalising_drops_empty_issuers_and_relations() {
        let mut r = record();
        r.issuance.issuers.push("  ".into());
        r.relations.push(Relation {
            kind: RelationKind::Amends,
            target_symbol: " ".into(),
            target_title: String::new(),
            scope: String::new(),
        });
        let r = r.normalised();
        assert_eq!(r.issuance.issuers.len(), 1);
        assert!(r.relations.is_empty());
    }
}
