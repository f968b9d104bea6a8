//! The board's form of a consultation, as typed: moments in Vietnam's time
//! (`2026-12-20T17:00`), files and answers one per line or per comment. Pure: reading it
//! into a [`ConsultationRecord`] and showing a record in it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::store::Comment;
use super::{
    Answer, CommentId, ConsultationFile, ConsultationRecord, DraftType, FileRole, Moderation,
    Verdict,
};
use crate::field::FieldError;
use crate::review::store::RevisionForm;

/// The editor's fields. The answers are per approved comment: `verdict-{id}`,
/// `explanation-{id}`, and `group-{id}` (the comment whose answer it shares).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultationForm {
    pub csrf: String,
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub agency: String,
    pub draft_type: String,
    pub simplified: Option<String>,
    pub draft_text: String,
    pub opens_at: String,
    pub closes_at: String,
    pub shortened_reason: String,
    pub contact: String,
    pub postal_address: String,
    pub email: String,
    /// Site ids, comma-separated.
    pub also_on: String,
    /// `media id | draft|explanatory|other | label`, one a line.
    pub files: String,
    pub final_document: String,
    pub report_published: Option<String>,
    pub change_note: String,
    #[serde(flatten)]
    pub answers: BTreeMap<String, String>,
}

// The moments of a consultation are typed as every record's are (`datetime-local`, in
// Vietnam's time).
pub use crate::record::fields::{moment_text, parse_moment};

impl ConsultationForm {
    /// The record the form describes, or every problem at once.
    pub fn record(&self) -> Result<ConsultationRecord, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut moment = |field: &'static str, text: &str| match parse_moment(text) {
            Some(t) => t,
            None => {
                problems.push(FieldError::new(field, "consultation-error-moment"));
                chrono::DateTime::UNIX_EPOCH.naive_utc()
            }
        };
        let opens_at = moment("opens_at", &self.opens_at);
        let closes_at = moment("closes_at", &self.closes_at);
        let draft_type = DraftType::parse(self.draft_type.trim()).unwrap_or_else(|| {
            problems.push(FieldError::new("draft_type", "form-required"));
            DraftType::Other
        });
        let mut files = Vec::new();
        for (n, line) in lines(&self.files).enumerate() {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let media = parts.first().and_then(|m| m.parse::<i32>().ok());
            let role = parts
                .get(1)
                .map_or(Some(FileRole::Other), |r| FileRole::parse(r));
            match (media, role) {
                (Some(media_id), Some(role)) => files.push(ConsultationFile {
                    media_id,
                    role,
                    label: parts.get(2).map(|l| l.to_string()).unwrap_or_default(),
                }),
                _ => problems
                    .push(FieldError::new("files", "consultation-error-files").on_line(n + 1)),
            }
        }
        let also_on: Vec<i32> = self
            .also_on
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        let final_document = match self.final_document.trim() {
            "" => None,
            id => match id.parse::<i32>() {
                Ok(id) => Some(id),
                Err(_) => {
                    problems.push(FieldError::new(
                        "final_document",
                        "consultation-error-final-document",
                    ));
                    None
                }
            },
        };
        let answers = match self.answer_list() {
            Ok(a) => a,
            Err(p) => {
                problems.push(p);
                Vec::new()
            }
        };
        let record = ConsultationRecord {
            agency: self.agency.clone(),
            draft_type,
            simplified: self.simplified.is_some(),
            draft_text: self.draft_text.clone(),
            files,
            opens_at,
            closes_at,
            shortened_reason: self.shortened_reason.clone(),
            contact: self.contact.clone(),
            postal_address: self.postal_address.clone(),
            email: self.email.clone(),
            also_on,
            answers,
            report_published: self.report_published.is_some(),
            final_document,
        }
        .normalised();
        for p in record.problems() {
            if !problems.iter().any(|x| x.field == p.field) {
                problems.push(p);
            }
        }
        if problems.is_empty() {
            Ok(record)
        } else {
            Err(problems)
        }
    }

    /// The answers typed per comment, grouped: a comment whose `group-{id}` names another
    /// shares that one's answer; a comment with neither verdict nor group is unanswered.
    fn answer_list(&self) -> Result<Vec<Answer>, FieldError> {
        let field = |name: &str, id: i32| {
            self.answers
                .get(&format!("{name}-{id}"))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let ids: Vec<i32> = self
            .answers
            .keys()
            .filter_map(|k| {
                k.strip_prefix("verdict-")
                    .or_else(|| k.strip_prefix("group-"))
            })
            .filter_map(|id| id.parse().ok())
            .collect::<std::collections::BTreeSet<i32>>()
            .into_iter()
            .collect();
        let mut answers: Vec<Answer> = Vec::new();
        let mut leaders: BTreeMap<i32, usize> = BTreeMap::new();
        // Leaders first (a comment with its own verdict), then the comments joining them.
        for id in &ids {
            let verdict = field("verdict", *id);
            if verdict.is_empty() || !field("group", *id).is_empty() {
                continue;
            }
            let verdict = Verdict::parse(&verdict)
                .ok_or_else(|| FieldError::new("answers", "consultation-error-verdict"))?;
            leaders.insert(*id, answers.len());
            answers.push(Answer {
                comments: vec![CommentId(*id)],
                verdict,
                explanation: field("explanation", *id),
            });
        }
        for id in &ids {
            let group = field("group", *id);
            if group.is_empty() {
                continue;
            }
            let leader = group
                .trim_start_matches('#')
                .parse::<i32>()
                .ok()
                .and_then(|g| leaders.get(&g))
                .ok_or_else(|| FieldError::new("answers", "consultation-error-group"))?;
            answers[*leader].comments.push(CommentId(*id));
        }
        Ok(answers)
    }

    /// The form showing a record, with its title and summary.
    pub fn of(record: &ConsultationRecord, title: &str, summary: &str, lang: &str) -> Self {
        let mut answers = BTreeMap::new();
        for a in &record.answers {
            let Some(first) = a.comments.first() else {
                continue;
            };
            answers.insert(
                format!("verdict-{}", first.0),
                a.verdict.as_str().to_string(),
            );
            answers.insert(format!("explanation-{}", first.0), a.explanation.clone());
            for other in &a.comments[1..] {
                answers.insert(format!("group-{}", other.0), first.0.to_string());
            }
        }
        let yes = |b: bool| b.then(|| "on".to_string());
        ConsultationForm {
            lang: lang.to_string(),
            title: title.to_string(),
            summary: summary.to_string(),
            agency: record.agency.clone(),
            draft_type: record.draft_type.as_str().to_string(),
            simplified: yes(record.simplified),
            draft_text: record.draft_text.clone(),
            opens_at: moment_text(record.opens_at),
            closes_at: moment_text(record.closes_at),
            shortened_reason: record.shortened_reason.clone(),
            contact: record.contact.clone(),
            postal_address: record.postal_address.clone(),
            email: record.email.clone(),
            also_on: record
                .also_on
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            files: record
                .files
                .iter()
                .map(|f| format!("{} | {} | {}", f.media_id, f.role.as_str(), f.label))
                .collect::<Vec<_>>()
                .join("\n"),
            final_document: record
                .final_document
                .map(|d| d.to_string())
                .unwrap_or_default(),
            report_published: yes(record.report_published),
            answers,
            ..ConsultationForm::default()
        }
    }

    /// The revision that carries the record: the title and summary are the item's.
    pub fn revision(&self, record: &ConsultationRecord) -> RevisionForm {
        RevisionForm {
            title: self.title.clone(),
            slug: crate::text::slugify(&self.title, crate::content::store::SLUG_MAX),
            summary: self.summary.clone(),
            author: record.agency.clone(),
            source: record.agency.clone(),
            change_note: self.change_note.clone(),
            record: serde_json::to_string(record).ok(),
            ..RevisionForm::default()
        }
    }
}

