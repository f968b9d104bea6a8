//! Public consultation on draft documents (lấy ý kiến dự thảo; regulation 004 art. 8.2i,
//! the Law on Promulgation of Legal Documents): the consultation record, its phase derived
//! from the clock, the minimum periods of the law, citizens' comments and their moderation,
//! and the drafting agency's report answering every comment (báo cáo tổng hợp, tiếp thu,
//! giải trình). Pure: no database and no HTTP here; storage is in [`store`].

pub mod demo;
pub mod form;
pub mod kind;
pub mod store;
pub mod view;

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::field::FieldError;
use crate::legal::articles::{self, Article};
use crate::text::{has_control_characters, nfc};

crate::typed_id! {
    /// A citizen's comment (góp ý) on a consultation.
    pub struct CommentId;
}

crate::text_enum! {
    /// The kind of draft (hình thức văn bản dự thảo): decides the minimum period of the law.
    pub enum DraftType {
        /// Luật, nghị quyết của Quốc hội.
        Law = "law",
        /// Pháp lệnh, nghị quyết của Ủy ban Thường vụ Quốc hội.
        Ordinance = "ordinance",
        /// Lệnh, quyết định của Chủ tịch nước.
        PresidentOrder = "president_order",
        /// Nghị định, nghị quyết của Chính phủ.
        Decree = "decree",
        /// Quyết định của Thủ tướng Chính phủ.
        PrimeMinisterDecision = "prime_minister_decision",
        /// Thông tư.
        Circular = "circular",
        /// Nghị quyết của Hội đồng nhân dân (tỉnh or xã).
        CouncilResolution = "council_resolution",
        /// Quyết định của Ủy ban nhân dân (tỉnh or xã).
        CommitteeDecision = "committee_decision",
        /// Not a normative document: a plan, scheme, programme or administrative regulation
        /// the agency chooses to consult on (kế hoạch, đề án, quy chế).
        Other = "other",
    }
}

crate::text_enum! {
    /// Where a consultation stands, derived from the clock (never stored).
    pub enum Phase {
        /// Published, not yet open for comments (sắp lấy ý kiến).
        Upcoming = "upcoming",
        /// Taking comments (đang lấy ý kiến).
        Open = "open",
        /// Past its closing moment (đã hết hạn góp ý).
        Closed = "closed",
    }
}

crate::text_enum! {
    /// Where a comment stands in moderation: public only once approved.
    pub enum Moderation {
        Pending = "pending",
        Approved = "approved",
        /// Not public, but counted and kept for the report with its reason.
        Rejected = "rejected",
    }
}

crate::text_enum! {
    /// Why a moderator rejected a comment.
    pub enum RejectReason {
        Spam = "spam",
        /// Xúc phạm, lăng mạ.
        Abuse = "abuse",
        /// Không liên quan đến dự thảo.
        OffTopic = "off_topic",
        /// The comment exposes someone's personal data.
        PersonalData = "personal_data",
    }
}

crate::text_enum! {
    /// The drafting agency's answer to a comment or a group of similar ones.
    pub enum Verdict {
        /// Tiếp thu.
        Accepted = "accepted",
        /// Tiếp thu một phần.
        PartlyAccepted = "partly_accepted",
        /// Không tiếp thu (giải trình).
        NotAccepted = "not_accepted",
    }
}

crate::text_enum! {
    /// What a file of a consultation is.
    pub enum FileRole {
        /// Dự thảo.
        Draft = "draft",
        /// Tờ trình.
        Explanatory = "explanatory",
        /// Tài liệu khác.
        Other = "other",
    }
}

/// What the installation sets for consultations.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The period a new consultation is given, in days (the law's minimum out of the box).
    pub default_days: u32,
    /// Days after a consultation closes that its commenters' e-mail addresses are kept
    /// (the report's mail needs them); afterwards they are anonymised.
    pub retention_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            default_days: STATUTORY_MINIMUM_DAYS,
            retention_days: 365,
        }
    }
}

/// Law 64/2025/QH15 on Promulgation of Legal Documents (in force 1 April 2025) posts every
/// draft normative document on the drafting agency's portal for comments for at least 20
/// days, for each kind of document in its own article (e.g. art. 44 for the President's
/// orders and decisions), where the 2015 law (80/2015/QH13) asked 60 days. A document built
/// under the simplified procedure (thủ tục rút gọn) has no such minimum.
pub const STATUTORY_MINIMUM_DAYS: u32 = 20;

