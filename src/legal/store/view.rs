//! A document as its page and the API show it: record, files, relations in both
//! directions, and the documents a relation names.

use super::*;

/// A relation as shown on a document's page, in either direction.
#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    pub kind: RelationKind,
    /// The message id naming the relation from this document's side.
    pub label: String,
    /// True when this document states it (`thay thế`), false when another does (`bị thay
    /// thế bởi`).
    pub stated_here: bool,
    pub number_symbol: String,
    pub title: String,
    pub scope: String,
    /// The other document when it is in the registry and public.
    pub target: Option<LinkedDocument>,
}

/// Another document in the registry, enough to link to it (read with
/// `LinkedDocument::as_select()`).
#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = legal_documents)]
pub struct LinkedDocument {
    #[diesel(select_expression = content_items::id)]
    pub id: i32,
    #[diesel(select_expression = content_items::site_id)]
    pub site_id: i32,
    #[diesel(select_expression = content_items::lang)]
    pub lang: String,
    #[diesel(select_expression = content_items::slug)]
    pub slug: String,
    pub doc_type: String,
    pub number_symbol: String,
    pub abstract_text: String,
    pub effective_on: Option<NaiveDate>,
}

/// Everything a document's page shows besides the content item.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub record: LegalRecord,
    pub symbol_canonical: String,
    pub status: Status,
    pub status_decided: bool,
    pub as_of: NaiveDate,
    pub relations: Vec<RelationView>,
    pub files: Vec<FileView>,
}

/// An attached file with its label, and what a reader needs to check it.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub label: String,
    #[serde(flatten)]
    pub file: crate::media::facts::FileFacts,
}

/// The page of a document on `as_of`.
pub fn view(
    conn: &mut DbConn,
    content: ContentId,
    lang: Lang,
    as_of: NaiveDate,
) -> QueryResult<Option<DocumentView>> {
    let Some((record, row, status)) = with_status(conn, content, as_of)? else {
        return Ok(None);
    };
    let mut relations = Vec::new();
    let keys: Vec<String> = record
        .relations
        .iter()
        .map(|r| symbol_keys(&r.target_symbol).folded)
        .collect();
    let resolved = resolve_all(conn, &keys, lang, &record.issuance.issuers)?;
    for (r, key) in record.relations.iter().zip(&keys) {
        let target = resolved.get(key).cloned();
        relations.push(RelationView {
            kind: r.kind,
            label: r.kind.message_ids().0,
            stated_here: true,
            number_symbol: r.target_symbol.clone(),
            title: target
                .as_ref()
                .map_or_else(|| r.target_title.clone(), |t| t.abstract_text.clone()),
            scope: r.scope.clone(),
            target,
        });
    }
    // What other public documents state about this one.
    let stated: Vec<(i32, String, String, String)> = legal_relations::table
        .inner_join(content_items::table.on(content_items::id.eq(legal_relations::source_id)))
        .inner_join(
            legal_documents::table.on(legal_documents::content_id.eq(legal_relations::source_id)),
        )
        .filter(legal_relations::target_key.eq(&row.symbol_key))
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::lang.eq_any([lang.code(), Lang::Vi.code()]))
        .select((
            legal_relations::source_id,
            legal_relations::kind,
            legal_relations::scope,
            legal_documents::issuers,
        ))
        .load(conn)?;
    // Another agency's document with the same number is not this one.
    let sharing: i64 = legal_documents::table
        .filter(legal_documents::symbol_key.eq(&row.symbol_key))
        .count()
        .get_result(conn)?;
    let own: Vec<String> = row.issuers.lines().map(facet_key).collect();
    let stated: Vec<(i32, RelationKind, String)> = stated
        .into_iter()
        .filter(|(_, _, _, by)| sharing <= 1 || by.lines().any(|i| own.contains(&facet_key(i))))
        .filter_map(|(source, kind, scope, _)| Some((source, RelationKind::parse(&kind)?, scope)))
        .collect();
    let sources: Vec<i32> = stated.iter().map(|(id, _, _)| *id).collect();
    let sources = linked(conn, &sources)?;
    // What a document in this language states, else what its Vietnamese original states
    // (an amending decision is often published in Vietnamese only).
    let stated_in_lang = |kind: RelationKind, symbol: &str| {
        stated.iter().any(|(id, k, _)| {
            *k == kind
                && sources
                    .iter()
                    .any(|d| d.id == *id && d.lang == lang.code() && d.number_symbol == symbol)
        })
    };
    for (source, kind, scope) in stated.iter().cloned() {
        if let Some(source) = sources.iter().find(|d| d.id == source) {
            if source.lang != lang.code() && stated_in_lang(kind, &source.number_symbol) {
                continue;
            }
            relations.push(RelationView {
                kind,
                label: kind.message_ids().1,
                stated_here: false,
                number_symbol: source.number_symbol.clone(),
                title: source.abstract_text.clone(),
                scope,
                target: Some(source.clone()),
            });
        }
    }
    let files = files(conn, content)?;
    Ok(Some(DocumentView {
        status_decided: row.status_override.is_some(),
        symbol_canonical: row.symbol_canonical,
        record,
        status,
        as_of,
        relations,
        files,
    }))
}

