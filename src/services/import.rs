//! Bulk import of procedures from JSON Lines or CSV (`cong services import`): idempotent by
//! procedure code (an unchanged line does nothing, found by the stored record's hash), one
//! transaction per line (a bad line damages nothing and is reported with its reason),
//! published on a site by default or proposed as drafts for the board to review.

use std::path::Path;

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::record::{
    Channel, DossierCase, DossierDocument, GovLevel, LegalBasis, OnlineLevel, ProcedureRecord, Way,
};
use super::store;
use crate::account::audit::AuditAction;
use crate::content::store as content_store;
use crate::content::{ContentItem, ContentState};
use crate::db::DbConn;
use crate::record::import::{
    self as record_import, lang_of, Imported, LineAt, LineFailure, LineImport, Outcome, Storing,
};
use crate::review::store::{self as review_store, ReviewError};
use crate::site::SiteId;

/// One procedure as a line of JSON: the record's own shape (dossier documents may name a
/// `form_file` beside the import file), with the site and language it belongs to.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ImportLine {
    #[serde(flatten)]
    pub record: ProcedureRecord,
    /// The site it is published on (a slug); `--site` wins.
    #[serde(default)]
    pub site: Option<String>,
    /// `vi` (default) or `en`.
    #[serde(default)]
    pub lang: Option<String>,
}

/// The summary of an import.
pub type ImportReport = crate::record::import::ImportReport;

/// What `cong import services` prints: the counts and the rejected lines.
pub fn summary(report: &ImportReport) -> serde_json::Value {
    report.summary("lines", |l| l.outcome == Outcome::Rejected)
}

pub use crate::record::import::{ImportError, ImportOptions};

/// An import file's lines by number: each a procedure or why it could not be read.
pub type ParsedLines = Vec<(usize, Result<ImportLine, String>)>;

/// Reads an import file: CSV (`.csv`) or JSON Lines (anything else).
pub fn read_lines(path: &Path) -> Result<ParsedLines, ImportError> {
    record_import::lines::read_file(path, read_csv)
}

/// CSV with a header row. Lists are separated by `|`: `steps`, `keywords`, `related`;
/// `channels` as `way;processing time;fees`; `dossier` as `name;originals;copies[;case]`;
/// `legal_basis` as `number-symbol;title`. Levels and ways in Vietnamese or as keys.
pub fn read_csv(text: &str) -> Result<ParsedLines, ImportError> {
    record_import::csv_lines(
        text,
        &[
            &["code"],
            &["name"],
            &["field"],
            &["agency"],
            &["online_level"],
        ],
        |get| csv_line(get),
    )
}

fn list(cell: &str) -> Vec<String> {
    record_import::lines::cell_list(cell, '|')
}

