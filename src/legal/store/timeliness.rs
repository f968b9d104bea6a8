//! The board's timeliness report: how many working days each document took from issue to
//! publication, against the rule.

use super::*;

/// A document of the board's timeliness report: when it was issued and published, and the
/// working days it took against the rule.
#[derive(Debug, Clone, Serialize)]
pub struct Timeliness {
    pub id: i32,
    pub site_id: i32,
    pub number_symbol: String,
    pub abstract_text: String,
    pub issued_on: Option<NaiveDate>,
    pub published_at: NaiveDateTime,
    pub issued_by_site: bool,
    pub allowed_days: i64,
    pub took_days: Option<i64>,
    pub late: bool,
}

pub(super) type TimelinessRow = (
    i32,
    i32,
    NaiveDateTime,
    String,
    String,
    Option<NaiveDate>,
    bool,
);

/// Every public document of the given sites with its publication delay.
pub fn timeliness(
    conn: &mut DbConn,
    sites: &[SiteId],
    calendar: &crate::calendar::Calendar,
) -> QueryResult<Vec<Timeliness>> {
    let ids: Vec<i32> = sites.iter().map(|s| s.0).collect();
    let rules = crate::timeliness::store::rules(conn)?;
    let rows: Vec<TimelinessRow> = legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::site_id.eq_any(&ids))
        .filter(content_items::kind.eq(ContentKind::LegalDocument.as_str()))
        .filter(content_items::state.ne(ContentState::Draft.as_str()))
        .order(content_items::published_at.desc())
        .select((
            content_items::id,
            content_items::site_id,
            content_items::published_at,
            legal_documents::number_symbol,
            legal_documents::abstract_text,
            legal_documents::issued_on,
            legal_documents::issued_by_site,
        ))
        .limit(2000)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, site_id, published_at, number_symbol, abstract_text, issued_on, own)| {
                let published_on = published_at
                    .and_utc()
                    .with_timezone(&crate::clock::vietnam())
                    .date_naive();
                let delay = super::super::timeliness::delay(
                    &rules,
                    calendar,
                    SiteId(site_id),
                    own,
                    issued_on,
                    published_on,
                );
                Timeliness {
                    id,
                    site_id,
                    number_symbol,
                    abstract_text,
                    issued_on,
                    published_at,
                    issued_by_site: own,
                    allowed_days: delay.allowed_days,
                    late: delay.late,
                    took_days: delay.took_days,
                }
            },
        )
        .collect())
}
