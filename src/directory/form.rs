//! The editors' forms of organisation units and officials (see [`crate::record::form`]):
//! each declared as a list of fields read by the shared field rules ([`fields`]), with the
//! units, officials, registry documents and photos it may name offered from the store. A
//! record is checked by the rules an import line meets (`OrgUnit::validate`,
//! `Official::validate`, then the store's checks when the workflow saves it), so a form and
//! an import refuse the same input with the same words.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::kind::{Officials, OrgUnits};
use super::official::Official;
use super::store;
use super::unit::{OrgUnit, UnitKind};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::record::fields::{self, Cell, FieldSpec, Input};
use crate::record::form::FormKind;
use crate::record::stored::StoredForm;
use crate::record::RecordError;
use crate::review::store::RevisionForm;
use crate::site::hosts::Directory;
use crate::site::Site;

/// The kinds of unit, as [`UnitKind`] names them.
const UNIT_KINDS: &[&str] = &[
    "province",
    "department",
    "division",
    "service_unit",
    "commune",
];

const UNIT_FIELDS: &[FieldSpec] = &[
    FieldSpec::required("key", Input::Text),
    FieldSpec::required("name", Input::Text),
    FieldSpec::new("name_en", Input::Text),
    FieldSpec::required("kind", Input::Choice(UNIT_KINDS)),
    FieldSpec::new("parent", Input::Text),
    FieldSpec::new("functions", Input::LongText),
    FieldSpec::new("functions_en", Input::LongText),
    FieldSpec::new("legal_basis", Input::Text),
    FieldSpec::new("head", Input::Text),
    FieldSpec::new("address", Input::Text),
    FieldSpec::new("address_en", Input::Text),
    FieldSpec::new("phone", Input::Text),
    FieldSpec::new("fax", Input::Text),
    FieldSpec::new("email", Input::Text),
    FieldSpec::new("office_hours", Input::Text),
    FieldSpec::new("office_hours_en", Input::Text),
    FieldSpec::new("site", Input::Text),
    FieldSpec::new("order", Input::Count),
    FieldSpec::new("ended_on", Input::Date),
    FieldSpec::new("successor", Input::Text),
];

/// A post a line: `unit | chức vụ | title | from | to | order | x` (x: kiêm nhiệm).
const POSITION_CELLS: &[Cell] = &[
    Cell {
        name: "unit",
        input: Input::Text,
    },
    Cell {
        name: "title",
        input: Input::Text,
    },
    Cell {
        name: "title_en",
        input: Input::Text,
    },
    Cell {
        name: "from",
        input: Input::Date,
    },
    Cell {
        name: "to",
        input: Input::Date,
    },
    Cell {
        name: "order",
        input: Input::Count,
    },
    Cell {
        name: "concurrent",
        input: Input::Text,
    },
];

const OFFICIAL_FIELDS: &[FieldSpec] = &[
    FieldSpec::required("key", Input::Text),
    FieldSpec::required("name", Input::Text),
    FieldSpec::required("positions", Input::Rows(POSITION_CELLS)),
    FieldSpec::new("phone", Input::Text),
    FieldSpec::new("fax", Input::Text),
    FieldSpec::new("email", Input::Text),
    FieldSpec::new("photo", Input::Count),
    FieldSpec::new("leader", Input::Choice(&["no", "yes"])),
    FieldSpec::new("duties", Input::LongText),
    FieldSpec::new("duties_en", Input::LongText),
    FieldSpec::new("biography", Input::LongText),
    FieldSpec::new("biography_en", Input::LongText),
];

/// The fields chosen among what the store holds, and what their choices are.
#[derive(Clone, Copy)]
enum Lookup {
    Units,
    Officials,
    Documents,
    Photos,
    Sites,
}

fn lookup(field: &str) -> Option<Lookup> {
    match field {
        "parent" | "successor" => Some(Lookup::Units),
        "head" => Some(Lookup::Officials),
        "legal_basis" => Some(Lookup::Documents),
        "photo" => Some(Lookup::Photos),
        "site" => Some(Lookup::Sites),
        _ => None,
    }
}

