//! The board's views of the judged obligations: the table of sites × categories for a
//! period, each site's monthly trend, and the CSV of the table. Pure: they take what
//! [`super::store`] read.

use std::collections::BTreeMap;

use serde::Serialize;

use super::store::Watched;
use super::{in_period, Category, Judged, Period, Tally};
use crate::lang::Lang;
use crate::site::{SiteId, SiteKind};
use crate::statistics::chart::{self, Chart, ChartKind};

/// What the board chose to look at.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Departments only, communes only…
    pub site_kind: Option<SiteKind>,
    pub category: Option<Category>,
    /// One site (a department's administrator sees only theirs).
    pub site: Option<SiteId>,
}

impl Filter {
    fn keeps_site(&self, s: &Watched) -> bool {
        self.site_kind.is_none_or(|k| k == s.kind) && self.site.is_none_or(|id| id == s.id)
    }

    fn keeps(&self, j: &Judged) -> bool {
        self.category.is_none_or(|c| c == j.obligation.category)
    }
}

/// One site's line of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub site: Watched,
    /// One cell per category of the table, in its order.
    pub cells: Vec<Tally>,
    pub total: Tally,
    /// One tally per month of the period (the trend).
    pub months: Vec<Tally>,
}

/// The table of a period.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub period: Period,
    pub categories: Vec<Category>,
    pub lines: Vec<Line>,
    /// One cell per category, every site together.
    pub totals: Vec<Tally>,
    pub total: Tally,
    pub months: Vec<Period>,
}

/// Tallies the obligations of `sites` in `period`, as `filter` narrows them.
pub fn overview(judged: &[Judged], sites: &[Watched], period: Period, filter: &Filter) -> Overview {
    let categories: Vec<Category> = Category::watched()
        .filter(|c| filter.category.is_none_or(|f| f == *c))
        .collect();
    let months = period.months();
    let mut by_site: BTreeMap<SiteId, Vec<&Judged>> = BTreeMap::new();
    for j in judged
        .iter()
        .filter(|j| filter.keeps(j) && in_period(j, &period))
    {
        by_site.entry(j.obligation.site).or_default().push(j);
    }
    let mut totals = vec![Tally::default(); categories.len()];
    let mut total = Tally::default();
    let lines = sites
        .iter()
        .filter(|s| filter.keeps_site(s))
        .map(|s| {
            let mut cells = vec![Tally::default(); categories.len()];
            let mut line_total = Tally::default();
            let mut trend = vec![Tally::default(); months.len()];
            for j in by_site.get(&s.id).into_iter().flatten() {
                if let Some(i) = categories.iter().position(|c| *c == j.obligation.category) {
                    cells[i].add(j.standing);
                    totals[i].add(j.standing);
                }
                line_total.add(j.standing);
                total.add(j.standing);
                if let Some(m) = months.iter().position(|m| in_period(j, m)) {
                    trend[m].add(j.standing);
                }
            }
            Line {
                site: s.clone(),
                cells,
                total: line_total,
                months: trend,
            }
        })
        .collect();
    Overview {
        period,
        categories,
        lines,
        totals,
        total,
        months,
    }
}

/// The obligations of one site (or all) and one category (or all) in a period: the
/// drill-down, late and missing first.
pub fn items<'a>(judged: &'a [Judged], period: &Period, filter: &Filter) -> Vec<&'a Judged> {
    let mut out: Vec<&Judged> = judged
        .iter()
        .filter(|j| filter.keeps(j) && in_period(j, period))
        .filter(|j| filter.site.is_none_or(|s| s == j.obligation.site))
        .collect();
    let rank = |j: &Judged| match j.standing {
        super::Standing::Missing(_) => 0,
        super::Standing::Late(_) => 1,
        super::Standing::NotYetDue => 2,
        super::Standing::OnTime => 3,
    };
    out.sort_by_key(|j| (rank(j), j.obligation.due));
    out
}

/// The table as CSV, one row per site and category: `site`, `site_name`, `category`,
/// `period`, `due`, `on_time`, `late`, `missing`, `not_yet_due`. UTF-8 with a byte-order
/// mark so that spreadsheets read the Vietnamese names.
pub fn csv(o: &Overview, lang: Lang) -> String {
    let mut out = String::from(
        "\u{feff}site,site_name,category,period,due,on_time,late,missing,not_yet_due\r\n",
    );
    let period = o.period.label();
    for line in &o.lines {
        let name = match lang {
            Lang::Vi => &line.site.name_vi,
            Lang::En => &line.site.name_en,
        };
        for (c, t) in o.categories.iter().zip(&line.cells) {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\r\n",
                cell(&line.site.slug),
                cell(name),
                c,
                period,
                t.due,
                t.on_time,
                t.late,
                t.missing,
                t.not_yet_due
            ));
        }
    }
    out
}

