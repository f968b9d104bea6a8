//! What the public pages and the board's screens read: a consultation's page data with its
//! files and linked documents, the overview per site, the comments waiting, and the
//! comments as CSV.

use super::*;

/// The consultation a legal document was issued after, if any.
pub fn issued_after(conn: &mut DbConn, document: ContentId) -> QueryResult<Option<Consultation>> {
    let id: Option<i32> = consultations::table
        .filter(consultations::final_document_id.eq(document.0))
        .select(consultations::content_id)
        .first(conn)
        .optional()?;
    match id {
        Some(id) => find(conn, ContentId(id)),
        None => Ok(None),
    }
}

/// A file of a consultation as its page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedFile {
    pub role: super::super::FileRole,
    pub label: String,
    pub media_id: i32,
    pub name: String,
    pub stored_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

/// A content item another one links to (the final document, the consultation it followed).
#[derive(Debug, Clone, Serialize)]
pub struct Linked {
    pub id: ContentId,
    pub site_id: SiteId,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub kind: ContentKind,
}

/// Everything a consultation's page shows: the consultation, its comments (the view
/// decides what is public), its files and the document issued after it (if public).
pub struct PageData {
    pub consultation: Consultation,
    pub comments: Vec<Comment>,
    pub files: Vec<ListedFile>,
    pub final_document: Option<Linked>,
}

/// Reads a consultation's page data.
pub fn page_data(
    conn: &mut DbConn,
    id: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<PageData>> {
    let Some(consultation) = find(conn, id)? else {
        return Ok(None);
    };
    let mut files = Vec::new();
    for f in &consultation.record.files {
        if let Some(m) = crate::media::library::find(conn, crate::media::MediaId(f.media_id))? {
            files.push(ListedFile {
                role: f.role,
                label: f.label.clone(),
                media_id: m.id,
                name: m.original_name,
                stored_name: m.stored_name,
                content_type: m.content_type,
                size: m.size,
                sha256: m.served_sha256,
            });
        }
    }
    let final_document = match consultation.record.final_document {
        Some(doc) => linked_if_public(conn, ContentId(doc), now)?,
        None => None,
    };
    let comments = comments(conn, id)?;
    Ok(Some(PageData {
        consultation,
        comments,
        files,
        final_document,
    }))
}

/// A public item's link data.
pub(super) fn linked_if_public(
    conn: &mut DbConn,
    id: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<Linked>> {
    Ok(crate::content::store::find(conn, id)?
        .filter(|i| i.visibility(now) == crate::content::Visibility::Public)
        .map(|i| Linked {
            id: i.id,
            site_id: i.site_id,
            lang: i.lang,
            slug: i.text.slug,
            title: i.text.title,
            kind: i.kind,
        }))
}

/// The public consultation a legal document was issued after ("ban hành sau lấy ý kiến").
pub fn consulted_before(
    conn: &mut DbConn,
    document: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<Linked>> {
    match issued_after(conn, document)? {
        Some(c) => linked_if_public(conn, c.id, now),
        None => Ok(None),
    }
}

/// Published comments per consultation.
pub fn published_counts(conn: &mut DbConn) -> QueryResult<std::collections::HashMap<i32, i64>> {
    let rows: Vec<i32> = consultation_comments::table
        .filter(consultation_comments::moderation.eq(Moderation::Approved))
        .select(consultation_comments::consultation_id)
        .load(conn)?;
    let mut counts = std::collections::HashMap::new();
    for id in rows {
        *counts.entry(id).or_insert(0) += 1;
    }
    Ok(counts)
}

/// A site's consultations for its board: each with its comments waiting and received.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub consultation: Consultation,
    pub pending: usize,
    pub received: usize,
}

/// The consultations published by a site, newest opening first, with their counts.
pub fn site_overview(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<Overview>> {
    let ids: Vec<i32> = consultations::table
        .filter(consultations::site_id.eq(site.0))
        .order(consultations::opens_at.desc())
        .select(consultations::content_id)
        .load(conn)?;
    let mut out = Vec::new();
    for id in ids {
        let Some(consultation) = find(conn, ContentId(id))? else {
            continue;
        };
        let states = moderation_states(conn, ContentId(id))?;
        out.push(Overview {
            consultation,
            pending: states
                .iter()
                .filter(|(_, m, _)| *m == Moderation::Pending)
                .count(),
            received: states.len(),
        });
    }
    Ok(out)
}

/// The moderation queue of a site: comments waiting, oldest first, with the title of the
/// consultation each is on.
pub fn pending_comments(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<(Comment, String)>> {
    let rows: Vec<(Comment, String)> = consultation_comments::table
        .inner_join(
            consultations::table
                .on(consultations::content_id.eq(consultation_comments::consultation_id)),
        )
        .inner_join(content_items::table.on(content_items::id.eq(consultations::content_id)))
        .filter(consultations::site_id.eq(site.0))
        .filter(consultation_comments::moderation.eq(Moderation::Pending))
        .order(consultation_comments::id.asc())
        .select((Comment::as_select(), content_items::title))
        .load(conn)?;
    Ok(rows)
}

/// Every comment of a consultation as CSV (formula-safe cells). Names, e-mail addresses,
/// organisations and client addresses only for someone who moderates on its site (the
/// board), and such an export is recorded in the audit log.
pub fn comments_csv(
    conn: &mut DbConn,
    id: ContentId,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<Vec<u8>, ConsultationError> {
    let c = find(conn, id)?.ok_or(ConsultationError::NotFound)?;
    if !by.can(Capability::View, c.site_id) {
        return Err(ConsultationError::Forbidden);
    }
    let personal = by.can(Capability::Review, c.site_id);
    let mut answered: std::collections::HashMap<CommentId, (&str, &str)> =
        std::collections::HashMap::new();
    for a in &c.record.answers {
        for comment in &a.comments {
            answered.insert(*comment, (a.verdict.as_str(), a.explanation.as_str()));
        }
    }
    let mut header = vec![
        "id",
        "received_at_utc",
        "article",
        "comment",
        "moderation",
        "reject_reason",
        "verdict",
        "explanation",
        "consent",
    ];
    if personal {
        header.extend(["name", "email", "organisation"]);
    }
    let mut table = crate::render::csv::CsvTable::new(&header);
    for x in comments(conn, id)? {
        let (verdict, explanation) = answered.get(&x.id).copied().unwrap_or(("", ""));
        let mut row = vec![
            x.id.0.to_string(),
            x.received_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            x.article.clone(),
            x.body.clone(),
            x.moderation.as_str().to_string(),
            x.reject_reason
                .map(|r| r.as_str().to_string())
                .unwrap_or_default(),
            verdict.to_string(),
            explanation.to_string(),
            x.consent.to_string(),
        ];
        if personal {
            row.extend([x.name.clone(), x.email.clone(), x.organisation.clone()]);
        }
        table.row(row);
    }
    if personal {
        conn.write(|conn| {
            audit::record(
                conn,
                &Entry::by(by, Via::Web).about(
                    "content",
                    i64::from(id.0),
                    Some(c.site_id),
                    AuditAction::CommentsExport,
                    &c.title,
                ),
                now,
            )
        })?;
    }
    Ok(table.into_bytes())
}
