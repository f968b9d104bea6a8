//! The record of an administrative procedure (thủ tục hành chính) as the board enters it and
//! the workflow carries it: every component the national public service portal shows. Pure:
//! normalising, validation, and the keys lists and imports match by.

use serde::{Deserialize, Serialize};

use crate::review::store::FieldError;
use crate::text::{fold, nfc};

/// A procedure's record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcedureRecord {
    /// Mã thủ tục, as the national database numbers it (`1.001612.000.00.00.H12`).
    pub code: String,
    /// Quyết định công bố: the decision that announced it (`1234/QĐ-UBND`).
    pub decision: String,
    /// Tên thủ tục.
    pub name: String,
    /// Cấp thực hiện.
    pub gov_level: GovLevel,
    /// Lĩnh vực.
    pub field: String,
    /// Cơ quan thực hiện.
    pub agency: String,
    /// Cơ quan có thẩm quyền (when not the implementing agency).
    pub authority: String,
    /// Địa chỉ tiếp nhận hồ sơ.
    pub received_at: String,
    /// Trình tự thực hiện, one step each.
    pub steps: Vec<String>,
    /// Cách thức thực hiện, each with its own time limit and fees.
    pub channels: Vec<Channel>,
    /// Thành phần hồ sơ, grouped by case.
    pub dossier: Vec<DossierCase>,
    /// Đối tượng thực hiện.
    pub eligible: String,
    /// Kết quả thực hiện.
    pub result: String,
    /// Căn cứ pháp lý.
    pub legal_basis: Vec<LegalBasis>,
    /// Yêu cầu, điều kiện thực hiện.
    pub requirements: String,
    /// Từ khóa.
    pub keywords: Vec<String>,
    /// Thủ tục liên quan, by code.
    pub related: Vec<String>,
    /// Mức độ dịch vụ công trực tuyến (Decree 42/2022).
    pub online_level: OnlineLevel,
    /// The old scale 1–4, when imported data carries it.
    pub legacy_level: Option<u8>,
    /// Where the dossier is submitted online (the national or provincial portal).
    pub submit_url: String,
}

crate::text_enum! {
    /// Cấp thực hiện: which tier of government performs it (two tiers since 1 July 2025; the
    /// district tier is kept for procedures announced before).
    #[derive(Default)]
    pub enum GovLevel {
        /// Cấp Trung ương (performed locally on behalf of a ministry).
        Central = "central",
        /// Cấp Tỉnh.
        #[default]
        Province = "province",
        /// Cấp Huyện (before 1 July 2025).
        District = "district",
        /// Cấp Xã.
        Commune = "commune",
    }
}

impl GovLevel {
    /// The key or its Vietnamese name, as people type it (`Cấp Tỉnh`, `tinh`).
    pub fn from_label(s: &str) -> Option<GovLevel> {
        let folded = fold(s.trim());
        let word = folded.trim_start_matches("cap ").trim();
        GovLevel::ALL.iter().copied().find(|l| {
            l.as_str() == word
                || matches!(
                    (l, word),
                    (GovLevel::Central, "trung uong")
                        | (GovLevel::Province, "tinh")
                        | (GovLevel::District, "huyen")
                        | (GovLevel::Commune, "xa")
                )
        })
    }

    pub fn message_id(self) -> String {
        format!("services-level-{}", self.as_str())
    }
}

crate::text_enum! {
    /// Mức độ: Decree 42/2022 art. 11 classes an online public service as full ("toàn trình":
    /// submitted, paid and returned online) or partial ("một phần"); other procedures are
    /// performed in person or by post only.
    #[derive(Default)]
    pub enum OnlineLevel {
        /// Dịch vụ công trực tuyến toàn trình.
        Full = "full",
        /// Dịch vụ công trực tuyến một phần.
        Partial = "partial",
        /// Not an online service.
        #[default]
        None = "none",
    }
}

impl OnlineLevel {
    /// The key or its Vietnamese name, as people type it (`toàn trình`, `một phần`).
    pub fn from_label(s: &str) -> Option<OnlineLevel> {
        let folded = fold(s.trim());
        let word = folded.trim_start_matches("dich vu cong truc tuyen ").trim();
        match word {
            "full" | "toan trinh" => Some(OnlineLevel::Full),
            "partial" | "mot phan" => Some(OnlineLevel::Partial),
            "none" | "" | "khong" => Some(OnlineLevel::None),
            _ => None,
        }
    }

    pub fn is_online(self) -> bool {
        self != OnlineLevel::None
    }

    pub fn message_id(self) -> String {
        format!("services-online-{}", self.as_str())
    }
}

/// Cách thức thực hiện: one way of submitting, with its own time limit and fees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    pub way: Way,
    /// Thời hạn giải quyết, as announced (`15 ngày làm việc kể từ ngày nhận đủ hồ sơ`).
    #[serde(default)]
    pub processing_time: String,
    /// Phí, lệ phí (`Lệ phí: 100.000 đồng`; `Không`).
    #[serde(default)]
    pub fees: String,
    #[serde(default)]
    pub note: String,
}

