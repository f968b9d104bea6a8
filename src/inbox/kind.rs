//! Answers to citizens' questions as a kind of record (see [`crate::record`]): the record
//! names the question an answer answers.

use chrono::NaiveDateTime;

use super::store::{self, AnswerRecord};
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::{Paths, RecordError, RecordKind};
use crate::site::SiteId;

/// Hỏi đáp: a published answer and the question it answers.
pub struct Answers;

impl RecordKind for Answers {
    type Record = AnswerRecord;

    const KIND: ContentKind = ContentKind::Answer;
    const PATHS: Paths = Paths {
        vi: "/hoi-dap",
        en: "/en/questions",
    };
    const PAGE_TEMPLATE: &'static str = "item.html";
    const RECORD_MISSING: &'static str = "answer-bad-question";

    fn check(
        conn: &mut DbConn,
        _lang: Lang,
        content: Option<ContentId>,
        record: &AnswerRecord,
        _now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::check_answer_record(conn, content, record)?)
    }

    fn publish(
        conn: &mut DbConn,
        _site: SiteId,
        content: ContentId,
        _record: &AnswerRecord,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::answer_published(conn, content, now)?)
    }

    fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<AnswerRecord>, RecordError> {
        Ok(store::answer_record(conn, content)?)
    }
}
