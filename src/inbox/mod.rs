//! The citizens' questions (hỏi đáp): a citizen asks through a site's public form, the
//! site's editorial board classifies the question and forwards it to the competent
//! department (or merges or rejects it), the department drafts an answer that goes through
//! review like any content, and publishing the answer tells the citizen and, with consent,
//! publishes the edited question and its answer. Every question has a legal deadline in
//! working days ([`crate::calendar`]); its standing (on time, due soon, overdue …) is
//! derived when shown, never stored.

pub mod actions;
pub mod demo;
pub mod kind;
pub mod report;
pub mod store;

use crate::field::FieldError;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, OfficeHours};
use crate::site::SiteId;

/// What an installation sets about questions (`[inbox]` in the configuration).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Working days to answer, from receipt.
    pub deadline_days: u32,
    /// The office hours of sites that set none of their own (in a site's settings).
    pub office_hours: OfficeHours,
    /// Deadlines of particular sites (by slug), over `deadline_days`.
    pub site_deadline_days: BTreeMap<String, u32>,
    /// Deadlines of particular fields, over those of sites.
    pub field_deadline_days: BTreeMap<String, u32>,
    /// Working hours the board has to classify and forward (or reject) a question.
    pub triage_hours: u32,
    /// A question is due soon when this many working days or fewer are left.
    pub due_soon_days: u32,
    /// The province board is told of a question overdue by more than this many working days.
    pub board_overdue_days: u32,
    /// Days after a question is closed that its asker's personal data is kept.
    pub retention_days: u32,
    /// Questions one address may send in an hour.
    pub per_address_per_hour: u32,
    /// Questions one network (/24 of IPv4, /48 of IPv6) may send in an hour.
    pub per_network_per_hour: u32,
    /// The longest question text, in characters.
    pub max_question_chars: usize,
    /// The largest attachment, in bytes (a document or an image of the media library's
    /// accepted types).
    pub attachment_bytes: u64,
    /// Attachment bytes one address may send in an hour, kept or refused alike: nobody
    /// fills the disk through the form.
    pub upload_bytes_per_address_per_hour: u64,
    /// Attachment bytes one network (as for `per_network_per_hour`) may send in an hour.
    pub upload_bytes_per_network_per_hour: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            deadline_days: 15,
            office_hours: OfficeHours::default(),
            site_deadline_days: BTreeMap::new(),
            field_deadline_days: BTreeMap::new(),
            triage_hours: 2,
            due_soon_days: 3,
            board_overdue_days: 5,
            retention_days: 730,
            per_address_per_hour: 5,
            per_network_per_hour: 30,
            max_question_chars: 5000,
            attachment_bytes: 10 * 1024 * 1024,
            upload_bytes_per_address_per_hour: 50 * 1024 * 1024,
            upload_bytes_per_network_per_hour: 300 * 1024 * 1024,
        }
    }
}

impl Settings {
    /// The working days a question of this field, asked on this site, has.
    pub fn deadline_for(&self, site_slug: &str, field: &str) -> u32 {
        self.field_deadline_days
            .get(field)
            .or_else(|| self.site_deadline_days.get(site_slug))
            .copied()
            .unwrap_or(self.deadline_days)
    }
}

/// The calendar of each site: the working days in force, in the office hours the site set,
/// or the installation's. A question's clock runs in the hours of the site that received it,
/// from receipt to answer, wherever it is forwarded: the date the citizen was given does not
/// move because another office handles the question.
#[derive(Debug, Clone)]
pub struct Calendars {
    installation: Calendar,
    sites: HashMap<SiteId, Calendar>,
}

impl Calendars {
    /// `in_force` (its office hours replaced by `office_hours`) for every site but those of
    /// `site_hours`, which keep their own.
    pub fn new(
        in_force: Calendar,
        office_hours: &OfficeHours,
        site_hours: impl IntoIterator<Item = (SiteId, OfficeHours)>,
    ) -> Calendars {
        let sites = site_hours
            .into_iter()
            .map(|(site, hours)| (site, in_force.clone().with_office_hours(hours)))
            .collect();
        Calendars {
            installation: in_force.with_office_hours(office_hours.clone()),
            sites,
        }
    }

