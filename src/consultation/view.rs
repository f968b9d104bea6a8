//! What the public sees of a consultation, in a reader's language: its facts, the draft's
//! articles with their comment counts, the published comments (names only with consent,
//! e-mail addresses never) and, once published, the report with its figures. Pure: the
//! page, the printable report and the API all read it.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::store::{Comment, Consultation};
use super::{
    counts_per_article, report_counts, shown_name, ArticleCount, Moderation, Phase, ReportCounts,
};
use crate::clock::display_moment;
use crate::lang::Lang;
use crate::record::public::{Address, Presenter};
use crate::render::markdown::to_safe_html;

/// An article of the draft with its comment counts.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub anchor: String,
    pub number: String,
    pub heading: String,
    pub html: String,
    pub received: usize,
    pub published: usize,
}

/// A published comment.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub id: i32,
    /// `None`: shown as "Người góp ý".
    pub name: Option<String>,
    pub organisation: String,
    /// `dieu-3`, or empty.
    pub article: String,
    /// `3` of `dieu-3`.
    pub article_number: String,
    pub body: String,
    pub received: String,
}

/// One answer of the report with the comments it answers (rejected ones are counted, not
/// shown).
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub verdict: String,
    pub explanation: String,
    pub comments: Vec<CommentView>,
}

/// The consultation as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub phase: Phase,
    pub opens: String,
    pub closes: String,
    pub opens_iso: String,
    pub closes_iso: String,
    pub period_days: i64,
    pub shortened: bool,
    pub preamble_html: String,
    pub articles: Vec<ArticleView>,
    /// Comments on the draft as a whole.
    pub general: ArticleCount,
    pub comments: Vec<CommentView>,
    pub comments_received: usize,
    pub comments_published: usize,
    pub report_published: bool,
    pub report_published_on: Option<String>,
    pub answers: Vec<AnswerView>,
    pub counts: ReportCounts,
}

fn comment_view(c: &Comment, lang: Lang) -> CommentView {
    CommentView {
        id: c.id.0,
        name: shown_name(&c.name, c.consent).map(String::from),
        organisation: if c.consent {
            c.organisation.clone()
        } else {
            String::new()
        },
        article: c.article.clone(),
        article_number: c
            .article
            .strip_prefix("dieu-")
            .unwrap_or_default()
            .to_string(),
        body: c.body.clone(),
        received: display_moment(c.received_at, lang),
    }
}

