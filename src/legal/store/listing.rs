//! Lists of public documents: the summaries, filters and paging, each document's status
//! on the day from the acts on it, the number-symbol lookup and the facets.

use super::*;

/// What heads a document's line in a list, and the API's list entry: its type,
/// number-symbol (số ký hiệu), issuers, days of issue and effect, and field.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentHeading {
    pub doc_type: String,
    pub number_symbol: String,
    pub issuers: Vec<String>,
    pub issued_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub field: String,
}

/// One line of a list of documents.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub id: i32,
    pub site_id: i32,
    pub lang: String,
    pub slug: String,
    #[serde(flatten)]
    pub heading: DocumentHeading,
    pub abstract_text: String,
    pub normative: bool,
    pub status: Status,
    pub published_at: NaiveDateTime,
}

/// What a list of documents is narrowed to, once the page's or the API's filters are checked.
#[derive(Debug, Clone, Default)]
pub struct LegalFilters {
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub field: Option<String>,
    pub year: Option<i32>,
    pub status: Option<Status>,
    /// Status computed on this day.
    pub as_of: Option<NaiveDate>,
}

/// What a list of documents is filtered by.
#[derive(Debug, Clone, Default)]
pub struct LegalQuery {
    /// The site whose documents are listed; `None` for the province portal's list of
    /// every site's documents kept on the portal.
    pub site: Option<SiteId>,
    pub lang: Option<Lang>,
    pub filters: LegalFilters,
    pub offset: i64,
    pub limit: i64,
    /// Newest publication first (feeds) instead of newest issue first.
    pub newest_published: bool,
}

/// A page of documents and how many match in all.
#[derive(Debug, Clone, Serialize)]
pub struct LegalListing {
    pub items: Vec<DocumentSummary>,
    pub total: i64,
}

pub(super) type SummaryRow = (i32, i32, String, String, NaiveDateTime, DocumentRow);

/// The published documents matching a query, newest issue first.
pub fn list(conn: &mut DbConn, q: &LegalQuery, today: NaiveDate) -> QueryResult<LegalListing> {
    let mut query = legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq_any(PUBLIC))
        .into_boxed();
    if let Some(site) = q.site {
        let listed = legal_listings::table
            .filter(legal_listings::site_id.eq(site.0))
            .select(legal_listings::content_id);
        query = query.filter(
            content_items::site_id
                .eq(site.0)
                .or(content_items::id.eq_any(listed)),
        );
    } else {
        query = query.filter(content_items::on_portal.eq(true));
    }
    if let Some(lang) = q.lang {
        query = query.filter(content_items::lang.eq(lang.code()));
    }
    if let Some(t) = &q.filters.doc_type {
        query = query.filter(legal_documents::type_key.eq(facet_key(t)));
    }
    if let Some(i) = &q.filters.issuer {
        query = query.filter(legal_documents::issuers.like(format!("%{}%", i.trim())));
    }
    if let Some(f) = &q.filters.field {
        query = query.filter(legal_documents::field_key.eq(facet_key(f)));
    }
    if let Some(y) = q.filters.year {
        query = query.filter(legal_documents::year.eq(y));
    }
    query = if q.newest_published {
        query.order(content_items::published_at.desc())
    } else {
        query.order((
            legal_documents::issued_on.desc(),
            content_items::published_at.desc(),
        ))
    };
    let rows: Vec<SummaryRow> = query
        .select((
            content_items::id,
            content_items::site_id,
            content_items::lang,
            content_items::slug,
            content_items::published_at,
            DocumentRow::as_select(),
        ))
        .load(conn)?;
    // Status depends on other documents and on the day, so it is computed, then filtered.
    let day = q.filters.as_of.unwrap_or(today);
    let acts = acts_on(conn, rows.iter().map(|r| r.5.symbol_key.clone()).collect())?;
    let mut items: Vec<DocumentSummary> = rows
        .into_iter()
        .map(|(id, site_id, lang, slug, published_at, row)| {
            let status = status::status_on(&facts(&row, &acts), day);
            DocumentSummary {
                id,
                site_id,
                lang,
                slug,
                heading: DocumentHeading {
                    issuers: row.issuers.lines().map(String::from).collect(),
                    doc_type: row.doc_type,
                    number_symbol: row.number_symbol,
                    issued_on: row.issued_on,
                    effective_on: row.effective_on,
                    field: row.field,
                },
                abstract_text: row.abstract_text,
                normative: row.normative,
                status,
                published_at,
            }
        })
        .filter(|s| q.filters.status.is_none_or(|want| s.status == want))
        .collect();
    let total = items.len() as i64;
    let start = (q.offset.max(0) as usize).min(items.len());
    let end = (start + q.limit.max(0) as usize).min(items.len());
    items = items.drain(start..end).collect();
    Ok(LegalListing { items, total })
}

/// What published documents state about the documents with these keys, with whom each
/// stating document was issued by (several agencies number their documents alike).
pub(super) struct Acts {
    pub(super) by_key: HashMap<String, Vec<(Act, Vec<String>)>>,
    /// How many documents share each key.
    pub(super) sharing: HashMap<String, usize>,
}

impl Acts {
    /// The acts that concern one document: all of them when its number-symbol is unique
    /// in the registry, else only those stated by one of its own issuers.
    pub(super) fn on(&self, row: &DocumentRow) -> Vec<Act> {
        let Some(acts) = self.by_key.get(&row.symbol_key) else {
            return Vec::new();
        };
        let unique = self.sharing.get(&row.symbol_key).copied().unwrap_or(0) <= 1;
        let own: Vec<String> = row.issuers.lines().map(facet_key).collect();
        acts.iter()
            .filter(|(_, by)| unique || by.iter().any(|i| own.contains(i)))
            .map(|(act, _)| *act)
            .collect()
    }
}

