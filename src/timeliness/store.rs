//! Where obligations come from: the records each section keeps (documents with their day of
//! issue, questions with their receipt, news with their publication, consultations with
//! their closing), read afresh on every request, and the administrators' changes to the
//! rules.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::rules::{check_override, Category, Deadline, Override, Rules};
use super::sections::{self, Section};
use super::{due_day, standing, Judged, Obligation, Subject};
use crate::account::audit::{self, AuditAction, Entry, Via};
use crate::account::Actor;
use crate::calendar::{Calendar, CalendarError};
use crate::clock::today_in_vietnam;
use crate::content::{ContentId, ContentKind, ContentState};
use crate::db::schema::{
    consultations, content_items, content_revisions, legal_documents, public_records,
    question_events, questions, sites, timeliness_rules,
};
use crate::db::{DbConn, DbError};
use crate::inbox::{QuestionEvent, QuestionId, Status};
use crate::render::note::Note;
use crate::site::{SiteId, SiteKind};
use serde_json::Value;

/// Why the oversight cannot be computed or a rule saved.
#[derive(Debug, thiserror::Error)]
pub enum TimelinessError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("the working-day calendar does not cover a day in question: {0}")]
    Calendar(#[from] CalendarError),
    #[error("the working-day calendar could not be read: {0}")]
    CalendarStore(#[from] crate::calendar::store::CalendarStoreError),
    /// An administrator's change refused, with the message id.
    #[error("invalid change: {0}")]
    Invalid(&'static str),
}

impl From<diesel::result::Error> for TimelinessError {
    fn from(e: diesel::result::Error) -> Self {
        TimelinessError::Db(DbError::Query(e))
    }
}

/// A site as the oversight lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Watched {
    pub id: SiteId,
    pub slug: String,
    pub kind: SiteKind,
    pub name_vi: String,
    pub name_en: String,
    pub email: String,
    /// The day it joined the portal: nothing started before it is held against it.
    pub since: NaiveDate,
}

/// Every active site, in the portal's order.
pub fn watched_sites(conn: &mut DbConn) -> Result<Vec<Watched>, TimelinessError> {
    let rows: Vec<(i32, String, String, String, String, String, NaiveDateTime)> = sites::table
        .filter(sites::status.eq("active"))
        .order((sites::position, sites::id))
        .select((
            sites::id,
            sites::slug,
            sites::kind,
            sites::name_vi,
            sites::name_en,
            sites::email,
            sites::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, slug, kind, name_vi, name_en, email, created)| {
            Some(Watched {
                id: SiteId(id),
                slug,
                kind: SiteKind::parse(&kind)?,
                name_vi,
                name_en,
                email,
                since: today_in_vietnam(created),
            })
        })
        .collect())
}

/// The rules in force: the defaults with the administrators' changes.
pub fn rules(conn: &mut DbConn) -> QueryResult<Rules> {
    let rows: Vec<(String, i32, Option<i32>, bool)> = timeliness_rules::table
        .select((
            timeliness_rules::category,
            timeliness_rules::site_id,
            timeliness_rules::days,
            timeliness_rules::enabled,
        ))
        .load(conn)?;
    Ok(Rules::new(
        rows.into_iter()
            .filter_map(|(category, site, days, enabled)| {
                Some(Override {
                    category: Category::parse(&category)?,
                    site: (site != 0).then_some(SiteId(site)),
                    days: days.and_then(|d| u32::try_from(d).ok()),
                    enabled,
                })
            })
            .collect(),
    ))
}

