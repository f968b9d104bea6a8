//! What the oversight's pages, CSV and API show, built from the judged obligations without
//! HTTP: the choices a request makes (checked), the table's lines with their trend charts,
//! the drill-down's items, the rules and the API's rows. The web layer passes what it knows
//! of the reader in a [`Reader`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::report::{self, Filter, Overview};
use super::rules::{Category, Deadline, Rules};
use super::{Judged, Period, Reach, Rule, Standing, Subject, Tally};
use crate::lang::Lang;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::site::hosts::Directory;
use crate::site::SiteKind;

/// The choices of the page, the CSV and the API, as sent.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Params {
    pub period: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub site: Option<String>,
}

/// The choices checked: the period and the filter.
#[derive(Debug, Clone)]
pub struct Choice {
    pub period: Period,
    pub filter: Filter,
}

/// Why a request's choices are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A malformed value: the message id that says which.
    Invalid(&'static str),
    /// A site outside the reader's reach.
    OutOfReach,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Params {
    /// The period (the last six months unless chosen) and the filter, each value checked.
    pub fn checked(&self, today: NaiveDate, sites: &Directory) -> Result<Choice, Refusal> {
        let bad = Refusal::Invalid;
        let period = match given(&self.period) {
            Some(text) => Period::parse(text).ok_or(bad("timeliness-error-period"))?,
            None => Period::last_six_months(today),
        };
        let site_kind = given(&self.kind)
            .map(|k| SiteKind::parse(k).ok_or(bad("timeliness-error-kind")))
            .transpose()?;
        let category = given(&self.category)
            .map(|c| Category::parse(c).ok_or(bad("timeliness-error-category")))
            .transpose()?;
        let site = given(&self.site)
            .map(|slug| {
                sites
                    .by_slug(slug)
                    .map(|s| s.id)
                    .ok_or(bad("timeliness-error-site"))
            })
            .transpose()?;
        Ok(Choice {
            period,
            filter: Filter {
                site_kind,
                category,
                site,
            },
        })
    }

    /// The choices checked and kept within what the reader may read: a department's
    /// administrator with one site sees that site.
    pub fn within(
        &self,
        today: NaiveDate,
        sites: &Directory,
        reach: &Reach,
    ) -> Result<Choice, Refusal> {
        let mut choice = self.checked(today, sites)?;
        choice.filter.site = match (reach, choice.filter.site) {
            (Reach::Everything, site) => site,
            (Reach::Sites(own), Some(s)) if own.contains(&s) => Some(s),
            (Reach::Sites(_), Some(_)) => return Err(Refusal::OutOfReach),
            (Reach::Sites(own), None) => own.first().copied().filter(|_| own.len() == 1),
        };
        Ok(choice)
    }

    /// The choices as a query string (for the CSV and report links).
    pub fn query(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("period", &self.period),
            ("kind", &self.kind),
            ("category", &self.category),
            ("site", &self.site),
        ]
        .into_iter()
        .filter_map(|(k, v)| given(v).map(|v| (k, v)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// What a view needs of its reader: the language, the messages, the sites, and where the
/// admin's pages are.
pub struct Reader<'a> {
    pub lang: Lang,
    pub t: &'a dyn Fn(&str) -> String,
    pub sites: &'a Directory,
    /// A path of the admin interface in the reader's language (`/content/12` → `/admin/content/12`).
    pub admin_path: &'a dyn Fn(&str) -> String,
    /// Whether the reader may open what an obligation is about (its link is shown only then).
    pub opens: &'a dyn Fn(&Subject, crate::site::SiteId) -> bool,
}

/// A line of the table as the page shows it.
#[derive(Serialize)]
pub struct LineView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: SiteKind,
    pub cells: &'a [Tally],
    pub total: &'a Tally,
    pub percent: Option<u32>,
    /// Its monthly trend, an inline SVG chart.
    pub trend: String,
}

/// The table's lines with their trend charts.
pub fn lines<'a>(r: &Reader, o: &'a Overview) -> Vec<LineView<'a>> {
    let names = [
        (r.t)("timeliness-on-time"),
        (r.t)("timeliness-late"),
        (r.t)("timeliness-missing"),
    ];
    o.lines
        .iter()
        .map(|l| {
            let name = match r.lang {
                Lang::Vi => l.site.name_vi.as_str(),
                Lang::En => l.site.name_en.as_str(),
            };
            let title = format!("{} — {}", (r.t)("timeliness-trend"), name);
            let trend = report::trend_svg(
                l,
                &o.months,
                [&names[0], &names[1], &names[2]],
                &title,
                r.lang,
            );
            LineView {
                slug: &l.site.slug,
                name,
                kind: l.site.kind,
                cells: &l.cells,
                total: &l.total,
                percent: l.total.on_time_percent(),
                trend,
            }
        })
        .collect()
}