/// A document's record, its row and its status on `day` from the acts on it; `None` when it
/// is not in the registry.
pub(super) fn with_status(
    conn: &mut DbConn,
    content: ContentId,
    day: NaiveDate,
) -> QueryResult<Option<(LegalRecord, DocumentRow, Status)>> {
    let Some(record) = record(conn, content)? else {
        return Ok(None);
    };
    let row = legal_documents::table
        .find(content.0)
        .select(DocumentRow::as_select())
        .first(conn)?;
    let acts = acts_on(conn, vec![row.symbol_key.clone()])?;
    let status = status::status_on(&facts(&row, &acts), day);
    Ok(Some((record, row, status)))
}

pub(super) fn acts_on(conn: &mut DbConn, keys: Vec<String>) -> QueryResult<Acts> {
    let kinds: Vec<&str> = RelationKind::ALL
        .into_iter()
        .filter(|k| k.effect().is_some())
        .map(RelationKind::as_str)
        .collect();
    let mut acts = Acts {
        by_key: HashMap::new(),
        sharing: HashMap::new(),
    };
    for chunk in keys.chunks(BATCH) {
        let rows: Vec<(String, String, Option<NaiveDate>, String)> = legal_relations::table
            .inner_join(
                legal_documents::table
                    .on(legal_documents::content_id.eq(legal_relations::source_id)),
            )
            .inner_join(content_items::table.on(content_items::id.eq(legal_relations::source_id)))
            .filter(legal_relations::target_key.eq_any(chunk))
            .filter(legal_relations::kind.eq_any(&kinds))
            .filter(content_items::state.eq(ContentState::Published.as_str()))
            .select((
                legal_relations::target_key,
                legal_relations::kind,
                legal_documents::effective_on,
                legal_documents::issuers,
            ))
            .load(conn)?;
        for (key, kind, from, issuers) in rows {
            if let Some(effect) = RelationKind::parse(&kind).and_then(RelationKind::effect) {
                let by = issuers.lines().map(facet_key).collect();
                acts.by_key
                    .entry(key)
                    .or_default()
                    .push((Act { effect, from }, by));
            }
        }
        let concerned: Vec<&String> = chunk
            .iter()
            .filter(|k| acts.by_key.contains_key(*k))
            .collect();
        if !concerned.is_empty() {
            let shared: Vec<String> = legal_documents::table
                .filter(legal_documents::symbol_key.eq_any(concerned))
                .select(legal_documents::symbol_key)
                .load(conn)?;
            for key in shared {
                *acts.sharing.entry(key).or_default() += 1;
            }
        }
    }
    Ok(acts)
}

pub(super) fn facts(row: &DocumentRow, acts: &Acts) -> Facts {
    Facts {
        issued_on: row.issued_on,
        effective_on: row.effective_on,
        expires_on: row.expires_on,
        acts: acts.on(row),
        decided: row.decided(),
    }
}

/// Public documents with a folded number-symbol, oldest first.
pub fn by_symbol(conn: &mut DbConn, key: &str, lang: Option<Lang>) -> QueryResult<Vec<i32>> {
    let mut q = legal_documents::table
        .inner_join(content_items::table)
        .filter(legal_documents::symbol_key.eq(key))
        .filter(content_items::state.eq_any(PUBLIC))
        .select(content_items::id)
        .order(content_items::id)
        .into_boxed();
    if let Some(lang) = lang {
        q = q.filter(content_items::lang.eq(lang.code()));
    }
    q.load(conn)
}

/// The values lists are filtered by, with how many public documents have each, for a
/// site's (or the portal's) list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub doc_types: Vec<(String, i64)>,
    pub issuers: Vec<(String, i64)>,
    pub fields: Vec<(String, i64)>,
    pub years: Vec<(i32, i64)>,
}

/// Facet values over the public documents of a site (or the portal) in a language.
pub fn facets(conn: &mut DbConn, site: Option<SiteId>, lang: Lang) -> QueryResult<Facets> {
    let mut q = legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::lang.eq(lang.code()))
        .into_boxed();
    q = match site {
        Some(site) => {
            let listed = legal_listings::table
                .filter(legal_listings::site_id.eq(site.0))
                .select(legal_listings::content_id);
            q.filter(
                content_items::site_id
                    .eq(site.0)
                    .or(content_items::id.eq_any(listed)),
            )
        }
        None => q.filter(content_items::on_portal.eq(true)),
    };
    let rows: Vec<(String, String, String, Option<i32>)> = q
        .select((
            legal_documents::doc_type,
            legal_documents::issuers,
            legal_documents::field,
            legal_documents::year,
        ))
        .load(conn)?;
    let mut types: HashMap<String, i64> = HashMap::new();
    let mut issuers: HashMap<String, i64> = HashMap::new();
    let mut fields: HashMap<String, i64> = HashMap::new();
    let mut years: HashMap<i32, i64> = HashMap::new();
    for (t, i, f, y) in rows {
        *types.entry(t).or_default() += 1;
        for issuer in i.lines() {
            *issuers.entry(issuer.to_string()).or_default() += 1;
        }
        if !f.is_empty() {
            *fields.entry(f).or_default() += 1;
        }
        if let Some(y) = y {
            *years.entry(y).or_default() += 1;
        }
    }
    let sorted = |m: HashMap<String, i64>| {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let mut years: Vec<_> = years.into_iter().collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    Ok(Facets {
        doc_types: sorted(types),
        issuers: sorted(issuers),
        fields: sorted(fields),
        years,
    })
}