/// Saves an administrator's change to a rule (replacing an earlier one for the same
/// category and site), recorded in the audit log.
pub fn save_override(
    conn: &mut DbConn,
    change: &Override,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), TimelinessError> {
    check_override(change).map_err(TimelinessError::Invalid)?;
    let site = change.site.map_or(0, |s| s.0);
    let days = change.days.and_then(|d| i32::try_from(d).ok());
    conn.write(|conn| {
        diesel::delete(
            timeliness_rules::table
                .filter(timeliness_rules::category.eq(change.category.as_str()))
                .filter(timeliness_rules::site_id.eq(site)),
        )
        .execute(conn)?;
        diesel::insert_into(timeliness_rules::table)
            .values((
                timeliness_rules::category.eq(change.category.as_str()),
                timeliness_rules::site_id.eq(site),
                timeliness_rules::days.eq(days),
                timeliness_rules::enabled.eq(change.enabled),
                timeliness_rules::changed_by.eq(&by.username),
                timeliness_rules::changed_at.eq(now),
            ))
            .execute(conn)?;
        let summary = Note::new("audit-note-rule")
            .term(
                "category",
                &format!("timeliness-category-{}", change.category),
            )
            .arg("days", days.map_or(Value::from("none"), Value::from))
            .arg("enabled", if change.enabled { "yes" } else { "no" })
            .encode();
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "timeliness_rule",
                i64::from(site),
                change.site,
                AuditAction::TimelinessRule,
                &summary,
            ),
            now,
        )?;
        Ok::<_, TimelinessError>(())
    })
}

/// Puts a rule back to its default for a site (or for every site).
pub fn reset_override(
    conn: &mut DbConn,
    category: Category,
    site: Option<SiteId>,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), TimelinessError> {
    let site_id = site.map_or(0, |s| s.0);
    conn.write(|conn| {
        diesel::delete(
            timeliness_rules::table
                .filter(timeliness_rules::category.eq(category.as_str()))
                .filter(timeliness_rules::site_id.eq(site_id)),
        )
        .execute(conn)?;
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "timeliness_rule",
                i64::from(site_id),
                site,
                AuditAction::TimelinessRule,
                &Note::new("audit-note-rule-default")
                    .term("category", &format!("timeliness-category-{category}"))
                    .encode(),
            ),
            now,
        )?;
        Ok::<_, TimelinessError>(())
    })
}

/// An obligation as a section's records give it: what, whose, since when, and when done.
struct Started {
    site: SiteId,
    category: Category,
    subject: Subject,
    title: String,
    /// The day its clock started (not counted).
    started: NaiveDate,
    /// Working days added to the rule's (the days a question was paused).
    extra_days: u32,
    /// The due day set by the record's own rules, for a rule counted by date.
    by_date: Option<NaiveDate>,
    done: Option<NaiveDate>,
}

/// What the oversight reads: the calendar in force, the rules, the sites.
pub struct Context<'a> {
    pub calendar: &'a Calendar,
    pub rules: &'a Rules,
    pub sites: &'a [Watched],
    pub today: NaiveDate,
}

impl Context<'_> {
    fn since(&self, site: SiteId) -> Option<NaiveDate> {
        self.sites.iter().find(|s| s.id == site).map(|s| s.since)
    }

    /// The obligation of `site` in `category` started on `started`, if its rule is on
    /// and the site had joined the portal by then.
    fn obligation(&self, s: Started) -> Result<Option<Judged>, TimelinessError> {
        let Started {
            site,
            category,
            subject,
            title,
            started,
            extra_days,
            by_date,
            done,
        } = s;
        let rule = self.rules.for_site(category, site);
        let (Some(since), true) = (self.since(site), rule.enabled) else {
            return Ok(None);
        };
        if started < since {
            return Ok(None);
        }
        let due = match (rule.deadline, by_date) {
            (Deadline::WorkingDays(days), _) => {
                due_day(self.calendar, started, days.saturating_add(extra_days))?
            }
            (Deadline::ByDate, Some(due)) => due,
            (Deadline::ByDate, None) => return Ok(None),
        };
        let judged = standing(self.calendar, due, done, self.today)?;
        Ok(Some(Judged {
            obligation: Obligation {
                site,
                category,
                subject,
                title,
                started,
                due,
                done,
            },
            standing: judged,
        }))
    }
}