/// A value a select offers, with its name.
pub type Choosable = (&'static str, String);

/// The choices a page offers, with their names: kinds of site and categories.
pub fn options(r: &Reader) -> (Vec<Choosable>, Vec<Choosable>) {
    let kinds = SiteKind::ALL
        .iter()
        .map(|k| (k.as_str(), (r.t)(&format!("timeliness-site-kind-{k}"))))
        .collect();
    let categories = Category::watched()
        .map(|c| (c.as_str(), (r.t)(&format!("timeliness-category-{c}"))))
        .collect();
    (kinds, categories)
}

/// One obligation as the drill-down shows it.
#[derive(Serialize)]
pub struct ItemView {
    pub site: String,
    pub category: Category,
    pub title: String,
    pub started: String,
    pub due: String,
    pub done: Option<String>,
    pub standing: &'static str,
    pub days: Option<i64>,
    /// The item in the admin, when the reader may open it.
    pub link: Option<String>,
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An obligation for the drill-down and the printable report.
pub fn item(r: &Reader, j: &Judged) -> ItemView {
    let o = &j.obligation;
    let site = r.sites.get(o.site);
    let slug = site.map(|s| s.slug.as_str()).unwrap_or_default();
    let link = (r.opens)(&o.subject, o.site).then(|| match o.subject {
        Subject::Content(id) => (r.admin_path)(&format!("/content/{}", id.0)),
        Subject::Question(id) => (r.admin_path)(&format!("/inbox/{}", id.0)),
        Subject::Site => (r.admin_path)(&format!("/sites/{slug}/content?kind=news")),
    });
    let title = if o.title.is_empty() {
        format!("{} {}", (r.t)("timeliness-news-after"), day(o.started))
    } else {
        o.title.clone()
    };
    let days = match j.standing {
        Standing::Late(d) | Standing::Missing(d) => Some(d),
        _ => None,
    };
    ItemView {
        site: site
            .map(|s| s.short_name(r.lang).to_string())
            .unwrap_or_default(),
        category: o.category,
        title,
        started: day(o.started),
        due: day(o.due),
        done: o.done.map(day),
        standing: j.standing.word(),
        days,
        link,
    }
}

/// The drill-down: the obligations behind a cell of the table, late and missing first.
pub fn items(r: &Reader, judged: &[Judged], choice: &Choice) -> Vec<ItemView> {
    report::items(judged, &choice.period, &choice.filter)
        .into_iter()
        .filter(|j| {
            choice
                .filter
                .site_kind
                .is_none_or(|k| r.sites.get(j.obligation.site).is_some_and(|s| s.kind == k))
        })
        .map(|j| item(r, j))
        .collect()
}

/// A rule as the rules page shows it.
#[derive(Serialize)]
pub struct RuleView {
    pub rule: Rule,
    /// The site of a change for one site.
    pub site: Option<String>,
    /// Its working days, for rules counted so.
    pub days: Option<u32>,
}

fn rule_view(rule: Rule, site: Option<String>) -> RuleView {
    let days = match rule.deadline {
        Deadline::WorkingDays(d) => Some(d),
        Deadline::ByDate => None,
    };
    RuleView { rule, site, days }
}

/// The rules for every site, then the changes made for single sites.
pub fn rules(r: &Reader, rules: &Rules) -> (Vec<RuleView>, Vec<RuleView>) {
    let all = Category::ALL
        .into_iter()
        .map(|c| rule_view(rules.for_all(c), None))
        .collect();
    let per_site = rules
        .site_overrides()
        .filter_map(|o| {
            let site = o.site?;
            let name = r.sites.get(site).map(|s| s.short_name(r.lang).to_string());
            Some(rule_view(rules.for_site(o.category, site), name))
        })
        .collect();
    (all, per_site)
}

/// What the API's document says of the oversight's parameters.
pub const API_PARAMS: &[ApiParam] = crate::api_params![
    "period" => "A month (`2026-11`) or a run of months (`2026-06..2026-11`); the last six months by default.",
    "kind" => "Only sites of this kind: `province`, `department`, `commune` or `ward`.",
    "category" => "Only this category (`legal_own`, `legal_concerned`, `plans_projects`, `answers`, `statistics`, `budget`, `consultation_report`, `news_freshness`).",
    "site" => "Only this site (its slug).",
];

/// The fields of an [`ApiRow`].
pub const ROW_FIELDS: &[ApiField] = crate::api_fields![
    "site": Text => "The site's slug.",
    "category": Text => "The category of what had to be published.",
    "period": Text => "The period counted.",
    "due": Number => "Items that fell due in the period (on time + late + missing).",
    "on_time": Number => "Published by their due day.",
    "late": Number => "Published after their due day.",
    "missing": Number => "Due, and still not published.",
    "not_yet_due": Number => "Started in the period, not yet due.",
];

/// A line of the API's answer: one per site and category.
#[derive(Serialize)]
pub struct ApiRow {
    pub site: String,
    pub category: Category,
    pub period: String,
    pub due: u32,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    pub not_yet_due: u32,
}

/// The table as the API's rows.
pub fn api_rows(o: &Overview) -> Vec<ApiRow> {
    o.lines
        .iter()
        .flat_map(|l| {
            o.categories.iter().zip(&l.cells).map(|(c, t)| ApiRow {
                site: l.site.slug.clone(),
                category: *c,
                period: o.period.label(),
                due: t.due,
                on_time: t.on_time,
                late: t.late,
                missing: t.missing,
                not_yet_due: t.not_yet_due,
            })
        })
        .collect()
}
