//! Demo consultations of the fictional province, dated from the moment they are loaded: one
//! open, one upcoming, and one closed with moderated comments and its published report.
//! Loaded once (nothing happens when consultations exist).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::store::{self, Decision, Received};
use super::{Answer, ConsultationRecord, DraftType, NewComment, RejectReason, Verdict};
use crate::content::store::{self as content_store, ContentForm};
use crate::content::{ContentId, ContentKind, ContentState, ContentText};
use crate::db::schema::consultations;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::RecordError;
use crate::site::hosts::Directory;
use crate::site::Site;

const DRAFT_OPEN: &str = "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo;

Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh sử dụng ngân sách nhà nước.

Điều 2. Đối tượng áp dụng
Các tổ chức, cá nhân chủ trì và tham gia thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh.

Điều 3. Tuyển chọn tổ chức, cá nhân chủ trì
Việc tuyển chọn được công bố công khai trên Cổng thông tin điện tử của tỉnh ít nhất 30 ngày trước ngày hết hạn nộp hồ sơ.

Điều 4. Hiệu lực thi hành
Quyết định này có hiệu lực kể từ ngày 01 tháng 3 năm 2027.";

const DRAFT_UPCOMING: &str = "Điều 1. Phạm vi điều chỉnh
Quy định về quản lý, vận hành và khai thác chợ trên địa bàn tỉnh.

Điều 2. Phân hạng chợ
Chợ được phân hạng theo quy mô và điều kiện kinh doanh.

Điều 3. Hiệu lực thi hành
Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.";

const DRAFT_CLOSED: &str = "Điều 1. Phạm vi điều chỉnh
Quy định mức hỗ trợ chuyển đổi số cho doanh nghiệp nhỏ và vừa trên địa bàn tỉnh.

Điều 2. Mức hỗ trợ
Hỗ trợ 50% chi phí thuê giải pháp chuyển đổi số, tối đa 20 triệu đồng mỗi năm.

Điều 3. Hồ sơ đề nghị hỗ trợ
Doanh nghiệp nộp hồ sơ trực tuyến trên Cổng dịch vụ công của tỉnh.";

fn record(site: &Site, draft: &str, opens: NaiveDateTime, days: i64) -> ConsultationRecord {
    ConsultationRecord {
        agency: site.name(Lang::Vi).to_string(),
        draft_type: DraftType::CommitteeDecision,
        draft_text: draft.to_string(),
        opens_at: opens,
        closes_at: opens + Duration::days(days),
        contact: "Phòng Pháp chế, điện thoại 0255 3822 000".into(),
        postal_address: format!("{}, số 2 Hùng Vương, tỉnh Quảng Ngãi", site.name(Lang::Vi)),
        email: format!("gopy@{}.quangngai.gov.vn", site.slug),
        ..ConsultationRecord::default()
    }
}

/// Publishes a consultation as the board would (its record written by the kind's publish).
fn publish(
    conn: &mut DbConn,
    site: &Site,
    title: &str,
    summary: &str,
    record: &ConsultationRecord,
    now: NaiveDateTime,
) -> Result<ContentId, RecordError> {
    let form = ContentForm {
        site_id: site.id,
        kind: ContentKind::Consultation,
        lang: Lang::Vi,
        translation_key: crate::text::slugify(title, content_store::SLUG_MAX),
        text: ContentText {
            slug: String::new(),
            title: title.into(),
            summary: summary.into(),
            body_markdown: String::new(),
            author: record.agency.clone(),
            source: record.agency.clone(),
            category: None,
        },
        tags: Vec::new(),
        state: ContentState::Published,
        state_note: None,
        published_at: now.min(record.opens_at) - Duration::days(1),
        revised_at: now,
        cover: None,
    };
    let id = content_store::save(conn, &form, now)?.id();
    store::write(conn, id, site.id, record, now)?;
    Ok(id)
}