crate::text_enum! {
    /// How a dossier reaches the agency.
    pub enum Way {
        /// Trực tiếp.
        InPerson = "in_person",
        /// Trực tuyến.
        Online = "online",
        /// Dịch vụ bưu chính.
        Post = "post",
    }
}

impl Way {
    /// The key or its Vietnamese name, as people type it (`Trực tiếp`, `Dịch vụ bưu chính`).
    pub fn from_label(s: &str) -> Option<Way> {
        match fold(s.trim()).as_str() {
            "in_person" | "truc tiep" => Some(Way::InPerson),
            "online" | "truc tuyen" => Some(Way::Online),
            "post" | "buu chinh" | "dich vu buu chinh" => Some(Way::Post),
            _ => None,
        }
    }

    pub fn message_id(self) -> String {
        format!("services-way-{}", self.as_str().replace('_', "-"))
    }
}

/// The dossier for one case (`Trường hợp cấp lại`); an unnamed case is every case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierCase {
    pub case: String,
    pub documents: Vec<DossierDocument>,
}

/// One paper of a dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierDocument {
    /// Tên giấy tờ (`Tờ khai đăng ký khai sinh theo mẫu`).
    pub name: String,
    /// Bản chính.
    pub originals: u32,
    /// Bản sao.
    pub copies: u32,
    /// The form to download (mẫu đơn, tờ khai), from the media library.
    pub form: Option<i32>,
    /// A form file beside an import file, read by imports and never stored in the record.
    #[serde(skip_serializing)]
    pub form_file: Option<String>,
}

/// A document the procedure rests on, by number-symbol (linked to the legal registry when
/// the document is there) and title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LegalBasis {
    pub number_symbol: String,
    pub title: String,
}

/// The key a procedure code is matched by (imports, the API, related procedures).
pub fn code_key(code: &str) -> String {
    code.trim().to_uppercase()
}