/// The fields as the one record form template draws them (see `admin/record_form.html`),
/// labelled `directory-field-{name}`; the choices of the store are filled in later.
fn choices_of(
    spec: &[FieldSpec],
    headings: [&str; 2],
    t: &dyn Fn(&str) -> String,
    lang: Lang,
    sites: &Directory,
) -> Value {
    let fields: Vec<Value> = spec
        .iter()
        .map(|f| {
            let (kind, options): (&str, Vec<(String, String)>) = match (f.input, lookup(f.name)) {
                (_, Some(Lookup::Sites)) => (
                    "select",
                    sites
                        .sites
                        .iter()
                        .map(|s| (s.slug.clone(), s.name(lang).to_string()))
                        .collect(),
                ),
                (_, Some(_)) => ("select", Vec::new()),
                (Input::Choice(keys), None) => (
                    "select",
                    keys.iter()
                        .map(|k| {
                            let id = UnitKind::parse(k)
                                .map(UnitKind::message_id)
                                .unwrap_or_else(|| format!("directory-{}-{k}", f.name));
                            (k.to_string(), t(&id))
                        })
                        .collect(),
                ),
                (Input::LongText | Input::Rows(_), None) => ("textarea", Vec::new()),
                (Input::Date, None) => ("date", Vec::new()),
                (Input::Count, None) => ("number", Vec::new()),
                _ => ("text", Vec::new()),
            };
            let hint = match f.input {
                Input::Rows(_) => t(&format!("directory-hint-{}", f.name)),
                _ => String::new(),
            };
            json!({
                "name": f.name,
                "label": t(&format!("directory-field-{}", f.name)),
                "type": kind,
                "required": f.required,
                "options": options,
                "hint": hint,
            })
        })
        .collect();
    json!({
        "prefix": "directory",
        "fields": fields,
        "kind_heading": [t(headings[0]), t(headings[1])],
    })
}

/// Fills in the choices read from the store, named in `lang`.
fn with_lookups(conn: &mut DbConn, lang: Lang, mut choices: Value) -> Result<Value, RecordError> {
    let Some(fields) = choices["fields"].as_array_mut() else {
        return Ok(choices);
    };
    for f in fields {
        let options: Vec<(String, String)> = match f["name"].as_str().and_then(lookup) {
            Some(Lookup::Units) => store::units(conn)?
                .into_iter()
                .map(|u| (u.record.key.clone(), u.record.name_in(lang).to_string()))
                .collect(),
            Some(Lookup::Officials) => store::officials(conn)?
                .into_iter()
                .map(|o| (o.record.key, o.record.name))
                .collect(),
            Some(Lookup::Documents) => store::document_choices(conn)?
                .into_iter()
                .map(|(symbol, abstract_text)| {
                    let text: String = abstract_text.chars().take(80).collect();
                    (symbol.clone(), format!("{symbol} – {text}"))
                })
                .collect(),
            Some(Lookup::Photos) => store::photo_choices(conn)?
                .into_iter()
                .map(|(id, name)| (id.to_string(), format!("#{id} {name}")))
                .collect(),
            Some(Lookup::Sites) | None => continue,
        };
        f["options"] = json!(options);
    }
    Ok(choices)
}