pub(super) fn files(conn: &mut DbConn, content: ContentId) -> QueryResult<Vec<FileView>> {
    let rows: Vec<(String, crate::media::facts::FileFacts)> = legal_files::table
        .inner_join(media_files::table)
        .filter(legal_files::content_id.eq(content.0))
        .order(legal_files::position)
        .select((
            legal_files::label,
            crate::media::facts::FileFacts::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(label, file)| FileView { label, file })
        .collect())
}

/// Public documents by id, to link to.
pub fn linked(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<LinkedDocument>> {
    legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::id.eq_any(ids))
        .filter(content_items::state.eq_any(PUBLIC))
        .select(LinkedDocument::as_select())
        .load(conn)
}

/// The public documents folded number-symbols name, in one query: several agencies number
/// their documents alike (`17/2019/QĐ-UBND` in every province), so for a shared key the one
/// sharing an issuer with `near` wins; an unshared key names its only document.
pub fn resolve_all(
    conn: &mut DbConn,
    keys: &[String],
    lang: Lang,
    near: &[String],
) -> QueryResult<HashMap<String, LinkedDocument>> {
    let rows: Vec<(String, String, LinkedDocument)> = legal_documents::table
        .inner_join(content_items::table)
        .filter(legal_documents::symbol_key.eq_any(keys))
        .filter(content_items::lang.eq_any([lang.code(), Lang::Vi.code()]))
        .filter(content_items::state.eq_any(PUBLIC))
        .order(content_items::id)
        .select((
            legal_documents::symbol_key,
            legal_documents::issuers,
            LinkedDocument::as_select(),
        ))
        .load(conn)?;
    let near: Vec<String> = near.iter().map(|i| facet_key(i)).collect();
    let mut by_key: HashMap<String, Vec<(String, LinkedDocument)>> = HashMap::new();
    for (key, issuers, doc) in rows {
        by_key.entry(key).or_default().push((issuers, doc));
    }
    // A document not translated into the page's language is linked in Vietnamese, never
    // called "not in the registry".
    for docs in by_key.values_mut() {
        if docs.iter().any(|(_, d)| d.lang == lang.code()) {
            docs.retain(|(_, d)| d.lang == lang.code());
        }
    }
    Ok(by_key
        .into_iter()
        .filter_map(|(key, mut docs)| {
            let chosen = if docs.len() == 1 {
                docs.pop().map(|(_, d)| d)
            } else {
                docs.into_iter()
                    .find(|(list, _)| list.lines().any(|i| near.contains(&facet_key(i))))
                    .map(|(_, d)| d)
            };
            chosen.map(|d| (key, d))
        })
        .collect())
}
