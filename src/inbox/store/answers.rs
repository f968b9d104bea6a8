//! The answer's link to the editorial workflow: drafting it as an item of kind `answer`,
//! checking its record, and what publishing it does to the question.

use super::*;

/// The record of an answer's revisions: the question it answers.
#[derive(Debug, Clone, serde::Deserialize, Serialize)]
pub struct AnswerRecord {
    pub question_id: QuestionId,
}

/// What the department writes: the question as it may be published (names, numbers and
/// addresses the citizen wrote removed) and the answer.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct AnswerForm {
    pub title: String,
    pub question: String,
    pub answer: String,
}

/// Drafts (or redrafts) the answer to a question in the site's queue: an item of kind
/// `answer` on that site, which then goes through review like any content. A published
/// answer is corrected the same way; publishing the correction e-mails it to the citizen.
pub fn draft_answer(
    conn: &mut DbConn,
    id: QuestionId,
    site: &Site,
    form: &AnswerForm,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(ContentId, RevisionId), InboxError> {
    let q = in_queue(conn, id, site.id)?;
    if !(q.status().is_open() || q.status() == Status::Answered) {
        return Err(InboxError::WrongState("inbox-error-closed"));
    }
    let question = crate::text::nfc(form.question.trim());
    if question.is_empty() {
        return Err(problem("question", "form-required"));
    }
    let record = serde_json::to_string(&AnswerRecord { question_id: q.id })
        .map_err(|_| InboxError::NotFound)?;
    let revision = RevisionForm {
        title: form.title.clone(),
        summary: question.clone(),
        body_markdown: form.answer.clone(),
        author: by.display_name.clone(),
        source: site.name(q.lang()).to_string(),
        record: Some(record),
        ..RevisionForm::default()
    };
    if form.answer.trim().is_empty() {
        return Err(problem("answer", "form-required"));
    }
    conn.write(|conn| {
        let (content, rev) = match q.answer_content_id {
            Some(c) => (c, review::save_draft(conn, c, &revision, by, now)?),
            None => {
                let key = q.code.to_ascii_lowercase();
                let (content, rev) = review::create_item(
                    conn,
                    NewItem {
                        site: site.id,
                        kind: ContentKind::Answer,
                        lang: q.lang(),
                        translation_key: &key,
                    },
                    &revision,
                    by,
                    now,
                )?;
                diesel::update(questions::table.find(q.id))
                    .set(questions::answer_content_id.eq(Some(content.0)))
                    .execute(conn)?;
                (content, rev)
            }
        };
        diesel::update(questions::table.find(q.id))
            .set(questions::edited_body.eq(Some(&question)))
            .execute(conn)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::AnswerDrafted,
            &by.username,
            &rev.0.to_string(),
            now,
        )?;
        Ok((content, rev))
    })
}

/// Checks an answer's record before a revision is saved: it names an open question whose
/// answer this item is (or will be).
pub fn check_answer_record(
    conn: &mut DbConn,
    content: Option<ContentId>,
    record: &AnswerRecord,
) -> Result<(), ReviewError> {
    let bad = || ReviewError::Invalid(vec![FieldError::new("record", "answer-bad-question")]);
    let q = find(conn, record.question_id)?.ok_or_else(bad)?;
    let same = match (content, q.answer_content_id) {
        (Some(c), Some(a)) => c == a,
        (None, None) => true,
        (Some(_), None) => true,
        (None, Some(_)) => false,
    };
    if !same {
        return Err(bad());
    }
    Ok(())
}

/// The record an answer's edit starts from.
pub fn answer_record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<AnswerRecord>> {
    Ok(find_by_answer(conn, content)?.map(|q| AnswerRecord { question_id: q.id }))
}

/// An answer was published (in the publishing transaction): the question is answered,
/// its history says so, and the citizen is e-mailed the answer. A later revision of the
/// answer (a correction) is e-mailed too, saying it replaces the one sent before; the
/// question keeps the day it was answered.
pub fn answer_published(
    conn: &mut DbConn,
    content: ContentId,
    now: NaiveDateTime,
) -> Result<(), ReviewError> {
    let Some(q) = find_by_answer(conn, content)? else {
        return Ok(());
    };
    let item = crate::content::store::find(conn, content)?.ok_or(ReviewError::NotFound)?;
    let revised = q.status() == Status::Answered;
    let answer = serde_json::json!({
        "answer": item.text.body_markdown,
        "answer_html": item.body_html,
        "published": q.publish_consent,
        "revised": if revised { "yes" } else { "no" },
    });
    if revised {
        record_event(conn, q.id, QuestionEvent::AnswerRevised, "", "", now)?;
        notify(conn, &q, "question-answered", answer, now)?;
        return Ok(());
    }
    diesel::update(questions::table.find(q.id))
        .set((
            questions::status.eq(Status::Answered.as_str()),
            questions::closed_at.eq(Some(now)),
            questions::paused_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    record_event(conn, q.id, QuestionEvent::Answered, "", "", now)?;
    notify(conn, &q, "question-answered", answer, now)?;
    Ok(())
}

/// Whether an answer item may be public: its question's asker consented.
pub fn is_public_answer(conn: &mut DbConn, content: ContentId) -> QueryResult<bool> {
    Ok(find_by_answer(conn, content)?.is_some_and(|q| q.publish_consent))
}