impl DraftType {
    /// The minimum period the law sets for a draft of this kind, in days, if any.
    pub fn minimum_days(self, simplified: bool) -> Option<u32> {
        match self {
            // Not a normative document: the law sets no period.
            DraftType::Other => None,
            _ if simplified => None,
            _ => Some(STATUTORY_MINIMUM_DAYS),
        }
    }
}

/// The phase of a consultation open from `opens_at` until `closes_at` (UTC), at `now`.
pub fn phase(opens_at: NaiveDateTime, closes_at: NaiveDateTime, now: NaiveDateTime) -> Phase {
    if now < opens_at {
        Phase::Upcoming
    } else if now < closes_at {
        Phase::Open
    } else {
        Phase::Closed
    }
}

/// A file of a consultation, from the media library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationFile {
    pub media_id: i32,
    pub role: FileRole,
    #[serde(default)]
    pub label: String,
}

/// The answer to one comment or a group of similar ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The comments it answers (one, or a group).
    pub comments: Vec<CommentId>,
    pub verdict: Verdict,
    /// Giải trình: why accepted, partly or not.
    pub explanation: String,
}

/// Đợt lấy ý kiến: the record each revision of a consultation carries. Its title and
/// summary are the item's; moments are UTC (entered and shown in UTC+7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultationRecord {
    /// Cơ quan chủ trì soạn thảo, as named on the page (a site's or a unit's name).
    pub agency: String,
    pub draft_type: DraftType,
    /// Built under the simplified procedure (no statutory minimum period).
    pub simplified: bool,
    /// The draft's full text in Markdown; its articles (`Điều 3. …`) are anchored
    /// `#dieu-3` so a comment can name one.
    pub draft_text: String,
    pub files: Vec<ConsultationFile>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    /// Why the period is shorter than the law's minimum; shown publicly. Only a board head
    /// publishes, so only a board head can open such a consultation.
    pub shortened_reason: String,
    /// The contact person (người đầu mối) and how to reach them.
    pub contact: String,
    /// Where comments by post go (regulation 004 art. 8.2i).
    pub postal_address: String,
    /// Where comments by e-mail go.
    pub email: String,
    /// Other sites the consultation also appears on (its own site always shows it).
    pub also_on: Vec<i32>,
    /// The report's answers; published with the revision that sets `report_published`.
    pub answers: Vec<Answer>,
    /// The report is published with this revision (after closing, every comment answered).
    pub report_published: bool,
    /// The legal document issued after the consultation (ban hành sau lấy ý kiến), by
    /// its content id in the registry.
    pub final_document: Option<i32>,
}

impl Default for ConsultationRecord {
    fn default() -> Self {
        let epoch = chrono::DateTime::UNIX_EPOCH.naive_utc();
        ConsultationRecord {
            agency: String::new(),
            draft_type: DraftType::CommitteeDecision,
            simplified: false,
            draft_text: String::new(),
            files: Vec::new(),
            opens_at: epoch,
            closes_at: epoch,
            shortened_reason: String::new(),
            contact: String::new(),
            postal_address: String::new(),
            email: String::new(),
            also_on: Vec::new(),
            answers: Vec::new(),
            report_published: false,
            final_document: None,
        }
    }
}

impl ConsultationRecord {
    /// The draft's text split into its preamble and articles (the legal registry's rule).
    pub fn articles(&self) -> (String, Vec<Article>) {
        articles::split(&self.draft_text)
    }

    /// The anchors a comment may name (`dieu-3`).
    pub fn anchors(&self) -> Vec<String> {
        self.articles().1.iter().map(Article::anchor).collect()
    }

    /// The period in whole days (rounded down).
    pub fn period_days(&self) -> i64 {
        (self.closes_at - self.opens_at).num_days()
    }

    /// Shorter than the law's minimum for its kind of draft.
    pub fn is_shortened(&self) -> bool {
        self.draft_type
            .minimum_days(self.simplified)
            .is_some_and(|min| {
                (self.closes_at - self.opens_at) < chrono::Duration::days(min.into())
            })
    }

    /// Normalises what was typed: NFC, trimmed.
    pub fn normalised(mut self) -> ConsultationRecord {
        for s in [
            &mut self.agency,
            &mut self.shortened_reason,
            &mut self.contact,
            &mut self.postal_address,
            &mut self.email,
        ] {
            *s = nfc(s.trim());
        }
        self.draft_text = nfc(self.draft_text.trim());
        for a in &mut self.answers {
            a.explanation = nfc(a.explanation.trim());
        }
        self.also_on.sort_unstable();
        self.also_on.dedup();
        self
    }