/// The record a form describes: its fields read by the shared rules, then `adjust` (what
/// the rules cannot say: a mark that is a yes or no) when they could all be read.
fn read<R: DeserializeOwned>(
    spec: &[FieldSpec],
    form: &StoredForm,
    adjust: impl FnOnce(&mut Map<String, Value>) -> Vec<FieldError>,
) -> Result<R, Vec<FieldError>> {
    let (mut json, mut errors) = fields::from_form(spec, &form.fields);
    if errors.is_empty() {
        errors = adjust(&mut json);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut json = Value::Object(json);
    fields::normalise(&mut json);
    serde_json::from_value(json)
        .map_err(|_| vec![FieldError::new("record", "directory-record-missing")])
}

/// The form showing a record, after `adjust` wrote its marks back as typed.
fn show<R: Serialize>(
    spec: &[FieldSpec],
    record: &R,
    lang: Lang,
    adjust: impl FnOnce(&mut Value),
) -> StoredForm {
    let mut json = serde_json::to_value(record).unwrap_or(Value::Null);
    adjust(&mut json);
    StoredForm {
        lang: lang.code().to_string(),
        fields: fields::to_form(spec, &json),
        ..StoredForm::default()
    }
}

/// The record, or every error found; an item in English is refused, since one Vietnamese
/// item holds both languages (its English page reads the English fields).
fn checked<R>(
    form: &StoredForm,
    record: R,
    mut errors: Vec<FieldError>,
) -> Result<R, Vec<FieldError>> {
    if form.lang != Lang::Vi.code() {
        errors.push(FieldError::new("", "directory-one-item-both-languages"));
    }
    match errors.is_empty() {
        true => Ok(record),
        false => Err(errors),
    }
}

fn revision<R: Serialize>(title: &str, summary: &str, record: &R, note: &str) -> RevisionForm {
    // A unit or a person is the source of their own record.
    let mut revision =
        store::revision_of(title, summary, serde_json::to_string(record).ok(), title);
    revision.change_note = note.to_string();
    revision
}

fn blank() -> StoredForm {
    StoredForm {
        lang: Lang::Vi.code().to_string(),
        ..StoredForm::default()
    }
}

impl FormKind for OrgUnits {
    type Form = StoredForm;
    const ADMIN_PATH: &'static str = "units";
    const FORM_TEMPLATE: &'static str = "admin/record_form.html";
    const HEADINGS: [&'static str; 2] = ["stored-new", "stored-edit"];

    fn blank(_site: &Site) -> StoredForm {
        let mut form = blank();
        form.fields
            .insert("kind".into(), UnitKind::default().as_str().into());
        form
    }

    fn record(form: &StoredForm, sites: &Directory) -> Result<OrgUnit, Vec<FieldError>> {
        let unit: OrgUnit = read::<OrgUnit>(UNIT_FIELDS, form, |_| Vec::new())?.normalised();
        let mut errors = unit.validate();
        if let Some(slug) = unit.site.as_deref().filter(|s| sites.by_slug(s).is_none()) {
            errors.push(FieldError::new("site", "directory-unknown-site").with_detail(slug));
        }
        checked(form, unit, errors)
    }

    fn form(record: &OrgUnit, lang: Lang, _sites: &Directory) -> StoredForm {
        show(UNIT_FIELDS, record, lang, |_| {})
    }

    fn choices(t: &dyn Fn(&str) -> String, lang: Lang, sites: &Directory) -> Value {
        let headings = ["directory-unit-new", "directory-unit-edit"];
        choices_of(UNIT_FIELDS, headings, t, lang, sites)
    }

    fn stored_choices(conn: &mut DbConn, lang: Lang, choices: Value) -> Result<Value, RecordError> {
        with_lookups(conn, lang, choices)
    }

    fn revision(record: &OrgUnit, change_note: &str) -> RevisionForm {
        revision(&record.name, &record.name_en, record, change_note)
    }

    fn translation_key(record: &OrgUnit) -> String {
        store::translation_key(crate::content::ContentKind::OrgUnit, &record.key)
    }
}

/// Whether a position's last cell marks it concurrent (kiêm nhiệm): any mark but a no.
fn is_mark(text: &str) -> bool {
    !matches!(
        crate::text::fold(text.trim()).as_str(),
        "" | "0" | "no" | "khong" | "false"
    )
}

/// The marks of an official's form as the record has them: the leader's yes or no, each
/// post's concurrent mark, and a post without its unit, title or first day named by line.
fn official_marks(json: &mut Map<String, Value>) -> Vec<FieldError> {
    let leader = json.get("leader").and_then(Value::as_str) == Some("yes");
    json.insert("leader".into(), Value::Bool(leader));
    let mut errors = Vec::new();
    let rows = json.get_mut("positions").and_then(Value::as_array_mut);
    for (i, row) in rows.into_iter().flatten().enumerate() {
        let Some(row) = row.as_object_mut() else {
            continue;
        };
        let concurrent = row
            .get("concurrent")
            .and_then(Value::as_str)
            .is_some_and(is_mark);
        row.insert("concurrent".into(), Value::Bool(concurrent));
        if ["unit", "title", "from"]
            .iter()
            .any(|c| !row.contains_key(*c))
        {
            errors
                .push(FieldError::new("positions", "directory-position-incomplete").on_line(i + 1));
        }
    }
    errors
}

impl FormKind for Officials {
    type Form = StoredForm;
    const ADMIN_PATH: &'static str = "officials";
    const FORM_TEMPLATE: &'static str = "admin/record_form.html";
    const HEADINGS: [&'static str; 2] = ["stored-new", "stored-edit"];

    fn blank(_site: &Site) -> StoredForm {
        let mut form = blank();
        form.fields.insert("leader".into(), "no".into());
        form
    }

    fn record(form: &StoredForm, _sites: &Directory) -> Result<Official, Vec<FieldError>> {
        let official: Official =
            read::<Official>(OFFICIAL_FIELDS, form, official_marks)?.normalised();
        let errors = official.validate();
        checked(form, official, errors)
    }

    fn form(record: &Official, lang: Lang, _sites: &Directory) -> StoredForm {
        show(OFFICIAL_FIELDS, record, lang, |json| {
            json["leader"] = json!(if record.leader { "yes" } else { "no" });
            for row in json["positions"].as_array_mut().into_iter().flatten() {
                let concurrent = row["concurrent"] == true;
                row["concurrent"] = json!(if concurrent { "x" } else { "" });
            }
        })
    }

    fn choices(t: &dyn Fn(&str) -> String, lang: Lang, sites: &Directory) -> Value {
        let headings = ["directory-official-new", "directory-official-edit"];
        choices_of(OFFICIAL_FIELDS, headings, t, lang, sites)
    }

    fn stored_choices(conn: &mut DbConn, lang: Lang, choices: Value) -> Result<Value, RecordError> {
        with_lookups(conn, lang, choices)
    }

    fn revision(record: &Official, change_note: &str) -> RevisionForm {
        let title = record
            .positions
            .last()
            .map(|p| p.title.clone())
            .unwrap_or_default();
        revision(&record.name, &title, record, change_note)
    }

    fn translation_key(record: &Official) -> String {
        store::translation_key(crate::content::ContentKind::Official, &record.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(fields: &[(&str, &str)]) -> StoredForm {
        StoredForm {
            lang: "vi".into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..StoredForm::default()
        }
    }

    fn sites() -> Directory {
        Directory::new(Vec::new(), Vec::new(), Default::default())
    }

    #[test]
    fn the_unit_kinds_offered_are_every_kind() {
        let all: Vec<&str> = UnitKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(all, UNIT_KINDS);
    }

    #[test]
    fn an_official_reads_back_into_the_form_it_came_from() {
        let typed = form(&[
            ("key", "nguyen-an"),
            ("name", "Nguyễn Văn An"),
            ("leader", "yes"),
            ("email", "an@t.gov.vn"),
            (
                "positions",
                "t.sxd | Giám đốc | Director | 2020-01-01 | 2025-07-01 | 20 |\n\
                 t.ubnd | Phó Chủ tịch | Vice Chairman | 2025-07-01 |  | 3 |\n\
                 t.bcd | Trưởng ban | Head | 2025-08-01 | | 5 | x",
            ),
        ]);
        let official = Officials::record(&typed, &sites()).unwrap();
        assert!(official.leader);
        assert_eq!(official.positions.len(), 3);
        assert!(official.positions[2].concurrent);
        assert!(!official.positions[1].concurrent);
        let again = Officials::form(&official, Lang::Vi, &sites());
        assert_eq!(again.fields["leader"], "yes");
        assert_eq!(Officials::record(&again, &sites()).unwrap(), official);
    }

    #[test]
    fn an_officials_bad_input_is_named_by_the_import_rules() {
        let ids = |fields: &[(&str, &str)]| -> Vec<&'static str> {
            Officials::record(&form(fields), &sites())
                .unwrap_err()
                .iter()
                .map(|e| e.message_id)
                .collect()
        };
        let base = [("key", "nguyen-an"), ("name", "Nguyễn Văn An")];
        let with = |more: &[(&'static str, &'static str)]| {
            let mut all = base.to_vec();
            all.extend_from_slice(more);
            ids(&all)
        };
        assert_eq!(
            with(&[("positions", "t.a | Giám đốc | | 2025-01-01 | 2024-01-01")]),
            ["directory-position-end-before-start"]
        );
        assert_eq!(
            with(&[(
                "positions",
                "t.a | Giám đốc | | 2020-01-01\nt.b | Phó Chủ tịch | | 2024-01-01"
            )]),
            ["directory-position-overlap"]
        );
        assert_eq!(
            with(&[
                ("positions", "t.a | Giám đốc | | 2020-01-01"),
                ("phone", "gọi tổng đài")
            ]),
            ["directory-bad-phone"]
        );
        assert_eq!(
            with(&[
                ("positions", "t.a | Giám đốc | | 2020-01-01"),
                ("email", "an@")
            ]),
            ["directory-bad-email"]
        );
        assert_eq!(
            with(&[("positions", "t.a | Giám đốc")]),
            ["directory-position-incomplete"]
        );
        assert_eq!(
            with(&[("positions", "t.a | Giám đốc | | 1.1.2020")]),
            ["stored-error-date"]
        );
    }

    #[test]
    fn a_unit_reads_back_and_names_an_unknown_site() {
        let typed = form(&[
            ("key", "t.sxd"),
            ("name", "Sở Xây dựng"),
            ("kind", "department"),
            ("parent", "t.ubnd"),
            ("order", "4"),
            ("site", "khong-co"),
        ]);
        let errors = OrgUnits::record(&typed, &sites()).unwrap_err();
        assert_eq!(errors[0].message_id, "directory-unknown-site");
        let mut typed = typed;
        typed.fields.remove("site");
        let unit = OrgUnits::record(&typed, &sites()).unwrap();
        assert_eq!((unit.parent.as_deref(), unit.order), (Some("t.ubnd"), 4));
        let again = OrgUnits::form(&unit, Lang::Vi, &sites());
        assert_eq!(OrgUnits::record(&again, &sites()).unwrap(), unit);
        typed.lang = "en".into();
        let errors = OrgUnits::record(&typed, &sites()).unwrap_err();
        assert_eq!(errors[0].message_id, "directory-one-item-both-languages");
    }
}
