//! What the search index needs of a document: its entry, the documents whose status changed
//! on a day, and those a document's relations name.

use super::*;

/// What search indexes of a public document: its record, the sites listing it, and its
/// status today.
pub struct SearchEntry {
    pub record: LegalRecord,
    pub sites: Vec<SiteId>,
    pub status: Status,
}

/// A public document's search entry; `None` when it is not in the registry.
pub fn search_entry(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    today: NaiveDate,
) -> QueryResult<Option<SearchEntry>> {
    let Some((record, _, status)) = with_status(conn, content, today)? else {
        return Ok(None);
    };
    let mut sites = vec![site];
    sites.extend(record.also_on.iter().map(|s| SiteId(*s)));
    Ok(Some(SearchEntry {
        record,
        sites,
        status,
    }))
}

/// The public documents whose status on `to` differs from their status on `from`: a day
/// reached (coming into force, expiry, a replacement taking effect) changes a status with no
/// edit, so nothing in the change log says so.
pub fn statuses_changed(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<ContentId>> {
    let rows: Vec<DocumentRow> = legal_documents::table
        .inner_join(content_items::table.on(content_items::id.eq(legal_documents::content_id)))
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .select(DocumentRow::as_select())
        .load(conn)?;
    let mut keys: Vec<String> = rows.iter().map(|r| r.symbol_key.clone()).collect();
    keys.sort_unstable();
    keys.dedup();
    let acts = acts_on(conn, keys)?;
    Ok(rows
        .iter()
        .filter(|r| {
            let facts = facts(r, &acts);
            status::status_on(&facts, from) != status::status_on(&facts, to)
        })
        .map(|r| ContentId(r.content_id))
        .collect())
}

/// The public documents a document's relations name (their status may have changed with
/// it).
pub fn related_targets(conn: &mut DbConn, content: ContentId) -> QueryResult<Vec<ContentId>> {
    let keys: Vec<String> = legal_relations::table
        .filter(legal_relations::source_id.eq(content.0))
        .select(legal_relations::target_key)
        .load(conn)?;
    let ids: Vec<i32> = legal_documents::table
        .filter(legal_documents::symbol_key.eq_any(keys))
        .select(legal_documents::content_id)
        .load(conn)?;
    Ok(ids.into_iter().map(ContentId).collect())
}
