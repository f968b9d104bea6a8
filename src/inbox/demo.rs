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
        let ask = Ask {
            name: format!("Công dân thử nghiệm {}", i + 1),
            email: format!("congdan{}@example.vn", i + 1),
            phone: String::new(),
            field: field.into(),
            title: title.into(),
            question: question.into(),
            consent: true,
        };
        let q = store::submit(
            conn,
            Submission {
                site: province,
                lang: Lang::Vi,
                ask,
                client: None,
                origin: String::new(),
                attachment: None,
            },
            settings,
            &calendars,
            at,
        )?;
        if let Some(to) = to {
            store::forward(conn, q.id, province.id, to, &board, at + Duration::hours(1))?;
            if paused {
                store::pause(
                    conn,
                    q.id,
                    to.id,
                    "Đề nghị cho biết tên sản phẩm và địa bàn sản xuất.",
                    &board,
                    at + Duration::days(2),
                )?;
            }
        }
        created += 1;
    }
    // Demo mail is not for real people: none of it is sent.
    diesel::delete(crate::db::schema::mail_outbox::table)
        .filter(crate::db::schema::mail_outbox::recipient.like("%@example.vn"))
        .execute(conn)?;
    Ok(created)
}