/// Every obligation of the watched sites whose clock started on or after `from`, judged on
/// `ctx.today`, in the order of the sites, categories and due days.
pub fn obligations(
    conn: &mut DbConn,
    ctx: &Context,
    from: NaiveDate,
) -> Result<Vec<Judged>, TimelinessError> {
    let mut out = Vec::new();
    legal(conn, ctx, from, &mut out)?;
    answers(conn, ctx, from, &mut out)?;
    public_data(conn, ctx, from, &mut out)?;
    consultation_reports(conn, ctx, from, &mut out)?;
    news(conn, ctx, from, &mut out)?;
    let order = |s: SiteId| ctx.sites.iter().position(|w| w.id == s);
    out.sort_by(|a, b| {
        (
            order(a.obligation.site),
            a.obligation.category,
            a.obligation.due,
        )
            .cmp(&(
                order(b.obligation.site),
                b.obligation.category,
                b.obligation.due,
            ))
    });
    Ok(out)
}

/// The day an item was first made public, if it ever was (content_items.published_at is
/// set once, at the first publication).
fn first_public(state: &str, published_at: NaiveDateTime) -> Option<NaiveDate> {
    match ContentState::parse(state) {
        Some(ContentState::Draft) | None => None,
        Some(_) => Some(today_in_vietnam(published_at)),
    }
}

/// Documents: 2 working days on the issuing agency's own site, 10 on the sites of the
/// agencies concerned (004 art. 9.1c), counted from the day of issue. The Vietnamese item
/// is the one that counts; its English translation is extra.
fn legal(
    conn: &mut DbConn,
    ctx: &Context,
    from: NaiveDate,
    out: &mut Vec<Judged>,
) -> Result<(), TimelinessError> {
    type Row = (
        i32,
        i32,
        String,
        NaiveDateTime,
        String,
        String,
        Option<NaiveDate>,
        bool,
    );
    let rows: Vec<Row> = content_items::table
        .inner_join(legal_documents::table)
        .filter(content_items::kind.eq(ContentKind::LegalDocument.as_str()))
        .filter(content_items::lang.eq("vi"))
        .filter(legal_documents::issued_on.ge(from))
        .select((
            content_items::id,
            content_items::site_id,
            content_items::state,
            content_items::published_at,
            legal_documents::number_symbol,
            legal_documents::abstract_text,
            legal_documents::issued_on,
            legal_documents::issued_by_site,
        ))
        .load(conn)?;
    for (id, site, state, published_at, symbol, abstract_text, issued, own) in rows {
        let Some(issued) = issued else { continue };
        let category = if own {
            Category::LegalOwn
        } else {
            Category::LegalConcerned
        };
        let title = if symbol.is_empty() {
            abstract_text
        } else {
            format!("{symbol} — {abstract_text}")
        };
        out.extend(ctx.obligation(Started {
            site: SiteId(site),
            category,
            subject: Subject::Content(ContentId(id)),
            title,
            started: issued,
            extra_days: 0,
            by_date: None,
            done: first_public(&state, published_at),
        })?);
    }
    Ok(())
}