/// The rows of the answer editor: each approved comment with what the form holds for it.
pub fn answer_rows(comments: &[Comment], form: &ConsultationForm) -> Vec<serde_json::Value> {
    comments
        .iter()
        .filter(|c| c.moderation == Moderation::Approved)
        .map(|c| {
            let get = |name: &str| {
                form.answers
                    .get(&format!("{name}-{}", c.id.0))
                    .cloned()
                    .unwrap_or_default()
            };
            serde_json::json!({
                "id": c.id.0,
                "name": c.name,
                "article": c.article,
                "body": c.body,
                "verdict": get("verdict"),
                "explanation": get("explanation"),
                "group": get("group"),
            })
        })
        .collect()
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ConsultationForm {
        ConsultationForm {
            title: "Dự thảo Quyết định quy định quản lý chợ".into(),
            agency: "Sở Công Thương".into(),
            draft_type: "committee_decision".into(),
            draft_text: "Điều 1. Phạm vi\nA.\nĐiều 2. Hiệu lực\nB.".into(),
            opens_at: "2026-12-01T08:00".into(),
            closes_at: "2026-12-21T17:00".into(),
            files: "4 | draft | Dự thảo\n5 | explanatory".into(),
            ..ConsultationForm::default()
        }
    }

    #[test]
    fn moments_are_typed_in_vietnam_time_and_stored_in_utc() {
        let r = form().record().expect("a valid form");
        assert_eq!(moment_text(r.opens_at), "2026-12-01T08:00");
        assert_eq!(r.opens_at.format("%H:%M").to_string(), "01:00");
        assert_eq!(r.files.len(), 2);
        assert_eq!(r.files[1].role, FileRole::Explanatory);
    }

    #[test]
    fn answers_are_grouped_by_the_comment_they_join() {
        let mut f = form();
        for (k, v) in [
            ("verdict-7", "partly_accepted"),
            ("explanation-7", "Tiếp thu phần về thời hạn."),
            ("group-9", "7"),
            ("verdict-8", "not_accepted"),
            ("explanation-8", "Không thuộc phạm vi điều chỉnh."),
        ] {
            f.answers.insert(k.into(), v.into());
        }
        let r = f.record().expect("a valid form");
        assert_eq!(r.answers.len(), 2);
        assert_eq!(r.answers[0].comments, vec![CommentId(7), CommentId(9)]);
        assert_eq!(r.answers[1].verdict, Verdict::NotAccepted);
        let back = ConsultationForm::of(&r, &f.title, "", "vi");
        assert_eq!(back.answers.get("group-9").map(String::as_str), Some("7"));
        assert_eq!(back.record().map(|b| b.answers), Ok(r.answers));
    }

    #[test]
    fn a_bad_moment_a_bad_file_line_or_a_group_without_leader_is_refused() {
        let mut f = form();
        f.closes_at = "21/12/2026".into();
        f.files = "x | draft".into();
        f.answers.insert("group-3".into(), "99".into());
        let fields: Vec<&str> = f
            .record()
            .expect_err("refused")
            .iter()
            .map(|p| p.field)
            .collect();
        assert!(fields.contains(&"closes_at"));
        assert!(fields.contains(&"files"));
        assert!(fields.contains(&"answers"));
    }
}
