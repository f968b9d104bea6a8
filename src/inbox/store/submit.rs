//! A citizen's question arriving: the checked submission, the rate limits and attachment
//! quotas, and the regulation a feedback names.

use super::*;

/// What a citizen sends, checked, with where and from whom it came.
pub struct Submission<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub ask: Ask,
    pub client: Option<IpAddr>,
    /// `http://skhcn.example.vn`, for the links in the acknowledgement.
    pub origin: String,
    /// The attachment (its `question_id` is set when the question is stored).
    pub attachment: Option<Attachment>,
}

/// Stores a question and its acknowledgement mail in one transaction, after the rate
/// limits: a citizen sees the tracking code only once both are durably stored.
pub fn submit(
    conn: &mut DbConn,
    sub: Submission,
    settings: &Settings,
    calendars: &Calendars,
    now: NaiveDateTime,
) -> Result<Question, InboxError> {
    let calendar = calendars.of_site(sub.site.id);
    let (addr, network) = match sub.client {
        Some(ip) => (ip.to_string(), super::super::network_of(ip)),
        None => (String::new(), String::new()),
    };
    let days = settings.deadline_for(&sub.site.slug, &sub.ask.asked.field);
    let due = super::super::deadline(calendar, now, days)?;
    let triage_due = calendar
        .add_working_hours(now.and_utc(), settings.triage_hours)?
        .naive_utc();
    let hour_ago = now - chrono::Duration::hours(1);
    conn.write(|conn| {
        if !addr.is_empty() {
            // Count, then insert: serialised per network, or parallel submissions from one
            // address would all see the count below the limit (PostgreSQL; SQLite's write
            // transaction holds the one write lock already).
            conn.lock(&format!("inbox-limit:{network}"))?;
            let by_addr: i64 = questions::table
                .filter(questions::client_addr.eq(&addr))
                .filter(questions::received_at.gt(hour_ago))
                .count()
                .get_result(conn)?;
            if by_addr >= i64::from(settings.per_address_per_hour) {
                return Err(InboxError::Limited("ask-limit-address"));
            }
            let by_network: i64 = questions::table
                .filter(questions::client_network.eq(&network))
                .filter(questions::received_at.gt(hour_ago))
                .count()
                .get_result(conn)?;
            if by_network >= i64::from(settings.per_network_per_hour) {
                return Err(InboxError::Limited("ask-limit-network"));
            }
        }
        if let Some(regulation) = sub.ask.regulation {
            if regulation_summary(conn, regulation, now)?.is_none() {
                let problem = crate::field::FieldError::new("regulation", "ask-error-regulation");
                return Err(InboxError::Invalid(vec![problem]));
            }
        }
        let code = super::super::new_code();
        diesel::insert_into(questions::table)
            .values((
                questions::code.eq(&code),
                questions::site_id.eq(sub.site.id.0),
                questions::asked_site_id.eq(sub.site.id.0),
                questions::lang.eq(sub.lang.code()),
                questions::asker_name.eq(&sub.ask.asked.name),
                questions::asker_email.eq(&sub.ask.asked.email),
                questions::asker_phone.eq(&sub.ask.asked.phone),
                questions::client_addr.eq(&addr),
                questions::client_network.eq(&network),
                questions::field.eq(&sub.ask.asked.field),
                questions::title.eq(&sub.ask.asked.title),
                questions::body.eq(&sub.ask.asked.question),
                questions::publish_consent.eq(sub.ask.consent),
                questions::status.eq(Status::Received.as_str()),
                questions::received_at.eq(now),
                questions::triage_due_at.eq(triage_due),
                questions::due_at.eq(due),
                questions::deadline_days.eq(days as i32),
            ))
            .execute(conn)?;
        let q = find_by_code(conn, &code)?.ok_or(InboxError::NotFound)?;
        if let Some(regulation) = sub.ask.regulation {
            diesel::insert_into(question_regulations::table)
                .values((
                    question_regulations::question_id.eq(q.id.0),
                    question_regulations::regulation_id.eq(regulation.0),
                ))
                .execute(conn)?;
        }
        if let Some(a) = &sub.attachment {
            diesel::insert_into(question_attachments::table)
                .values(Attachment {
                    question_id: q.id,
                    ..a.clone()
                })
                .execute(conn)?;
        }
        record_event(
            conn,
            q.id,
            QuestionEvent::Received,
            "",
            &days.to_string(),
            now,
        )?;
        let lang = sub.lang;
        mail::enqueue(
            conn,
            &Outgoing {
                recipient: q.asker_email.clone(),
                template: "question-received",
                lang,
                context: serde_json::json!({
                    "name": q.asker_name,
                    "code": q.code,
                    "title": q.title,
                    "site": sub.site.name(lang),
                    "due": day_text(q.due_at, lang),
                    "status_url": format!("{}{}?code={}", sub.origin, status_path(lang), q.code),
                }),
            },
            now,
        )?;
        Ok(q)
    })
}