    /// What is wrong with the record on its own (the store checks what needs the database:
    /// the comments answered, the files, the final document).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut need = |ok: bool, field, message_id| {
            if !ok {
                problems.push(FieldError::new(field, message_id));
            }
        };
        for (field, text) in [
            ("agency", &self.agency),
            ("draft_text", &self.draft_text),
            ("shortened_reason", &self.shortened_reason),
            ("contact", &self.contact),
            ("postal_address", &self.postal_address),
            ("email", &self.email),
        ] {
            need(!has_control_characters(text), field, "form-error-control");
        }
        need(!self.agency.is_empty(), "agency", "form-required");
        need(
            !self.draft_text.is_empty(),
            "draft_text",
            "consultation-error-draft",
        );
        need(
            self.closes_at > self.opens_at,
            "closes_at",
            "consultation-error-period",
        );
        // The law's minimum, unless the board head states why publicly (a shorter period
        // without a reason is refused).
        need(
            !self.is_shortened() || self.shortened_reason.chars().count() >= 10,
            "shortened_reason",
            "consultation-error-shortened",
        );
        need(
            self.email.is_empty() || crate::inbox::is_email(&self.email),
            "email",
            "consultation-error-email",
        );
        let mut answered = std::collections::BTreeSet::new();
        for a in &self.answers {
            need(
                !a.comments.is_empty(),
                "answers",
                "consultation-error-answer-empty",
            );
            need(
                !a.explanation.is_empty(),
                "answers",
                "consultation-error-explanation",
            );
            for c in &a.comments {
                need(
                    answered.insert(*c),
                    "answers",
                    "consultation-error-answered-twice",
                );
            }
        }
        problems.dedup();
        problems
    }
}

/// The public comment form, with the form names of the issue.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub name: String,
    pub email: String,
    pub organisation: String,
    /// `dieu-3`, or empty for a comment on the whole draft.
    pub article: String,
    pub comment: String,
    /// Consent to show the name (and to be mailed the report).
    pub consent: Option<String>,
    /// The honeypot: hidden from people, filled in by robots.
    pub website: String,
}

/// A comment as checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub name: String,
    pub email: String,
    pub organisation: String,
    /// Empty for a general comment.
    pub article: String,
    pub body: String,
    pub consent: bool,
}

/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// Checks the public form against the draft's articles: every problem at once.
pub fn validate_comment(
    form: &CommentForm,
    anchors: &[String],
) -> Result<NewComment, Vec<FieldError>> {
    let mut problems = Vec::new();
    let typed = [
        ("name", &form.name),
        ("email", &form.email),
        ("organisation", &form.organisation),
        ("article", &form.article),
        ("comment", &form.comment),
    ];
    for (field, value) in typed {
        if has_control_characters(value) {
            problems.push(FieldError::new(field, "form-error-control"));
        }
    }
    let controlled: Vec<&str> = problems.iter().map(|p| p.field).collect();
    let mut problem = |field, message_id| {
        if !controlled.contains(&field) {
            problems.push(FieldError::new(field, message_id));
        }
    };
    let name = nfc(form.name.trim());
    if name.is_empty() {
        problem("name", "ask-error-name");
    } else if name.chars().count() > 120 {
        problem("name", "ask-error-too-long");
    }
    let email = form.email.trim().to_string();
    if !crate::inbox::is_email(&email) {
        problem("email", "ask-error-email");
    }
    let organisation = nfc(form.organisation.trim());
    if organisation.chars().count() > 200 {
        problem("organisation", "ask-error-too-long");
    }
    let article = form.article.trim().to_ascii_lowercase();
    if !article.is_empty() && !anchors.contains(&article) {
        problem("article", "consultation-error-article");
    }
    let body = nfc(form.comment.trim());
    if body.chars().count() < 10 {
        problem("comment", "consultation-error-comment");
    } else if body.chars().count() > MAX_COMMENT_CHARS {
        problem("comment", "ask-error-too-long");
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(NewComment {
        name,
        email,
        organisation,
        article,
        body,
        // A checked box sends `on`; an unchecked one nothing (an empty value is no consent).
        consent: form
            .consent
            .as_deref()
            .is_some_and(|v| !v.trim().is_empty()),
    })
}

/// The name a published comment shows: the commenter's with consent, else "Người góp ý"
/// (the message id `consultation-anonymous`).
pub fn shown_name(name: &str, consent: bool) -> Option<&str> {
    (consent && !name.is_empty()).then_some(name)
}

/// Comments received and published on one article (or the draft as a whole: `""`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleCount {
    pub article: String,
    /// Every comment received, rejected ones included.
    pub received: usize,
    pub published: usize,
}