/// Builds the view at `now`, in `lang`.
pub fn page(c: &Consultation, comments: &[Comment], lang: Lang, now: NaiveDateTime) -> PageView {
    let r = &c.record;
    let (preamble, articles) = r.articles();
    let anchors: Vec<String> = articles.iter().map(|a| a.anchor()).collect();
    let states: Vec<(String, Moderation)> = comments
        .iter()
        .map(|x| (x.article.clone(), x.moderation))
        .collect();
    let mut counts = counts_per_article(&anchors, &states).into_iter();
    let general = counts.next().unwrap_or_default();
    let articles = articles
        .iter()
        .zip(counts)
        .map(|(a, n)| ArticleView {
            anchor: a.anchor(),
            number: a.number.clone(),
            heading: a.heading.clone(),
            html: to_safe_html(&a.text),
            received: n.received,
            published: n.published,
        })
        .collect();
    let published: Vec<&Comment> = comments
        .iter()
        .filter(|x| x.moderation == Moderation::Approved)
        .collect();
    let report = c.report_published_at.is_some();
    let answers = if report {
        r.answers
            .iter()
            .map(|a| AnswerView {
                verdict: a.verdict.as_str().to_string(),
                explanation: a.explanation.clone(),
                comments: published
                    .iter()
                    .filter(|x| a.comments.contains(&x.id))
                    .map(|x| comment_view(x, lang))
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let reasons: Vec<_> = comments
        .iter()
        .map(|x| (x.id, x.moderation, x.reject_reason))
        .collect();
    let iso = |t: NaiveDateTime| t.and_utc().to_rfc3339();
    PageView {
        phase: c.phase(now),
        opens: display_moment(r.opens_at, lang),
        closes: display_moment(r.closes_at, lang),
        opens_iso: iso(r.opens_at),
        closes_iso: iso(r.closes_at),
        period_days: r.period_days(),
        shortened: r.is_shortened(),
        preamble_html: to_safe_html(&preamble),
        articles,
        general,
        comments: published.iter().map(|x| comment_view(x, lang)).collect(),
        comments_received: comments.len(),
        comments_published: published.len(),
        report_published: report,
        report_published_on: c.report_published_at.map(|t| display_moment(t, lang)),
        answers,
        counts: report_counts(&reasons, if report { &r.answers } else { &[] }),
    }
}

/// What a list of consultations may be narrowed by.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter {
    pub phase: Option<Phase>,
    /// The drafting agency's site.
    pub site: Option<crate::site::SiteId>,
    /// The year it opened (in Vietnam's time).
    pub year: Option<i32>,
}

/// The consultations a list shows, open ones first (closing soonest first), then upcoming
/// ones (opening soonest first), then closed ones (latest closed first).
pub fn listed(all: Vec<Consultation>, filter: ListFilter, now: NaiveDateTime) -> Vec<Consultation> {
    use chrono::Datelike;
    let year_of = |t: NaiveDateTime| t.and_utc().with_timezone(&crate::clock::vietnam()).year();
    let mut out: Vec<Consultation> = all
        .into_iter()
        .filter(|c| filter.phase.is_none_or(|p| c.phase(now) == p))
        .filter(|c| filter.site.is_none_or(|s| c.site_id == s))
        .filter(|c| filter.year.is_none_or(|y| year_of(c.record.opens_at) == y))
        .collect();
    out.sort_by_key(|c| {
        let r = &c.record;
        match c.phase(now) {
            Phase::Open => (0, r.closes_at.and_utc().timestamp()),
            Phase::Upcoming => (1, r.opens_at.and_utc().timestamp()),
            Phase::Closed => (2, -r.closes_at.and_utc().timestamp()),
        }
    });
    out
}

/// The next moment a consultation of the list opens or closes (a cached list expires then).
pub fn next_change(all: &[Consultation], now: NaiveDateTime) -> Option<NaiveDateTime> {
    all.iter()
        .flat_map(|c| [c.record.opens_at, c.record.closes_at])
        .filter(|t| *t > now)
        .min()
}

/// The choices of the comment form's `article` field: each article's anchor and its name
/// (`Điều 3. Hiệu lực`).
pub fn article_options(record: &super::ConsultationRecord, lang: Lang) -> Vec<(String, String)> {
    record
        .articles()
        .1
        .iter()
        .map(|a| {
            let mut label = format!("{} {}", lang.pick("Điều", "Article"), a.number);
            if !a.heading.is_empty() {
                label = format!("{label}. {}", a.heading);
            }
            (a.anchor(), label)
        })
        .collect()
}

/// A consultation as lists, the feed and the API show it.
#[derive(Debug, Serialize)]
pub struct Card {
    pub id: crate::content::ContentId,
    /// The slug of the site that consults.
    pub site: String,
    pub agency: String,
    pub title: String,
    pub summary: String,
    pub state: Phase,
    pub opens_at: String,
    pub closes_at: String,
    pub opens: String,
    pub closes: String,
    pub url: String,
    pub comments_published: i64,
    pub report_url: Option<String>,
}

impl Card {
    /// The card of a consultation with `published` comments published, at `now`.
    pub fn of(p: &dyn Presenter, c: &Consultation, published: i64, now: NaiveDateTime) -> Card {
        let address = Address {
            kind: crate::content::ContentKind::Consultation,
            id: c.id,
            site: c.site_id,
            lang: c.lang,
            slug: c.slug.clone(),
        };
        let url = p.url(&address);
        Card {
            id: c.id,
            site: p.site_slug(c.site_id).unwrap_or_default(),
            agency: c.record.agency.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            state: c.phase(now),
            opens_at: crate::clock::iso_time(c.record.opens_at),
            closes_at: crate::clock::iso_time(c.record.closes_at),
            opens: display_moment(c.record.opens_at, p.lang()),
            closes: display_moment(c.record.closes_at, p.lang()),
            report_url: c.report_published_at.map(|_| format!("{url}?print=1")),
            url,
            comments_published: published,
        }
    }
}

/// A consultation as the API gives it: its card, the draft's facts and contacts, the
/// articles' counts, the published comments and, once published, the report.
pub fn resource(
    p: &dyn Presenter,
    data: &super::store::PageData,
    lang: Lang,
    now: NaiveDateTime,
) -> serde_json::Value {
    let c = &data.consultation;
    let published = data
        .comments
        .iter()
        .filter(|x| x.moderation == Moderation::Approved)
        .count() as i64;
    let view = page(c, &data.comments, lang, now);
    let mut body = serde_json::to_value(Card::of(p, c, published, now)).unwrap_or_default();
    let more = serde_json::json!({
        "draft_type": c.record.draft_type,
        "shortened_reason": (!c.record.shortened_reason.is_empty()).then_some(&c.record.shortened_reason),
        "contact": c.record.contact,
        "postal_address": c.record.postal_address,
        "email": c.record.email,
        "articles": view.articles,
        "comments": view.comments,
        "answers": view.answers,
        "counts": view.counts,
        "final_document": data.final_document.as_ref().map(|d| d.id),
    });
    if let (Some(body), serde_json::Value::Object(more)) = (body.as_object_mut(), more) {
        body.extend(more);
    }
    body
}

/// The board's list of a site's consultations: phase, comments received and waiting, when
/// each closes, and whether its report is out.
pub fn board_rows(
    overview: &[super::store::Overview],
    lang: Lang,
    now: NaiveDateTime,
) -> Vec<serde_json::Value> {
    overview
        .iter()
        .map(|o| {
            let c = &o.consultation;
            serde_json::json!({
                "id": c.id.0, "title": c.title, "lang": c.lang.code(),
                "phase": c.phase(now), "pending": o.pending, "received": o.received,
                "closes": display_moment(c.record.closes_at, lang),
                "report": c.report_published_at.is_some(),
            })
        })
        .collect()
}

/// The comments waiting for the board's moderation, with their consultation's title.
pub fn moderation_queue(pending: &[(Comment, String)], lang: Lang) -> Vec<serde_json::Value> {
    pending
        .iter()
        .map(|(x, title)| {
            serde_json::json!({
                "id": x.id.0, "consultation": title, "article": x.article, "body": x.body,
                "name": x.name, "organisation": x.organisation, "consent": x.consent,
                "received": display_moment(x.received_at, lang),
            })
        })
        .collect()
}