/// A code as the national database writes it: letters, digits, `.` and `-`.
fn code_is_well_formed(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 60
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

impl ProcedureRecord {
    /// Normalises what was typed: NFC, trimmed, empty entries dropped.
    pub fn normalised(mut self) -> ProcedureRecord {
        let clean = |s: &mut String| *s = nfc(s.trim());
        let list = |v: &mut Vec<String>| {
            *v = v
                .iter()
                .map(|s| nfc(s.trim()))
                .filter(|s| !s.is_empty())
                .collect()
        };
        self.code = self.code.trim().to_string();
        clean(&mut self.decision);
        clean(&mut self.name);
        clean(&mut self.field);
        clean(&mut self.agency);
        clean(&mut self.authority);
        clean(&mut self.received_at);
        clean(&mut self.eligible);
        clean(&mut self.result);
        clean(&mut self.requirements);
        clean(&mut self.submit_url);
        list(&mut self.steps);
        list(&mut self.keywords);
        list(&mut self.related);
        self.related = self.related.iter().map(|c| code_key(c)).collect();
        for c in &mut self.channels {
            clean(&mut c.processing_time);
            clean(&mut c.fees);
            clean(&mut c.note);
        }
        for case in &mut self.dossier {
            clean(&mut case.case);
            for d in &mut case.documents {
                clean(&mut d.name);
            }
            case.documents.retain(|d| !d.name.is_empty());
        }
        self.dossier
            .retain(|c| !c.documents.is_empty() || !c.case.is_empty());
        for b in &mut self.legal_basis {
            clean(&mut b.number_symbol);
            clean(&mut b.title);
        }
        self.legal_basis
            .retain(|b| !b.number_symbol.is_empty() || !b.title.is_empty());
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
        need(!self.code.is_empty(), "code", "form-required");
        need(
            self.code.is_empty() || code_is_well_formed(&self.code),
            "code",
            "services-bad-code",
        );
        need(!self.name.is_empty(), "name", "form-required");
        need(self.name.chars().count() <= 1000, "name", "form-too-long");
        need(!self.field.is_empty(), "field", "form-required");
        need(self.field.chars().count() <= 300, "field", "form-too-long");
        need(!self.agency.is_empty(), "agency", "form-required");
        need(
            self.agency.chars().count() <= 300,
            "agency",
            "form-too-long",
        );
        need(!self.channels.is_empty(), "channels", "services-no-channel");
        need(
            self.legacy_level.is_none_or(|l| (1..=4).contains(&l)),
            "legacy_level",
            "services-bad-legacy-level",
        );
        need(
            self.submit_url.is_empty()
                || self.submit_url.starts_with("https://")
                || self.submit_url.starts_with("http://"),
            "submit_url",
            "services-bad-url",
        );
        // An online service is submitted online somewhere (Decree 42/2022 art. 11).
        need(
            !self.online_level.is_online()
                || (self.channels.iter().any(|c| c.way == Way::Online)
                    && !self.submit_url.is_empty()),
            "online_level",
            "services-online-needs-channel",
        );
        need(
            self.dossier
                .iter()
                .flat_map(|c| &c.documents)
                .all(|d| d.originals <= 20 && d.copies <= 20),
            "dossier",
            "services-bad-count",
        );
        need(
            self.related.iter().all(|c| code_is_well_formed(c)),
            "related",
            "services-bad-code",
        );
        let text: usize = self.steps.iter().map(String::len).sum::<usize>()
            + self.requirements.len()
            + self.eligible.len()
            + self.result.len();
        need(text <= 1_000_000, "steps", "form-too-long");
        errors
    }

    /// The key the procedure is matched by.
    pub fn code_key(&self) -> String {
        code_key(&self.code)
    }

    /// The media library files its dossier offers to download.
    pub fn forms(&self) -> Vec<i32> {
        let mut ids: Vec<i32> = self
            .dossier
            .iter()
            .flat_map(|c| &c.documents)
            .filter_map(|d| d.form)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ProcedureRecord {
        ProcedureRecord {
            code: "1.001193.000.00.00.H12".into(),
            name: "Đăng ký khai sinh".into(),
            gov_level: GovLevel::Commune,
            field: "Hộ tịch".into(),
            agency: "Ủy ban nhân dân cấp xã".into(),
            channels: vec![Channel {
                way: Way::Online,
                processing_time: "Trong ngày".into(),
                fees: "Miễn lệ phí".into(),
                note: String::new(),
            }],
            online_level: OnlineLevel::Full,
            submit_url: "https://dichvucong.gov.vn".into(),
            ..ProcedureRecord::default()
        }
    }

    #[test]
    fn a_complete_record_is_valid() {
        assert!(record().validate().is_empty());
    }

    #[test]
    fn an_online_service_needs_an_online_channel_and_where_to_submit() {
        let mut r = record();
        r.submit_url.clear();
        assert_eq!(r.validate()[0].field, "online_level");
        let mut r = record();
        r.channels[0].way = Way::InPerson;
        assert_eq!(r.validate()[0].message_id, "services-online-needs-channel");
        r.online_level = OnlineLevel::None;
        assert!(r.validate().is_empty());
    }

    #[test]
    fn codes_levels_and_urls_are_checked() {
        let mut r = record();
        r.code = "1.0011 93".into();
        r.legacy_level = Some(5);
        r.submit_url = "javascript:alert(1)".into();
        let fields: Vec<&str> = r.validate().iter().map(|e| e.field).collect();
        assert!(fields.contains(&"code"));
        assert!(fields.contains(&"legacy_level"));
        assert!(fields.contains(&"submit_url"));
    }

    #[test]
    fn names_of_levels_and_ways_are_read_in_vietnamese_or_as_keys() {
        assert_eq!(GovLevel::from_label("Cấp Tỉnh"), Some(GovLevel::Province));
        assert_eq!(GovLevel::from_label("commune"), Some(GovLevel::Commune));
        assert_eq!(GovLevel::from_label("cấp thôn"), None);
        assert_eq!(
            OnlineLevel::from_label("Toàn trình"),
            Some(OnlineLevel::Full)
        );
        assert_eq!(
            OnlineLevel::from_label("Dịch vụ công trực tuyến một phần"),
            Some(OnlineLevel::Partial)
        );
        assert_eq!(Way::from_label("Dịch vụ bưu chính"), Some(Way::Post));
        assert_eq!(Way::from_label("fax"), None);
    }

    #[test]
    fn normalising_drops_empty_entries_and_keys_related_codes() {
        let mut r = record();
        r.steps = vec![" Bước 1 ".into(), "  ".into()];
        r.related = vec![" 1.000656.000.00.00.h12 ".into()];
        r.dossier = vec![DossierCase {
            case: String::new(),
            documents: vec![DossierDocument {
                name: " ".into(),
                ..DossierDocument::default()
            }],
        }];
        let r = r.normalised();
        assert_eq!(r.steps, vec!["Bước 1".to_string()]);
        assert_eq!(r.related, vec!["1.000656.000.00.00.H12".to_string()]);
        assert!(r.dossier.is_empty());
    }

    #[test]
    fn an_import_form_file_is_never_part_of_the_stored_record() {
        let mut r = record();
        r.dossier = vec![DossierCase {
            case: String::new(),
            documents: vec![DossierDocument {
                name: "Tờ khai".into(),
                originals: 1,
                copies: 0,
                form: Some(7),
                form_file: Some("to-khai.pdf".into()),
            }],
        }];
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("to-khai.pdf"));
        assert_eq!(r.forms(), vec![7]);
    }
}