/// Counts per article, in the draft's order (general comments first); articles without
/// comments are listed too, so the page shows every article's count.
pub fn counts_per_article(
    anchors: &[String],
    comments: &[(String, Moderation)],
) -> Vec<ArticleCount> {
    let mut counts: Vec<ArticleCount> = std::iter::once(String::new())
        .chain(anchors.iter().cloned())
        .map(|article| ArticleCount {
            article,
            ..ArticleCount::default()
        })
        .collect();
    for (article, moderation) in comments {
        let Some(c) = counts.iter_mut().find(|c| &c.article == article) else {
            continue;
        };
        c.received += 1;
        if *moderation == Moderation::Approved {
            c.published += 1;
        }
    }
    counts
}

/// The figures of the report (báo cáo tổng hợp).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportCounts {
    pub received: usize,
    pub published: usize,
    pub rejected: usize,
    /// Rejected, by reason.
    pub rejected_by: BTreeMap<String, usize>,
    /// Answered comments, by verdict.
    pub by_verdict: BTreeMap<String, usize>,
}

/// Why a report cannot be published yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportRefusal {
    /// Only after closing.
    NotClosed,
    /// A comment still waits for moderation.
    Unmoderated,
    /// An approved comment has no answer.
    Unanswered,
    /// An answer names a comment of another consultation, or a rejected one.
    UnknownComment,
}

impl ReportRefusal {
    pub fn message_id(self) -> &'static str {
        match self {
            ReportRefusal::NotClosed => "consultation-error-report-open",
            ReportRefusal::Unmoderated => "consultation-error-report-unmoderated",
            ReportRefusal::Unanswered => "consultation-error-report-unanswered",
            ReportRefusal::UnknownComment => "consultation-error-report-unknown",
        }
    }
}

/// Whether answers may be given to these comments (each answer naming approved comments of
/// the consultation) and, when `publishing`, whether the report is complete.
pub fn check_report(
    phase: Phase,
    comments: &[(CommentId, Moderation)],
    answers: &[Answer],
    publishing: bool,
) -> Result<(), ReportRefusal> {
    let approved = |id: &CommentId| {
        comments
            .iter()
            .any(|(c, m)| c == id && *m == Moderation::Approved)
    };
    if answers
        .iter()
        .flat_map(|a| &a.comments)
        .any(|c| !approved(c))
    {
        return Err(ReportRefusal::UnknownComment);
    }
    if !publishing {
        return Ok(());
    }
    if phase != Phase::Closed {
        return Err(ReportRefusal::NotClosed);
    }
    if comments.iter().any(|(_, m)| *m == Moderation::Pending) {
        return Err(ReportRefusal::Unmoderated);
    }
    let answered: Vec<CommentId> = answers.iter().flat_map(|a| a.comments.clone()).collect();
    if comments
        .iter()
        .any(|(c, m)| *m == Moderation::Approved && !answered.contains(c))
    {
        return Err(ReportRefusal::Unanswered);
    }
    Ok(())
}

/// The report's figures from the comments (with their rejection reasons) and the answers.
pub fn report_counts(
    comments: &[(CommentId, Moderation, Option<RejectReason>)],
    answers: &[Answer],
) -> ReportCounts {
    let mut counts = ReportCounts {
        received: comments.len(),
        ..ReportCounts::default()
    };
    for (_, moderation, reason) in comments {
        match moderation {
            Moderation::Approved => counts.published += 1,
            Moderation::Rejected => {
                counts.rejected += 1;
                let reason = reason.map_or("", |r| r.as_str()).to_string();
                *counts.rejected_by.entry(reason).or_default() += 1;
            }
            Moderation::Pending => {}
        }
    }
    for a in answers {
        *counts
            .by_verdict
            .entry(a.verdict.as_str().to_string())
            .or_default() += a.comments.len();
    }
    counts
}