/// Whether an address may send another attachment this hour: the bytes it (and its
/// network) sent, kept or refused, stay under the limits. Checked before anything is
/// written to disk.
pub fn upload_allowed(
    conn: &mut DbConn,
    client: Option<IpAddr>,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    let Some(ip) = client else { return Ok(()) };
    let hour_ago = now - chrono::Duration::hours(1);
    let sent = |conn: &mut DbConn, by_network: bool| -> QueryResult<i64> {
        let q = upload_usage::table
            .filter(upload_usage::at.gt(hour_ago))
            .into_boxed();
        let q = if by_network {
            q.filter(upload_usage::client_network.eq(super::super::network_of(ip)))
        } else {
            q.filter(upload_usage::client_addr.eq(ip.to_string()))
        };
        // A few rows an hour per address: summed here, the same on both backends.
        Ok(q.select(upload_usage::bytes)
            .load::<i64>(conn)?
            .into_iter()
            .fold(0i64, i64::saturating_add))
    };
    let limit = |bytes: u64| i64::try_from(bytes).unwrap_or(i64::MAX);
    if sent(conn, false)? >= limit(settings.upload_bytes_per_address_per_hour) {
        return Err(InboxError::Limited("ask-limit-upload"));
    }
    if sent(conn, true)? >= limit(settings.upload_bytes_per_network_per_hour) {
        return Err(InboxError::Limited("ask-limit-upload"));
    }
    Ok(())
}

/// Counts the attachment bytes an address sent (whatever became of them).
pub fn record_upload(
    conn: &mut DbConn,
    client: Option<IpAddr>,
    bytes: u64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(ip) = client.filter(|_| bytes > 0) else {
        return Ok(());
    };
    diesel::insert_into(upload_usage::table)
        .values((
            upload_usage::client_addr.eq(ip.to_string()),
            upload_usage::client_network.eq(super::super::network_of(ip)),
            upload_usage::bytes.eq(i64::try_from(bytes).unwrap_or(i64::MAX)),
            upload_usage::at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A regulation citizens may send feedback on (phản ánh, kiến nghị; regulation 004 art.
/// 8.2i): a public document of the legal registry or procedure of the catalogue.
pub fn regulation_summary(
    conn: &mut DbConn,
    id: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<crate::content::ContentSummary>> {
    Ok(crate::content::store::find(conn, id)?
        .filter(|i| matches!(i.kind, ContentKind::LegalDocument | ContentKind::Procedure))
        .filter(|i| i.visibility(now) == crate::content::Visibility::Public)
        .map(|i| i.summary()))
}

/// The regulation a question is feedback on, if it is one.
pub fn regulation_of(
    conn: &mut DbConn,
    question: QuestionId,
) -> QueryResult<Option<crate::content::ContentSummary>> {
    let id: Option<i32> = question_regulations::table
        .find(question.0)
        .select(question_regulations::regulation_id)
        .first(conn)
        .optional()?;
    match id {
        Some(id) => Ok(crate::content::store::find(conn, ContentId(id))?.map(|i| i.summary())),
        None => Ok(None),
    }
}

/// Receives a question from the public form: [`submit`] under the calendars in force. The
/// attachment of a refused question is released from the file store (unless the same bytes
/// serve something else).
pub fn receive(
    conn: &mut DbConn,
    files: &dyn crate::media::files::FileStore,
    sub: Submission,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<Question, InboxError> {
    let calendars = calendars(conn, settings)?;
    let kept = sub.attachment.as_ref().map(|a| a.sha256.clone());
    let result = submit(conn, sub, settings, &calendars, now);
    if let (Err(_), Some(sha256)) = (&result, kept) {
        release_file(conn, files, &sha256)?;
    }
    result
}