    /// The calendar of a site.
    pub fn of_site(&self, site: SiteId) -> &Calendar {
        self.sites.get(&site).unwrap_or(&self.installation)
    }
}

crate::typed_id! {
    /// A citizen's question's stable number (not its public tracking code).
    pub struct QuestionId;
}

crate::text_enum! {
    /// A line of a question's history (each has the message `event-WORD`).
    pub enum QuestionEvent {
        Received = "received",
        Classified = "classified",
        Forwarded = "forwarded",
        Rejected = "rejected",
        Merged = "merged",
        /// A duplicate was merged into this question.
        MergedHere = "merged-here",
        Paused = "paused",
        Resumed = "resumed",
        /// A progress notice gave a new answer date.
        Extended = "extended",
        AnswerDrafted = "answer-drafted",
        Answered = "answered",
        AnswerRevised = "answer-revised",
        ReminderDueSoon = "reminder-due_soon",
        ReminderOverdue = "reminder-overdue",
        ReminderBoard = "reminder-board",
        Anonymised = "anonymised",
        /// The site's working sessions changed and with them the deadline.
        DeadlineMoved = "deadline-moved",
    }
}

/// What a history line's note holds, for the page to put in words: most notes are the
/// words of whoever acted (a reason), some a value stored bare (the days given, a field's
/// key, a site's slug, a revision's number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "is", content = "value", rename_all = "snake_case")]
pub enum EventNote {
    None,
    Text(String),
    /// The working days given to answer (regulation art. 9: 15 by default).
    WorkingDays(u32),
    /// A field (lĩnh vực) key, shown by its message `field-KEY`.
    Field(String),
    /// The slug of the site a question was forwarded to.
    Site(String),
    /// The number of the answer's revision (bản sửa).
    Revision(i32),
}

/// The leading number of a note (`15`, or `15 working days` and `revision 3` as notes were
/// once written).
fn leading_number(note: &str) -> Option<i64> {
    let digits: String = note
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

impl QuestionEvent {
    /// How this event's stored note reads.
    pub fn note(self, note: &str) -> EventNote {
        let note = note.trim();
        if note.is_empty() {
            return EventNote::None;
        }
        let number = leading_number(note);
        match (self, number) {
            (QuestionEvent::Received, Some(days)) => {
                EventNote::WorkingDays(u32::try_from(days).unwrap_or(u32::MAX))
            }
            (QuestionEvent::AnswerDrafted, Some(rev)) => {
                EventNote::Revision(i32::try_from(rev).unwrap_or(i32::MAX))
            }
            (QuestionEvent::Classified, _) if FIELDS.contains(&note) => {
                EventNote::Field(note.to_string())
            }
            (QuestionEvent::Forwarded, _) => EventNote::Site(note.to_string()),
            _ => EventNote::Text(note.to_string()),
        }
    }
}

/// The fields (lĩnh vực) a question can be about; each has the message `field-KEY`.
pub const FIELDS: [&str; 8] = [
    "dat-dai", "xay-dung", "dau-tu", "thue", "giao-duc", "y-te", "lao-dong", "khac",
];

crate::text_enum! {
    /// Where a question is in its handling (stored; the standing is derived).
    pub enum Status {
        /// With the board of the site it was asked on.
        Received = "received",
        /// With the department it was forwarded to.
        Forwarded = "forwarded",
        /// Answered (the answer is published).
        Answered = "answered",
        /// Out of scope; the citizen was told why.
        Rejected = "rejected",
        /// A duplicate of another question, answered there.
        Merged = "merged",
    }
}

impl Status {
    /// Whether the question still waits for an answer.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::Forwarded)
    }
}

crate::text_enum! {
    /// How a question stands against its deadline, at a moment.
    pub enum Standing {
        OnTime = "on_time",
        DueSoon = "due_soon",
        Overdue = "overdue",
        Paused = "paused",
        AnsweredOnTime = "answered_on_time",
        AnsweredLate = "answered_late",
        Closed = "closed",
    }
}