/// The consultations' scheduled jobs: noting closings (every minute, so caches and feeds
/// follow the closing moment) and the retention of commenters' addresses (daily).
pub fn jobs(settings: Settings) -> Vec<crate::jobs::ScheduledJob> {
    vec![
        crate::jobs::ScheduledJob {
            name: "consultation-closing",
            every: chrono::Duration::minutes(1),
            run: Box::new(|conn, now| {
                let n = store::note_closed(conn, now.naive_utc()).map_err(|e| e.to_string())?;
                Ok(
                    crate::render::note::Note::new("job-report-consultation-closing")
                        .arg("count", n)
                        .into(),
                )
            }),
        },
        crate::jobs::ScheduledJob {
            name: "consultation-retention",
            every: chrono::Duration::hours(24),
            run: Box::new(move |conn, now| {
                let n = store::anonymise_expired(conn, &settings, now.naive_utc())
                    .map_err(|e| e.to_string())?;
                Ok(
                    crate::render::note::Note::new("job-report-consultation-retention")
                        .arg("count", n)
                        .into(),
                )
            }),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("a valid moment")
    }

    fn record(opens: NaiveDateTime, closes: NaiveDateTime) -> ConsultationRecord {
        ConsultationRecord {
            agency: "Sở Khoa học và Công nghệ".into(),
            draft_text: "Điều 1. Phạm vi\nA.\nĐiều 2. Đối tượng\nB.\nĐiều 3. Hiệu lực\nC.".into(),
            opens_at: opens,
            closes_at: closes,
            ..ConsultationRecord::default()
        }
    }

    #[test]
    fn the_phase_follows_the_clock_and_the_closing_moment_is_closed() {
        let (opens, closes) = (at(1, 1), at(21, 1));
        assert_eq!(phase(opens, closes, at(1, 0)), Phase::Upcoming);
        assert_eq!(phase(opens, closes, opens), Phase::Open);
        assert_eq!(phase(opens, closes, at(21, 0)), Phase::Open);
        assert_eq!(phase(opens, closes, closes), Phase::Closed);
    }

    #[test]
    fn normative_drafts_need_twenty_days_unless_simplified_others_need_none() {
        assert_eq!(DraftType::CommitteeDecision.minimum_days(false), Some(20));
        assert_eq!(DraftType::Law.minimum_days(false), Some(20));
        assert_eq!(DraftType::CouncilResolution.minimum_days(true), None);
        assert_eq!(DraftType::Other.minimum_days(false), None);
        assert_eq!(Settings::default().default_days, 20);
    }

    #[test]
    fn a_shorter_period_needs_a_public_reason() {
        let mut r = record(at(1, 1), at(11, 1));
        assert!(r.is_shortened());
        assert_eq!(
            r.problems(),
            vec![FieldError::new(
                "shortened_reason",
                "consultation-error-shortened"
            )]
        );
        r.shortened_reason = "Thực hiện chỉ đạo khẩn của Chính phủ về phòng chống bão lũ".into();
        assert!(r.problems().is_empty());
        let full = record(at(1, 1), at(21, 1));
        assert!(!full.is_shortened());
        assert!(full.problems().is_empty());
        let other = ConsultationRecord {
            draft_type: DraftType::Other,
            ..record(at(1, 1), at(4, 1))
        };
        assert!(other.problems().is_empty(), "no statutory minimum");
    }

    #[test]
    fn a_period_must_end_after_it_starts_and_an_email_must_be_one() {
        let mut r = record(at(5, 1), at(5, 1));
        r.email = "gopy@".into();
        let fields: Vec<&str> = r.problems().iter().map(|p| p.field).collect();
        assert!(fields.contains(&"closes_at"));
        assert!(fields.contains(&"email"));
    }

    #[test]
    fn comments_name_an_article_of_the_draft_or_none() {
        let r = record(at(1, 1), at(21, 1));
        let anchors = r.anchors();
        assert_eq!(anchors, vec!["dieu-1", "dieu-2", "dieu-3"]);
        let form = CommentForm {
            name: "Nguyễn Văn A".into(),
            email: "a@example.vn".into(),
            article: "dieu-3".into(),
            comment: "Đề nghị lùi ngày hiệu lực thêm ba tháng.".into(),
            consent: Some("on".into()),
            ..CommentForm::default()
        };
        let ok = validate_comment(&form, &anchors).expect("a valid comment");
        assert_eq!(ok.article, "dieu-3");
        assert!(ok.consent);
        let general = CommentForm {
            article: String::new(),
            ..form.clone()
        };
        assert_eq!(
            validate_comment(&general, &anchors).map(|c| c.article),
            Ok(String::new())
        );
        let bad = CommentForm {
            article: "dieu-9".into(),
            email: "no".into(),
            comment: "ngắn".into(),
            ..form
        };
        let fields: Vec<&str> = validate_comment(&bad, &anchors)
            .expect_err("refused")
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, vec!["email", "article", "comment"]);
    }

    #[test]
    fn control_characters_are_refused_once_per_field() {
        let form = CommentForm {
            name: "A\u{0}".into(),
            email: "a@example.vn".into(),
            comment: "Một góp ý đủ dài để được nhận.".into(),
            ..CommentForm::default()
        };
        let problems = validate_comment(&form, &[]).expect_err("refused");
        assert_eq!(
            problems,
            vec![FieldError::new("name", "form-error-control")]
        );
    }

    #[test]
    fn counts_per_article_include_rejected_comments_in_what_was_received() {
        let anchors = vec!["dieu-1".to_string(), "dieu-3".to_string()];
        let counts = counts_per_article(
            &anchors,
            &[
                ("dieu-3".into(), Moderation::Approved),
                ("dieu-3".into(), Moderation::Rejected),
                ("".into(), Moderation::Pending),
            ],
        );
        assert_eq!(counts.len(), 3);
        assert_eq!((counts[0].received, counts[0].published), (1, 0));
        assert_eq!((counts[1].received, counts[1].published), (0, 0));
        assert_eq!((counts[2].received, counts[2].published), (2, 1));
    }

    #[test]
    fn a_report_is_published_after_closing_with_every_approved_comment_answered() {
        let comments = [
            (CommentId(1), Moderation::Approved),
            (CommentId(2), Moderation::Approved),
            (CommentId(3), Moderation::Rejected),
        ];
        let grouped = vec![Answer {
            comments: vec![CommentId(1), CommentId(2)],
            verdict: Verdict::PartlyAccepted,
            explanation: "Tiếp thu một phần.".into(),
        }];
        assert_eq!(
            check_report(Phase::Open, &comments, &grouped, true),
            Err(ReportRefusal::NotClosed)
        );
        assert_eq!(
            check_report(Phase::Open, &comments, &grouped, false),
            Ok(())
        );
        assert_eq!(
            check_report(Phase::Closed, &comments, &grouped, true),
            Ok(())
        );
        let partial = vec![Answer {
            comments: vec![CommentId(1)],
            ..grouped[0].clone()
        }];
        assert_eq!(
            check_report(Phase::Closed, &comments, &partial, true),
            Err(ReportRefusal::Unanswered)
        );
        let rejected = vec![Answer {
            comments: vec![CommentId(3)],
            ..grouped[0].clone()
        }];
        assert_eq!(
            check_report(Phase::Closed, &comments, &rejected, false),
            Err(ReportRefusal::UnknownComment)
        );
        let pending = [(CommentId(1), Moderation::Pending)];
        assert_eq!(
            check_report(Phase::Closed, &pending, &[], true),
            Err(ReportRefusal::Unmoderated)
        );
    }

    #[test]
    fn the_report_counts_verdicts_per_comment_and_rejections_per_reason() {
        let counts = report_counts(
            &[
                (CommentId(1), Moderation::Approved, None),
                (CommentId(2), Moderation::Approved, None),
                (CommentId(3), Moderation::Rejected, Some(RejectReason::Spam)),
            ],
            &[Answer {
                comments: vec![CommentId(1), CommentId(2)],
                verdict: Verdict::Accepted,
                explanation: "Tiếp thu.".into(),
            }],
        );
        assert_eq!(
            (counts.received, counts.published, counts.rejected),
            (3, 2, 1)
        );
        assert_eq!(counts.by_verdict.get("accepted"), Some(&2));
        assert_eq!(counts.rejected_by.get("spam"), Some(&1));
    }

    #[test]
    fn answers_name_each_comment_once_and_explain() {
        let mut r = record(at(1, 1), at(21, 1));
        r.answers = vec![
            Answer {
                comments: vec![CommentId(1)],
                verdict: Verdict::Accepted,
                explanation: String::new(),
            },
            Answer {
                comments: vec![CommentId(1)],
                verdict: Verdict::NotAccepted,
                explanation: "Không phù hợp.".into(),
            },
        ];
        let ids: Vec<&str> = r.problems().iter().map(|p| p.message_id).collect();
        assert_eq!(
            ids,
            vec![
                "consultation-error-explanation",
                "consultation-error-answered-twice"
            ]
        );
        assert_eq!(shown_name("Trần B", false), None);
        assert_eq!(shown_name("Trần B", true), Some("Trần B"));
    }
}