/// A CSV cell: quoted when it holds a separator or a quote, and never read as a formula
/// by a spreadsheet (a leading `=`, `+`, `-`, `@` gets an apostrophe).
fn cell(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// A site's monthly trend as an inline SVG bar chart: on time, late and missing per month,
/// with a title and a description for screen readers.
pub fn trend_svg(
    line: &Line,
    months: &[Period],
    names: [&str; 3],
    title: &str,
    lang: Lang,
) -> String {
    let labels: Vec<String> = months
        .iter()
        .map(|m| m.first.format("%m/%Y").to_string())
        .collect();
    let series: Vec<(String, Vec<Option<f64>>)> = [
        (
            names[0],
            line.months.iter().map(|t| t.on_time).collect::<Vec<_>>(),
        ),
        (names[1], line.months.iter().map(|t| t.late).collect()),
        (names[2], line.months.iter().map(|t| t.missing).collect()),
    ]
    .into_iter()
    .map(|(n, v)| {
        (
            n.to_string(),
            v.into_iter().map(|x| Some(f64::from(x))).collect(),
        )
    })
    .collect();
    let desc = chart::describe(&labels, &series, "", lang);
    let id = format!("trend-{}", line.site.slug);
    chart::svg(&Chart {
        kind: ChartKind::Bar,
        id: &id,
        title,
        desc: &desc,
        labels: &labels,
        series: &series,
        lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeliness::{Obligation, Standing, Subject};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn site(id: i32, slug: &str, kind: SiteKind) -> Watched {
        Watched {
            id: SiteId(id),
            slug: slug.into(),
            kind,
            name_vi: format!("Sở {slug}"),
            name_en: slug.into(),
            email: String::new(),
            since: d("2026-01-01"),
        }
    }

    fn judged(site: i32, category: Category, due: &str, standing: Standing) -> Judged {
        Judged {
            obligation: Obligation {
                site: SiteId(site),
                category,
                subject: Subject::Site,
                title: String::new(),
                started: d(due) - chrono::Duration::days(3),
                due: d(due),
                done: None,
            },
            standing,
        }
    }

    #[test]
    fn the_table_counts_per_site_and_category_within_the_period() {
        let sites = [
            site(1, "sonha", SiteKind::Province),
            site(2, "sxd", SiteKind::Department),
        ];
        let all = [
            judged(2, Category::LegalOwn, "2026-11-03", Standing::Late(4)),
            judged(2, Category::LegalOwn, "2026-11-10", Standing::OnTime),
            judged(2, Category::Answers, "2026-10-10", Standing::Missing(20)),
            judged(1, Category::NewsFreshness, "2026-11-20", Standing::OnTime),
            // Outside the period.
            judged(2, Category::LegalOwn, "2026-09-30", Standing::Late(1)),
        ];
        let period = Period::parse("2026-10..2026-11").unwrap();
        let o = overview(&all, &sites, period, &Filter::default());
        let legal = o
            .categories
            .iter()
            .position(|c| *c == Category::LegalOwn)
            .unwrap();
        assert_eq!(o.lines[1].cells[legal].due, 2);
        assert_eq!(o.lines[1].cells[legal].late, 1);
        assert_eq!(o.lines[1].total.missing, 1);
        assert_eq!(o.total.due, 4);
        assert_eq!(o.lines[1].months.len(), 2);
        assert_eq!(o.lines[1].months[0].missing, 1);
        assert_eq!(o.lines[1].months[1].due, 2);

        let departments = overview(
            &all,
            &sites,
            period,
            &Filter {
                site_kind: Some(SiteKind::Department),
                ..Filter::default()
            },
        );
        assert_eq!(departments.lines.len(), 1);
        assert_eq!(departments.total.due, 3);

        let csv = csv(&o, Lang::Vi);
        assert!(csv.starts_with("\u{feff}site,site_name,category,period,due,on_time,late,missing"));
        assert!(csv.contains("sxd,Sở sxd,legal_own,2026-10..2026-11,2,1,1,0,0\r\n"));
        let drill = items(
            &all,
            &period,
            &Filter {
                site: Some(SiteId(2)),
                ..Filter::default()
            },
        );
        assert_eq!(drill[0].standing, Standing::Missing(20));
        assert_eq!(drill.len(), 3);
    }

    #[test]
    fn csv_cells_are_never_formulas() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("Sở Xây dựng"), "Sở Xây dựng");
    }
}