/// Loads the demo consultations on the science department's site; returns how many.
pub fn load(
    conn: &mut DbConn,
    directory: &Directory,
    now: NaiveDateTime,
) -> Result<usize, RecordError> {
    let existing: i64 = consultations::table.count().get_result(conn)?;
    let (Some(skhcn), Some(province)) = (directory.by_slug("skhcn"), directory.province()) else {
        return Ok(0);
    };
    if existing > 0 {
        return Ok(0);
    }
    let mut open = record(skhcn, DRAFT_OPEN, now - Duration::days(5), 25);
    open.also_on = vec![province.id.0];
    let open_id = publish(
        conn,
        skhcn,
        "Dự thảo Quyết định ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh",
        "Sở Khoa học và Công nghệ lấy ý kiến nhân dân về dự thảo quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh.",
        &open,
        now,
    )?;
    let upcoming = record(province, DRAFT_UPCOMING, now + Duration::days(3), 20);
    publish(
        conn,
        province,
        "Dự thảo Quyết định ban hành Quy định quản lý, vận hành chợ trên địa bàn tỉnh",
        "Lấy ý kiến về dự thảo quy định quản lý chợ.",
        &upcoming,
        now,
    )?;
    let mut closed = record(skhcn, DRAFT_CLOSED, now - Duration::days(45), 20);
    let closed_title =
        "Dự thảo Nghị quyết quy định mức hỗ trợ chuyển đổi số cho doanh nghiệp nhỏ và vừa";
    closed.draft_type = DraftType::CouncilResolution;
    let closed_id = publish(
        conn,
        skhcn,
        closed_title,
        "Báo cáo tiếp thu, giải trình đã được công bố.",
        &closed,
        now,
    )?;
    let board = "demo";
    let origin = "";
    // (consultation, days after opening, article, name, consent, comment, decision)
    let comments = [
        (
            open_id,
            open.opens_at,
            1,
            "dieu-3",
            "Nguyễn Văn An",
            true,
            "Đề nghị rút ngắn thời hạn công bố tuyển chọn xuống 20 ngày để kịp tiến độ.",
            Some(Decision::Approve),
        ),
        (
            open_id,
            open.opens_at,
            2,
            "",
            "Trần Thị Bình",
            false,
            "Dự thảo cần quy định rõ trách nhiệm của hội đồng tư vấn đánh giá.",
            None,
        ),
        (
            closed_id,
            closed.opens_at,
            2,
            "dieu-2",
            "Lê Văn Cường",
            true,
            "Mức hỗ trợ 20 triệu đồng mỗi năm là thấp, đề nghị nâng lên 50 triệu đồng.",
            Some(Decision::Approve),
        ),
        (
            closed_id,
            closed.opens_at,
            4,
            "dieu-2",
            "Công ty TNHH Phần mềm Sông Trà",
            true,
            "Đề nghị hỗ trợ cả chi phí đào tạo nhân lực vận hành giải pháp.",
            Some(Decision::Approve),
        ),
        (
            closed_id,
            closed.opens_at,
            6,
            "dieu-3",
            "Phạm Thị Dung",
            false,
            "Đề nghị cho phép nộp hồ sơ trực tiếp đối với doanh nghiệp ở vùng sâu.",
            Some(Decision::Approve),
        ),
        (
            closed_id,
            closed.opens_at,
            7,
            "",
            "quảng cáo",
            false,
            "Mua bán phần mềm giá rẻ, liên hệ số điện thoại trong hồ sơ.",
            Some(Decision::Reject(RejectReason::Spam)),
        ),
    ];
    let mut ids = Vec::new();
    for (consultation, opens, day, article, name, consent, body, decision) in comments {
        let comment = NewComment {
            name: name.into(),
            email: format!("demo{}@example.vn", ids.len() + 1),
            organisation: String::new(),
            article: article.into(),
            body: body.into(),
            consent,
        };
        let from = Received {
            addr: "",
            network: "",
            origin,
            at: opens + Duration::days(day),
        };
        let id = store::insert_comment(conn, consultation, Lang::Vi, &comment, None, &from)?;
        if let Some(d) = decision {
            store::set_moderation(conn, id, d, board, from.at + Duration::hours(4))?;
        }
        ids.push(id);
    }
    closed.answers = vec![
        Answer {
            comments: vec![ids[2], ids[3]],
            verdict: Verdict::PartlyAccepted,
            explanation: "Tiếp thu việc hỗ trợ chi phí đào tạo; mức hỗ trợ giữ nguyên do khả năng cân đối ngân sách.".into(),
        },
        Answer {
            comments: vec![ids[4]],
            verdict: Verdict::Accepted,
            explanation: "Bổ sung hình thức nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công.".into(),
        },
    ];
    closed.report_published = true;
    store::write(conn, closed_id, skhcn.id, &closed, now - Duration::days(10))?;
    Ok(3)
}