fn csv_line(get: &dyn Fn(&str) -> String) -> Result<ImportLine, String> {
    let optional = |name: &str| Some(get(name)).filter(|s| !s.is_empty());
    let gov_level = match optional("gov_level") {
        None => GovLevel::default(),
        Some(l) => GovLevel::from_label(&l).ok_or_else(|| format!("gov_level {l:?} unknown"))?,
    };
    let online_level = OnlineLevel::from_label(&get("online_level"))
        .ok_or_else(|| format!("online_level {:?} unknown", get("online_level")))?;
    let legacy_level = match optional("legacy_level") {
        None => None,
        Some(l) => Some(
            l.parse::<u8>()
                .map_err(|_| format!("legacy_level {l:?} is not 1 to 4"))?,
        ),
    };
    let channels = list(&get("channels"))
        .into_iter()
        .map(|c| {
            let mut parts = c.split(';').map(str::trim);
            let way = parts.next().unwrap_or("");
            Ok(Channel {
                way: Way::from_label(way).ok_or_else(|| format!("channel way {way:?} unknown"))?,
                processing_time: parts.next().unwrap_or("").to_string(),
                fees: parts.next().unwrap_or("").to_string(),
                note: String::new(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut dossier: Vec<DossierCase> = Vec::new();
    for d in list(&get("dossier")) {
        let mut parts = d.split(';').map(str::trim);
        let name = parts.next().unwrap_or("").to_string();
        let mut count = |what: &str| {
            let text = parts.next().unwrap_or("0");
            text.parse::<u32>()
                .map_err(|_| format!("dossier {name:?}: {what} {text:?} is not a number"))
        };
        let originals = count("originals")?;
        let copies = count("copies")?;
        let case = parts.next().unwrap_or("").to_string();
        let document = DossierDocument {
            name: name.clone(),
            originals,
            copies,
            ..DossierDocument::default()
        };
        match dossier.iter_mut().find(|c| c.case == case) {
            Some(c) => c.documents.push(document),
            None => dossier.push(DossierCase {
                case,
                documents: vec![document],
            }),
        }
    }
    let legal_basis = list(&get("legal_basis"))
        .into_iter()
        .map(|b| {
            let (symbol, title) = b.split_once(';').unwrap_or((&b, ""));
            LegalBasis {
                number_symbol: symbol.trim().to_string(),
                title: title.trim().to_string(),
            }
        })
        .collect();
    Ok(ImportLine {
        record: ProcedureRecord {
            code: get("code"),
            decision: get("decision"),
            name: get("name"),
            gov_level,
            field: get("field"),
            agency: get("agency"),
            authority: get("authority"),
            received_at: get("received_at"),
            steps: list(&get("steps")),
            channels,
            dossier,
            eligible: get("eligible"),
            result: get("result"),
            legal_basis,
            requirements: get("requirements"),
            keywords: list(&get("keywords")),
            related: list(&get("related")),
            online_level,
            legacy_level,
            submit_url: get("submit_url"),
        },
        site: optional("site"),
        lang: optional("lang"),
    })
}

/// A procedure's line: the report calls its key `code`.
impl LineImport for super::kind::Procedures {
    const KEY_NAME: &'static str = "code";
    type Line = ImportLine;
    type Report = ImportReport;

    fn import_line(
        at: LineAt,
        line: ImportLine,
        _: &mut ImportReport,
    ) -> Result<Imported<()>, LineFailure> {
        let LineAt {
            conn,
            key,
            options,
            now,
        } = at;
        *key = line.record.code.trim().to_string();
        let site = options.site_of(line.site.as_deref(), "site")?;
        let lang = lang_of(line.lang.as_deref())?;
        let mut record = line.record.normalised();
        let errors = record.validate();
        if !errors.is_empty() {
            return Err(LineFailure::refused(errors));
        }
        store_forms(conn, &mut record, site, options, now)?;
        let storing = Storing {
            created: AuditAction::ServicesImportCreate,
            updated: AuditAction::ServicesImportUpdate,
            draft_needs_account: "state: services-draft-needs-account",
            ..Storing::of_kind::<super::kind::Procedures>(&record, &record.code, now)
        };
        let Some(id) = store::by_code(conn, &record.code, lang)? else {
            store::check(conn, None, lang, &record)?;
            let id = storing.create(conn, options, (site, lang), now, now)?;
            return Ok(Imported::plain(Outcome::Created, id));
        };
        let item = content_store::find(conn, id)?.ok_or(ReviewError::NotFound)?;
        if unchanged(conn, &item, &record)? {
            return Ok(Imported::plain(Outcome::Unchanged, id));
        }
        store::check(conn, Some(id), item.lang, &record)?;
        Ok(Imported::plain(
            storing.update(conn, options, &item, now)?,
            id,
        ))
    }
}

/// Whether a line says what the item already has: the stored hash tells an unchanged
/// public procedure without reading its record; a draft compares with its latest revision.
fn unchanged(
    conn: &mut DbConn,
    item: &ContentItem,
    record: &ProcedureRecord,
) -> Result<bool, LineFailure> {
    if item.state != ContentState::Draft {
        let hash = store::stored_hash(conn, item.id)?;
        return Ok(hash.as_deref() == Some(store::record_hash(record).as_str()));
    }
    let draft = review_store::editing_base(conn, item.id)?
        .1
        .record
        .and_then(|r| serde_json::from_str::<ProcedureRecord>(&r).ok());
    Ok(draft.as_ref() == Some(record))
}

/// Stores the form files a line names in the site's library (the same bytes are stored
/// once), and points the dossier's documents at them.
fn store_forms(
    conn: &mut DbConn,
    record: &mut ProcedureRecord,
    site: SiteId,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<(), LineFailure> {
    for d in record
        .dossier
        .iter_mut()
        .flat_map(|c| c.documents.iter_mut())
    {
        if let Some(path) = d.form_file.take() {
            let stored = options.store_file(conn, "form_file", &path, "mau-don", site, now)?;
            d.form = Some(stored.id);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_line_carries_every_component() {
        let text = "code,name,gov_level,field,agency,channels,dossier,legal_basis,online_level,legacy_level,submit_url,keywords\n\
            1.000001.000.00.00.H12,Cấp giấy phép,Cấp Tỉnh,Xây dựng,Sở Xây dựng,\"Trực tiếp;20 ngày;Không | Trực tuyến;15 ngày;50.000 đồng\",\"Đơn đề nghị;1;0 | Bản vẽ;0;2;Trường hợp sửa chữa\",32/2026/QĐ-UBND;Phân cấp,một phần,3,https://dichvucong.gov.vn,giấy phép|xây dựng\n";
        let lines = read_csv(text).unwrap();
        let line = lines[0].1.as_ref().unwrap();
        let r = &line.record;
        assert_eq!(r.gov_level, GovLevel::Province);
        assert_eq!(r.channels.len(), 2);
        assert_eq!(r.channels[1].way, Way::Online);
        assert_eq!(r.channels[1].fees, "50.000 đồng");
        assert_eq!(r.dossier.len(), 2);
        assert_eq!(r.dossier[1].case, "Trường hợp sửa chữa");
        assert_eq!(r.dossier[1].documents[0].copies, 2);
        assert_eq!(r.legal_basis[0].number_symbol, "32/2026/QĐ-UBND");
        assert_eq!(r.online_level, OnlineLevel::Partial);
        assert_eq!(r.legacy_level, Some(3));
        assert_eq!(r.keywords.len(), 2);
        assert!(r.clone().normalised().validate().is_empty());
    }

    #[test]
    fn a_csv_line_with_an_unknown_way_says_which() {
        let text = "code,name,field,agency,channels,online_level\nX.1,T,F,A,fax;1 ngày,\n";
        let lines = read_csv(text).unwrap();
        assert_eq!(
            lines[0].1.as_ref().unwrap_err(),
            "channel way \"fax\" unknown"
        );
    }

    #[test]
    fn a_json_line_reads_the_record_shape_with_site_and_language() {
        let lines = record_import::jsonl_lines::<ImportLine>(
            "{\"code\":\"X.1\",\"name\":\"T\",\"site\":\"sxd\",\"lang\":\"en\",\"online_level\":\"full\",\"dossier\":[{\"documents\":[{\"name\":\"Form\",\"originals\":1,\"form_file\":\"f.pdf\"}]}]}\n\nnot json\n",
        );
        assert_eq!(lines.len(), 2);
        let l = lines[0].1.as_ref().unwrap();
        assert_eq!(l.site.as_deref(), Some("sxd"));
        assert_eq!(l.record.online_level, OnlineLevel::Full);
        assert_eq!(
            l.record.dossier[0].documents[0].form_file.as_deref(),
            Some("f.pdf")
        );
        assert_eq!(lines[1].0, 3);
        assert!(lines[1].1.is_err());
    }
}