/// What the standing of a question depends on.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub status: Status,
    pub due_at: NaiveDateTime,
    pub paused: bool,
    pub answered_at: Option<NaiveDateTime>,
}

/// The standing of a question at `now` (UTC): answered ones by when they were answered,
/// open ones by the working days left before the deadline.
pub fn standing(q: Clock, now: NaiveDateTime, calendar: &Calendar, due_soon_days: u32) -> Standing {
    match q.status {
        Status::Rejected | Status::Merged => Standing::Closed,
        Status::Answered => match q.answered_at {
            Some(at) if at > q.due_at => Standing::AnsweredLate,
            _ => Standing::AnsweredOnTime,
        },
        Status::Received | Status::Forwarded if q.paused => Standing::Paused,
        Status::Received | Status::Forwarded => {
            if now > q.due_at {
                return Standing::Overdue;
            }
            let left = calendar
                .working_days_between(local_date(now), local_date(q.due_at))
                .unwrap_or(i64::MAX);
            if left <= i64::from(due_soon_days) {
                Standing::DueSoon
            } else {
                Standing::OnTime
            }
        }
    }
}

/// The day in Vietnam of a UTC time.
pub fn local_date(utc: NaiveDateTime) -> chrono::NaiveDate {
    utc.and_utc()
        .with_timezone(&crate::clock::vietnam())
        .date_naive()
}

/// The deadline of a question received at `received` (UTC) with `days` working days.
pub fn deadline(
    calendar: &Calendar,
    received: NaiveDateTime,
    days: u32,
) -> Result<NaiveDateTime, crate::calendar::CalendarError> {
    Ok(calendar.add_working_days(utc(received), days)?.naive_utc())
}

/// The working days a pause took: the clock stops at `paused` and restarts at `resumed`,
/// and the question gets these days back.
pub fn paused_working_days(
    calendar: &Calendar,
    paused: NaiveDateTime,
    resumed: NaiveDateTime,
) -> Result<u32, crate::calendar::CalendarError> {
    let lost = calendar.working_days_between(local_date(paused), local_date(resumed))?;
    Ok(u32::try_from(lost.max(0)).unwrap_or(0))
}

/// The end of office hours of a day in Vietnam, in UTC (the deadline a progress notice sets).
pub fn closing_of(calendar: &Calendar, day: chrono::NaiveDate) -> Option<NaiveDateTime> {
    day.and_time(calendar.office_hours().closing())
        .and_local_timezone(crate::clock::vietnam())
        .single()
        .map(|t| t.naive_utc())
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The network an address belongs to, for the per-network limit: the /24 of an IPv4
/// address, the /48 of an IPv6 one.
pub fn network_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
    }
}

/// A tracking code: `HD-` and ten characters a citizen can read back on the phone
/// (no 0/O, 1/I/L).
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let bytes: [u8; 10] = rand::random();
    let code: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("HD-{code}")
}

/// A tracking code as typed (case and spaces forgiven), if it has the code's shape.
pub fn normalise_code(typed: &str) -> Option<String> {
    let c: String = typed
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let ok =
        c.len() == 13 && c.starts_with("HD-") && c[3..].chars().all(|c| c.is_ascii_alphanumeric());
    ok.then_some(c)
}

/// What a citizen types: who they are and what they ask.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Asked {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub field: String,
    pub title: String,
    pub question: String,
}

/// The public form as sent.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AskForm {
    #[serde(flatten)]
    pub asked: Asked,
    pub consent: Option<String>,
    /// The honeypot: hidden from people, filled in by robots.
    pub website: String,
    /// Feedback on an administrative regulation: the content id of the registry's
    /// document or the catalogue's procedure it is about (empty for a question).
    pub regulation: String,
}

/// The form checked and trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// Trimmed; the name, title and question in NFC.
    pub asked: Asked,
    pub consent: bool,
    /// The regulation the feedback is about (checked to be public when stored).
    pub regulation: Option<crate::content::ContentId>,
}

