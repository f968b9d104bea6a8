//! Demo questions of the fictional province, in various states, so the dashboards of
//! `serve --demo` are not empty. Loaded once (nothing happens when questions exist).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::store::{self, InboxError, Submission};
use super::{Ask, Settings};
use crate::account::{Actor, UserId};
use crate::db::schema::questions;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::site::hosts::Directory;

/// Loads the demo questions; returns how many were created.
pub fn load(
    conn: &mut DbConn,
    directory: &Directory,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<usize, InboxError> {
    let existing: i64 = questions::table.count().get_result(conn)?;
    let (Some(province), Some(sxd), Some(skhcn)) = (
        directory.province(),
        directory.by_slug("sxd"),
        directory.by_slug("skhcn"),
    ) else {
        return Ok(0);
    };
    if existing > 0 {
        return Ok(0);
    }
    let calendars = store::calendars(conn, settings)?;
    let board = Actor {
        id: UserId(0),
        username: "demo".into(),
        display_name: "Ban biên tập (demo)".into(),
        system_admin: true,
        roles: Vec::new(),
    };
    // (days ago, field, title, question, forwarded to, paused)
    let demo = [
        (
            0,
            "dat-dai",
            "Thời hạn cấp giấy chứng nhận quyền sử dụng đất",
            "Tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu thì bao lâu được cấp?",
            None,
            false,
        ),
        (
            4,
            "xay-dung",
            "Giấy phép xây dựng nhà ở nông thôn",
            "Nhà ở riêng lẻ tại xã có cần xin giấy phép xây dựng không, hồ sơ gồm những gì?",
            Some(sxd),
            false,
        ),
        (
            18,
            "xay-dung",
            "Cấp phép sửa chữa nhà ở",
            "Sửa chữa, cải tạo mặt tiền nhà ở trong đô thị có phải xin phép không?",
            Some(sxd),
            false,
        ),
        (
            30,
            "dau-tu",
            "Hỗ trợ doanh nghiệp khởi nghiệp sáng tạo",
            "Doanh nghiệp khởi nghiệp sáng tạo được hỗ trợ những gì từ ngân sách tỉnh?",
            Some(skhcn),
            false,
        ),
        (
            9,
            "khac",
            "Đăng ký sở hữu trí tuệ",
            "Tôi muốn đăng ký nhãn hiệu cho sản phẩm nông nghiệp của hợp tác xã thì làm ở đâu?",
            Some(skhcn),
            true,
        ),
    ];
    let mut created = 0;
    for (i, (days, field, title, question, to, paused)) in demo.into_iter().enumerate() {
        let at = now - Duration::days(days);
        let citizen = DemoCitizen {
            number: i + 1,
            field,
            title,
            question,
        };
        let q = citizen.asks(conn, province, settings, &calendars, at)?;
        if let Some(to) = to {
            let step = |site: &crate::site::Site, after: Duration| store::Step {
                question: q.id,
                site: site.id,
                by: &board,
                now: at + after,
            };
            store::forward(conn, step(province, Duration::hours(1)), to)?;
            if paused {
                store::pause(
                    conn,
                    step(to, Duration::days(2)),
                    "Đề nghị cho biết tên sản phẩm và địa bàn sản xuất.",
                )?;
            }
        }
        created += 1;
    }
    discard_demo_mail(conn)?;
    Ok(created)
}

/// Answers one demo question the way a real one is answered, so the public Q&A of
/// `serve --demo` is not empty: asked on the portal twelve days ago, forwarded to the
/// Department of Science and Technology, answered by its contributor, approved by its editor
/// and published by the board head (the demo accounts). Nothing happens when a question is
/// already answered or the demo accounts are missing; returns how many were answered.
pub fn answer(
    conn: &mut DbConn,
    directory: &Directory,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<usize, InboxError> {
    use crate::review::store::{apply, TransitionInput};
    use crate::review::Transition;
    let answered: i64 = questions::table
        .filter(questions::status.eq(super::Status::Answered.as_str()))
        .count()
        .get_result(conn)?;
    let (Some(province), Some(skhcn)) = (directory.province(), directory.by_slug("skhcn")) else {
        return Ok(0);
    };
    if answered > 0 {
        return Ok(0);
    }
    let mut people = Vec::new();
    for username in ["truongban", "soantin", "skhcn.bientap"] {
        let found = match crate::account::store::find_id(conn, username)? {
            Some(id) => crate::account::store::actor(conn, id)?,
            None => None,
        };
        people.extend(found);
    }
    let [board, author, editor] = people.as_slice() else {
        return Ok(0);
    };
    let calendars = store::calendars(conn, settings)?;
    let answered = [
        DemoAnswer {
            asked_days_ago: 12,
            took_days: 5,
            citizen: DemoCitizen {
                number: 6,
                field: "khac",
                title: "Hỗ trợ đổi mới công nghệ cho doanh nghiệp nhỏ",
                question: "Công ty tôi là doanh nghiệp nhỏ ở huyện Tân Phú, muốn thay dây chuyền \
                           sấy nông sản. Tỉnh có hỗ trợ kinh phí đổi mới công nghệ không?",
            },
            // The board's edit: no name, no place that points at the asker. The answer cites
            // an article of a demo document, so legal search shows it beside that article.
            question: "Doanh nghiệp nhỏ muốn thay dây chuyền sấy nông sản. Tỉnh có hỗ trợ kinh \
                       phí đổi mới công nghệ không?",
            answer: "Có. Doanh nghiệp nhỏ và vừa được hỗ trợ một phần kinh phí đổi mới công nghệ \
                     theo chương trình khoa học và công nghệ của tỉnh. Hồ sơ gồm đơn đề nghị, \
                     thuyết minh dự án và báo giá thiết bị, nộp tại Sở Khoa học và Công nghệ \
                     hoặc trực tuyến qua mục Thủ tục hành chính. Giấy tờ mà cơ quan nhà nước đã \
                     có qua Nền tảng tích hợp, chia sẻ dữ liệu tỉnh thì doanh nghiệp không phải \
                     nộp lại (khoản 1 Điều 3 Quyết định số 11/2026/QĐ-UBND của Ủy ban nhân dân \
                     tỉnh).",
        },
        // Answered after about 22 working days, past the 15 the regulation allows: the
        // board's oversight page shows it late.
        DemoAnswer {
            asked_days_ago: 75,
            took_days: 31,
            citizen: DemoCitizen {
                number: 7,
                field: "khac",
                title: "Đăng ký kết quả nhiệm vụ khoa học và công nghệ",
                question: "Nhóm nghiên cứu của tôi đã nghiệm thu đề tài cấp cơ sở, có phải đăng \
                           ký kết quả với Sở Khoa học và Công nghệ không?",
            },
            question: "Đề tài cấp cơ sở đã nghiệm thu có phải đăng ký kết quả với Sở Khoa học và \
                       Công nghệ không?",
            answer: "Có. Kết quả nhiệm vụ khoa học và công nghệ sử dụng ngân sách nhà nước phải \
                     được đăng ký tại Sở Khoa học và Công nghệ trong 30 ngày kể từ ngày nghiệm \
                     thu; hồ sơ gồm phiếu đăng ký và báo cáo tổng hợp kết quả.",
        },
    ];
    for a in &answered {
        let asked = now - Duration::days(a.asked_days_ago);
        let q = a
            .citizen
            .asks(conn, province, settings, &calendars, asked)?;
        let step = store::Step {
            question: q.id,
            site: province.id,
            by: board,
            now: asked + Duration::hours(2),
        };
        store::forward(conn, step, skhcn)?;
        let drafted = asked + Duration::days(a.took_days) - Duration::days(2);
        let form = store::AnswerForm {
            title: q.title.clone(),
            question: a.question.into(),
            answer: a.answer.into(),
        };
        let (_, revision) = store::draft_answer(conn, q.id, skhcn, &form, author, drafted)?;
        let input = TransitionInput::default();
        apply(conn, revision, Transition::Submit, &input, author, drafted)?;
        let approved = drafted + Duration::days(1);
        apply(
            conn,
            revision,
            Transition::Approve,
            &input,
            editor,
            approved,
        )?;
        apply(
            conn,
            revision,
            Transition::Publish,
            &input,
            board,
            approved + Duration::hours(3),
        )?;
    }
    discard_demo_mail(conn)?;
    Ok(answered.len())
}

/// A demo question answered through the review: asked so many days ago, published so many
/// days after it was asked.
struct DemoAnswer {
    asked_days_ago: i64,
    took_days: i64,
    citizen: DemoCitizen,
    question: &'static str,
    answer: &'static str,
}

/// Demo mail is not for real people: none of it is sent.
fn discard_demo_mail(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::delete(crate::db::schema::mail_outbox::table)
        .filter(crate::db::schema::mail_outbox::recipient.like("%@example.vn"))
        .execute(conn)
}

/// A demo citizen (`Công dân thử nghiệm N`, `congdanN@example.vn`) and what they ask.
struct DemoCitizen {
    number: usize,
    field: &'static str,
    title: &'static str,
    question: &'static str,
}

impl DemoCitizen {
    /// Asks on the province portal at `at`, consenting to publication.
    fn asks(
        &self,
        conn: &mut DbConn,
        province: &crate::site::Site,
        settings: &Settings,
        calendars: &super::Calendars,
        at: NaiveDateTime,
    ) -> Result<store::Question, InboxError> {
        let ask = Ask {
            asked: super::Asked {
                name: format!("Công dân thử nghiệm {}", self.number),
                email: format!("congdan{}@example.vn", self.number),
                phone: String::new(),
                field: self.field.into(),
                title: self.title.into(),
                question: self.question.into(),
            },
            consent: true,
            regulation: None,
        };
        let submission = Submission {
            site: province,
            lang: Lang::Vi,
            ask,
            client: None,
            origin: String::new(),
            attachment: None,
        };
        store::submit(conn, submission, settings, calendars, at)
    }
}