/// The public-data sections (plans, projects and procurement, science and technology tasks,
/// statistics, budget disclosures): each Vietnamese item's clock read from its record
/// ([`sections`]) as published, or as its latest revision has it while it was never
/// published (then it is missing once due). Done on the item's first publication.
fn public_data(
    conn: &mut DbConn,
    ctx: &Context,
    from: NaiveDate,
    out: &mut Vec<Judged>,
) -> Result<(), TimelinessError> {
    let kinds = sections::KINDS.map(|k| k.as_str());
    type Item = (i32, i32, String, String, NaiveDateTime, String);
    let items: Vec<Item> = content_items::table
        .filter(content_items::kind.eq_any(kinds))
        .filter(content_items::lang.eq("vi"))
        .select((
            content_items::id,
            content_items::site_id,
            content_items::kind,
            content_items::state,
            content_items::published_at,
            content_items::title,
        ))
        .load(conn)?;
    let mut records: BTreeMap<i32, String> = public_records::table
        .filter(public_records::kind.eq_any(kinds))
        .filter(public_records::lang.eq("vi"))
        .select((public_records::content_id, public_records::record))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let never_published: Vec<i32> = items
        .iter()
        .map(|i| i.0)
        .filter(|id| !records.contains_key(id))
        .collect();
    for chunk in never_published.chunks(500) {
        let drafts: Vec<(i32, Option<String>)> = content_revisions::table
            .filter(content_revisions::content_id.eq_any(chunk))
            .filter(content_revisions::record.is_not_null())
            .order((content_revisions::content_id, content_revisions::number))
            .select((content_revisions::content_id, content_revisions::record))
            .load(conn)?;
        // In the order of their numbers: the latest revision's record stays.
        records.extend(drafts.into_iter().filter_map(|(id, r)| Some((id, r?))));
    }
    let read: Vec<(Item, Section)> = items
        .into_iter()
        .filter_map(|item| {
            let kind = ContentKind::parse(&item.2)?;
            let section = Section::parse(kind, records.get(&item.0)?)?;
            Some((item, section))
        })
        .collect();
    let issued = decisions_issued(conn, read.iter().filter_map(|(_, s)| s.decision()))?;
    for ((id, site, _, state, published_at, title), section) in read {
        let Some(clock) = section.clock(&|symbol| issued.get(symbol).copied(), ctx.calendar) else {
            continue;
        };
        if clock.started < from {
            continue;
        }
        out.extend(ctx.obligation(Started {
            site: SiteId(site),
            category: clock.category,
            subject: Subject::Content(ContentId(id)),
            title,
            started: clock.started,
            extra_days: 0,
            by_date: clock.due,
            done: first_public(&state, published_at),
        })?);
    }
    Ok(())
}

/// The registry's day of issue of each decision named, by its number-symbol.
fn decisions_issued<'a>(
    conn: &mut DbConn,
    symbols: impl Iterator<Item = &'a str>,
) -> Result<BTreeMap<String, NaiveDate>, TimelinessError> {
    let mut symbols: Vec<&str> = symbols.collect();
    symbols.sort_unstable();
    symbols.dedup();
    let mut issued = BTreeMap::new();
    for chunk in symbols.chunks(500) {
        let found: Vec<(String, Option<NaiveDate>)> = legal_documents::table
            .filter(legal_documents::number_symbol.eq_any(chunk))
            .select((legal_documents::number_symbol, legal_documents::issued_on))
            .load(conn)?;
        for (symbol, day) in found {
            if let Some(day) = day {
                issued.entry(symbol).or_insert(day);
            }
        }
    }
    Ok(issued)
}

/// The first moment of a day in Vietnam (UTC+7), in UTC as the tables keep moments.
fn day_start(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(0, 0, 0).unwrap_or_default() - chrono::Duration::hours(7)
}

/// A question as the oversight reads it.
#[derive(Queryable, Selectable)]
#[diesel(table_name = questions)]
struct Asked {
    id: i32,
    site_id: i32,
    code: String,
    title: String,
    status: String,
    received_at: NaiveDateTime,
    paused_days: i32,
    closed_at: Option<NaiveDateTime>,
}

/// Questions: an answer, or a notice of progress with a date, within 15 working days of
/// receipt (004 art. 9.1đ), plus the working days a pause gave back. Rejected and merged
/// questions need no answer of their own.
fn answers(
    conn: &mut DbConn,
    ctx: &Context,
    from: NaiveDate,
    out: &mut Vec<Judged>,
) -> Result<(), TimelinessError> {
    let rows: Vec<Asked> = questions::table
        .filter(questions::received_at.ge(day_start(from)))
        .filter(questions::status.ne_all([Status::Rejected.as_str(), Status::Merged.as_str()]))
        .select(Asked::as_select())
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut notices: BTreeMap<i32, NaiveDateTime> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let found: Vec<(i32, NaiveDateTime)> = question_events::table
            .filter(question_events::question_id.eq_any(chunk))
            .filter(question_events::kind.eq(QuestionEvent::Extended.as_str()))
            .select((question_events::question_id, question_events::at))
            .load(conn)?;
        for (q, at) in found {
            let first = notices.entry(q).or_insert(at);
            *first = (*first).min(at);
        }
    }
    for q in rows {
        let started = ctx.calendar.receipt_day(q.received_at.and_utc())?;
        let answered = (Status::parse(&q.status) == Some(Status::Answered))
            .then_some(q.closed_at)
            .flatten();
        let done = [answered, notices.get(&q.id).copied()]
            .into_iter()
            .flatten()
            .min()
            .map(today_in_vietnam);
        out.extend(ctx.obligation(Started {
            site: SiteId(q.site_id),
            category: Category::Answers,
            subject: Subject::Question(QuestionId(q.id)),
            title: format!("{} — {}", q.code, q.title),
            started,
            // A pause (asking the citizen for more) gives its working days back.
            extra_days: u32::try_from(q.paused_days).unwrap_or(0),
            by_date: None,
            done,
        })?);
    }
    Ok(())
}