/// Checks the public form: every problem at once, each with its message.
pub fn validate(form: &AskForm, settings: &Settings) -> Result<Ask, Vec<FieldError>> {
    let typed = &form.asked;
    let nfc = |s: &str| crate::text::nfc(s.trim());
    let mut problems = Vec::new();
    let mut problem = |field, message_id| problems.push(FieldError::new(field, message_id));
    // NUL and other control characters break mail delivery and PostgreSQL, and no person
    // types them: refused with their own message, before any other check of the field.
    let all_typed = [
        ("name", &typed.name),
        ("email", &typed.email),
        ("phone", &typed.phone),
        ("field", &typed.field),
        ("title", &typed.title),
        ("question", &typed.question),
    ];
    let mut controlled = Vec::new();
    for (field, value) in all_typed {
        if crate::text::has_control_characters(value) {
            problem(field, "form-error-control");
            controlled.push(field);
        }
    }
    let mut problem = |field, message_id| {
        if !controlled.contains(&field) {
            problems.push(FieldError::new(field, message_id))
        }
    };
    let name = nfc(&typed.name);
    if name.is_empty() {
        problem("name", "ask-error-name");
    } else if name.chars().count() > 120 {
        problem("name", "ask-error-too-long");
    }
    let email = typed.email.trim().to_string();
    if !is_email(&email) {
        problem("email", "ask-error-email");
    }
    let phone = typed.phone.trim().to_string();
    if !phone.is_empty()
        && (phone.len() > 20
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-.()".contains(c)))
    {
        problem("phone", "ask-error-phone");
    }
    let field = typed.field.trim().to_string();
    if !FIELDS.contains(&field.as_str()) {
        problem("field", "ask-error-field");
    }
    let title = nfc(&typed.title);
    if title.chars().count() < 5 {
        problem("title", "ask-error-title");
    } else if title.chars().count() > 200 {
        problem("title", "ask-error-too-long");
    }
    let question = nfc(&typed.question);
    if question.chars().count() < 20 {
        problem("question", "ask-error-question");
    } else if question.chars().count() > settings.max_question_chars {
        problem("question", "ask-error-too-long");
    }
    let regulation = match form.regulation.trim() {
        "" => None,
        id => match id.parse::<i32>().ok().filter(|n| *n > 0) {
            Some(n) => Some(crate::content::ContentId(n)),
            None => {
                problem("regulation", "ask-error-regulation");
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Ask {
        asked: Asked {
            name,
            email,
            phone,
            field,
            title,
            question,
        },
        consent: form.consent.is_some(),
        regulation,
    })
}

/// A plausible e-mail address (what the mail server accepts is the final word).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
        && !domain.contains('@')
}

/// The inbox's scheduled jobs: reminders (every quarter of an hour) and the retention of
/// personal data (daily, its report kept in the job runs).
pub fn jobs(
    sites: std::sync::Arc<crate::site::hosts::SiteDirectory>,
    files: std::sync::Arc<dyn crate::media::files::FileStore>,
    settings: Settings,
) -> Vec<crate::jobs::ScheduledJob> {
    let retention = settings.clone();
    vec![
        crate::jobs::ScheduledJob {
            name: "inbox-reminders",
            every: chrono::Duration::minutes(15),
            run: Box::new(move |conn, now| {
                let calendars = store::calendars(conn, &settings).map_err(|e| e.to_string())?;
                let done = store::send_reminders(
                    conn,
                    &sites.current(),
                    &calendars,
                    &settings,
                    now.naive_utc(),
                )
                .map_err(|e| e.to_string())?;
                Ok(crate::render::note::Note::new("job-report-inbox-reminders")
                    .arg("due_soon", done.due_soon)
                    .arg("overdue", done.overdue)
                    .arg("board", done.board)
                    .into())
            }),
        },
        crate::jobs::ScheduledJob {
            name: "inbox-retention",
            every: chrono::Duration::hours(24),
            run: Box::new(move |conn, now| {
                let n = store::anonymise_expired(conn, files.as_ref(), &retention, now.naive_utc())
                    .map_err(|e| e.to_string())?;
                Ok(crate::render::note::Note::new("job-report-inbox-retention")
                    .arg("count", n)
                    .into())
            }),
        },
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn history_notes_keep_values_for_the_page_to_word() {
        use super::{EventNote, QuestionEvent as E};
        assert_eq!(E::Received.note("15"), EventNote::WorkingDays(15));
        assert_eq!(
            E::Received.note("15 working days"),
            EventNote::WorkingDays(15)
        );
        assert_eq!(E::AnswerDrafted.note("revision 7"), EventNote::Revision(7));
        assert_eq!(E::Classified.note("thue"), EventNote::Field("thue".into()));
        assert_eq!(
            E::Classified.note("nonsense"),
            EventNote::Text("nonsense".into())
        );
        assert_eq!(E::Forwarded.note("skhcn"), EventNote::Site("skhcn".into()));
        assert_eq!(
            E::Paused.note(" chờ hồ sơ 2 "),
            EventNote::Text("chờ hồ sơ 2".into())
        );
        assert_eq!(E::Rejected.note(""), EventNote::None);
    }

    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn vn(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        crate::clock::vietnam()
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn the_deadline_is_fifteen_working_days_after_receipt() {
        let cal = Calendar::vietnam();
        // Friday 20/11/2026 09:00: counting from Monday 23/11; 24/11 is Culture Day.
        let due = deadline(&cal, vn(2026, 11, 20, 9, 0), 15).unwrap();
        let local = due.and_utc().with_timezone(&crate::clock::vietnam());
        assert_eq!(
            local.date_naive(),
            NaiveDate::from_ymd_opt(2026, 12, 14).unwrap()
        );
    }

    #[test]
    fn each_site_keeps_its_own_office_hours_and_the_others_the_installation_s() {
        let settings: Settings = toml::from_str(
            r#"
office_hours = { sessions = [{ start = "08:00", end = "12:00" }, { start = "13:00", end = "17:00" }] }
"#,
        )
        .unwrap();
        let commune: OfficeHours = "07:00-11:00, 13:30-17:00".parse().unwrap();
        let calendars = Calendars::new(
            Calendar::vietnam(),
            &settings.office_hours,
            [(SiteId(7), commune.clone())],
        );
        assert_eq!(calendars.of_site(SiteId(7)).office_hours(), &commune);
        assert_eq!(
            calendars.of_site(SiteId(1)).office_hours(),
            &settings.office_hours
        );
        // Friday 07:45: the commune is open, the others are not yet; both count Friday as
        // the day of receipt, and the deadline closes with each one's last session.
        let friday = vn(2026, 11, 20, 7, 45);
        let local = |t: NaiveDateTime| {
            t.and_utc()
                .with_timezone(&crate::clock::vietnam())
                .format("%d/%m %H:%M")
                .to_string()
        };
        let at_commune = deadline(calendars.of_site(SiteId(7)), friday, 1).unwrap();
        let elsewhere = deadline(calendars.of_site(SiteId(1)), friday, 1).unwrap();
        assert_eq!(local(at_commune), "23/11 17:00");
        assert_eq!(local(elsewhere), "23/11 17:00");
        // Friday 17:30 is after everyone's hours: received on Monday, due on Wednesday.
        let evening = vn(2026, 11, 20, 17, 30);
        assert_eq!(
            local(deadline(calendars.of_site(SiteId(7)), evening, 1).unwrap()),
            "25/11 17:00"
        );
        // A board's two working hours from Friday 07:45 end at 09:45 at the commune, and
        // at 10:00 where the day starts at 08:00.
        let triage = |site| {
            local(
                calendars
                    .of_site(site)
                    .add_working_hours(friday.and_utc(), 2)
                    .unwrap()
                    .naive_utc(),
            )
        };
        assert_eq!(triage(SiteId(7)), "20/11 09:45");
        assert_eq!(triage(SiteId(1)), "20/11 10:00");
    }

    #[test]
    fn a_question_sent_at_night_counts_from_the_next_morning() {
        let cal = Calendar::vietnam();
        let evening = deadline(&cal, vn(2026, 11, 20, 20, 0), 1).unwrap();
        let morning = deadline(&cal, vn(2026, 11, 23, 7, 30), 1).unwrap();
        assert_eq!(evening, morning);
    }

    #[test]
    fn standings_follow_the_working_days_left() {
        let cal = Calendar::vietnam();
        let due = deadline(&cal, vn(2026, 11, 2, 9, 0), 15).unwrap();
        let open = Clock {
            status: Status::Forwarded,
            due_at: due,
            paused: false,
            answered_at: None,
        };
        assert_eq!(
            standing(open, vn(2026, 11, 3, 9, 0), &cal, 3),
            Standing::OnTime
        );
        let near = due - chrono::Duration::days(2);
        assert_eq!(standing(open, near, &cal, 3), Standing::DueSoon);
        let after = due + chrono::Duration::minutes(1);
        assert_eq!(standing(open, after, &cal, 3), Standing::Overdue);
        let paused = Clock {
            paused: true,
            ..open
        };
        assert_eq!(standing(paused, after, &cal, 3), Standing::Paused);
        let late = Clock {
            status: Status::Answered,
            answered_at: Some(after),
            ..open
        };
        assert_eq!(standing(late, after, &cal, 3), Standing::AnsweredLate);
        let early = Clock {
            answered_at: Some(near),
            ..late
        };
        assert_eq!(standing(early, after, &cal, 3), Standing::AnsweredOnTime);
    }

    #[test]
    fn a_pause_gives_back_the_working_days_it_took() {
        let cal = Calendar::vietnam();
        // Paused Monday 30/11, resumed Monday 7/12: five working days given back.
        let lost =
            paused_working_days(&cal, vn(2026, 11, 30, 9, 0), vn(2026, 12, 7, 9, 0)).unwrap();
        assert_eq!(lost, 5);
        let moved = deadline(&cal, vn(2026, 11, 20, 9, 0), 15 + lost).unwrap();
        assert_eq!(
            local_date(moved),
            NaiveDate::from_ymd_opt(2026, 12, 21).unwrap()
        );
    }

    #[test]
    fn networks_group_neighbouring_addresses() {
        assert_eq!(network_of("203.0.113.7".parse().unwrap()), "203.0.113.0/24");
        assert_eq!(
            network_of("2001:db8:1:2::5".parse().unwrap()),
            "2001:db8:1::/48"
        );
    }

    #[test]
    fn codes_are_readable_and_recognised_as_typed() {
        let code = new_code();
        assert_eq!(normalise_code(&code.to_lowercase()), Some(code.clone()));
        assert!(!code[3..].contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(normalise_code("HD-123"), None);
    }

    #[test]
    fn the_form_names_every_problem() {
        let bad = AskForm {
            asked: Asked {
                email: "not-an-address".into(),
                field: "weather".into(),
                phone: "call me".into(),
                ..Asked::default()
            },
            ..AskForm::default()
        };
        let problems = validate(&bad, &Settings::default()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            ["name", "email", "phone", "field", "title", "question"]
        );
        let good = AskForm {
            asked: Asked {
                name: " Nguyễn Thị Hoa ".into(),
                email: "hoa@example.vn".into(),
                field: "dat-dai".into(),
                title: "Cấp sổ đỏ".into(),
                question: "Thủ tục cấp giấy chứng nhận quyền sử dụng đất mất bao lâu?".into(),
                phone: String::new(),
            },
            consent: Some("on".into()),
            ..AskForm::default()
        };
        let ask = validate(&good, &Settings::default()).unwrap();
        assert_eq!(ask.asked.name, "Nguyễn Thị Hoa");
        assert!(ask.consent);
    }

    #[test]
    fn deadlines_by_field_over_site_over_default() {
        let mut s = Settings::default();
        s.site_deadline_days.insert("sxd".into(), 10);
        s.field_deadline_days.insert("thue".into(), 7);
        assert_eq!(s.deadline_for("portal", "khac"), 15);
        assert_eq!(s.deadline_for("sxd", "khac"), 10);
        assert_eq!(s.deadline_for("sxd", "thue"), 7);
    }
}