/// Consultations: the report on the comments once the consultation has closed (the board's
/// own number of days: the law asks for the report and sets none).
fn consultation_reports(
    conn: &mut DbConn,
    ctx: &Context,
    from: NaiveDate,
    out: &mut Vec<Judged>,
) -> Result<(), TimelinessError> {
    let tomorrow = ctx.today.succ_opt().unwrap_or(ctx.today);
    let rows: Vec<(i32, i32, String, NaiveDateTime, Option<NaiveDateTime>)> = consultations::table
        .inner_join(content_items::table.on(content_items::id.eq(consultations::content_id)))
        .filter(consultations::closes_at.ge(day_start(from)))
        .filter(consultations::closes_at.lt(day_start(tomorrow)))
        .filter(content_items::state.ne(ContentState::Draft.as_str()))
        .select((
            consultations::content_id,
            consultations::site_id,
            content_items::title,
            consultations::closes_at,
            consultations::report_published_at,
        ))
        .load(conn)?;
    for (id, site, title, closes, report) in rows {
        out.extend(ctx.obligation(Started {
            site: SiteId(site),
            category: Category::ConsultationReport,
            subject: Subject::Content(ContentId(id)),
            title,
            started: today_in_vietnam(closes),
            extra_days: 0,
            by_date: None,
            done: report.map(today_in_vietnam),
        })?);
    }
    Ok(())
}

/// News freshness (the board's policy): after each day a site publishes news (or the day
/// it joined), the next article is due within the rule's working days. Each gap is one
/// obligation, done on the day of the next article.
fn news(
    conn: &mut DbConn,
    ctx: &Context,
    from: NaiveDate,
    out: &mut Vec<Judged>,
) -> Result<(), TimelinessError> {
    let rows: Vec<(i32, NaiveDateTime)> = content_items::table
        .filter(content_items::kind.eq(ContentKind::News.as_str()))
        .filter(content_items::lang.eq("vi"))
        .filter(content_items::state.ne(ContentState::Draft.as_str()))
        .filter(content_items::published_at.ge(day_start(from)))
        .select((content_items::site_id, content_items::published_at))
        .load(conn)?;
    let mut days: BTreeMap<i32, Vec<NaiveDate>> = BTreeMap::new();
    for (site, at) in rows {
        days.entry(site).or_default().push(today_in_vietnam(at));
    }
    for site in ctx.sites {
        let mut published = days.remove(&site.id.0).unwrap_or_default();
        published.retain(|d| *d >= site.since && *d <= ctx.today);
        published.sort();
        published.dedup();
        let first = site.since.max(from);
        let mut starts = vec![first];
        starts.extend(published.iter().copied().filter(|d| *d > first));
        for (i, started) in starts.iter().enumerate() {
            let done = starts.get(i + 1).copied();
            out.extend(ctx.obligation(Started {
                site: site.id,
                category: Category::NewsFreshness,
                subject: Subject::Site,
                title: String::new(),
                started: *started,
                extra_days: 0,
                by_date: None,
                done,
            })?);
        }
    }
    Ok(())
}
