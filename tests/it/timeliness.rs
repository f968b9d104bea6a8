//! The board's timeliness oversight: the page and who sees what, its CSV, the rules, the
//! weekly digest over a real SMTP conversation, and the API token.

use cong::account::Role;

use crate::common::{account, system_import, Backend, Setup, SmtpSink, TestApp, User};
use crate::inbox::{app_with, jobs_named, run};

/// The six months of the demo (its history starts in May, relative to the tests' clock).
const PERIOD: &str = "2026-05..2026-11";

fn demo(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

/// The CSV's row of a site and category, as numbers: due, on time, late, missing.
fn figures(csv: &str, site: &str, category: &str) -> [u32; 4] {
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("{site},")) && l.contains(&format!(",{category},")))
        .unwrap_or_else(|| panic!("no row {site} {category} in\n{csv}"));
    let cells: Vec<&str> = row.split(',').collect();
    let n = |i: usize| cells[i].parse::<u32>().unwrap();
    [n(4), n(5), n(6), n(7)]
}

async fn csv(user: &User, query: &str) -> String {
    let r = user.get(&format!("/admin/timeliness.csv?{query}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.header("content-type").starts_with("text/csv"));
    r.body
}

async fn the_board_sees_every_site_and_a_department_only_its_own(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    account(&t, "bbt", false, &[("sonha", Role::BoardHead)]);
    account(&t, "sxd_qt", false, &[("sxd", Role::SiteAdmin)]);
    account(&t, "sxd_soan", false, &[("sxd", Role::Contributor)]);
    let board = t.user("bbt");

    let page = board.get("/admin/timeliness").await;
    assert_eq!(page.status, 200, "{}", page.body);
    for name in [
        "Sở Xây dựng tỉnh Sơn Hà",
        "Ủy ban nhân dân xã Tân Phú",
        "<svg",
    ] {
        assert!(page.body.contains(name), "{name} missing");
    }
    let all = csv(&board, &format!("period={PERIOD}")).await;
    assert!(all.starts_with("\u{feff}site,site_name,category,period,due,on_time,late,missing"));
    // The department of construction posts its own decisions late four times out of eight.
    assert_eq!(figures(&all, "sxd", "legal_own"), [8, 4, 4, 0]);
    // The commune's news stopped in the autumn: its last gap is still open.
    assert_eq!(figures(&all, "tanphu", "news_freshness")[3], 1);
    // A question forwarded to the department of science a month ago is still unanswered.
    assert!(figures(&all, "skhcn", "answers")[3] >= 1);
    // The department also posted a plan weeks after its approval.
    assert_eq!(figures(&all, "sxd", "plans_projects")[2], 1);
    // The department of science posted a task's acceptance weeks late (004 art. 9.1e).
    assert_eq!(figures(&all, "skhcn", "science"), [1, 0, 1, 0]);

    let drill = board
        .get(&format!(
            "/admin/timeliness/items?site=sxd&category=legal_own&period={PERIOD}"
        ))
        .await;
    assert_eq!(drill.status, 200);
    assert!(drill.body.contains("152/QĐ-SXD"), "{}", drill.body);
    // The province's board reads a department's items without opening them; a system
    // administrator (who may) gets each linked to itself in the admin.
    assert!(!drill.body.contains("href=\"/admin/content/"));
    account(&t, "quantri_hethong", true, &[]);
    let linked = t
        .user("quantri_hethong")
        .get(&format!(
            "/admin/timeliness/items?site=sxd&category=legal_own&period={PERIOD}"
        ))
        .await;
    assert!(
        linked.body.contains("href=\"/admin/content/"),
        "{}",
        linked.body
    );
    assert!(
        drill.body.contains("Chậm 5 ngày làm việc"),
        "{}",
        drill.body
    );

    // A department's administrator sees its own row only, and nobody else's.
    let own = t.user("sxd_qt");
    let mine = csv(&own, &format!("period={PERIOD}")).await;
    assert!(
        mine.lines().skip(1).all(|l| l.starts_with("sxd,")),
        "{mine}"
    );
    assert_eq!(figures(&mine, "sxd", "legal_own"), [8, 4, 4, 0]);
    assert_eq!(own.get("/admin/timeliness?site=tanphu").await.status, 403);
    assert_eq!(
        t.user("sxd_soan").get("/admin/timeliness").await.status,
        403
    );
    let anon = t.anon().get("localhost", "/admin/timeliness").await;
    assert_eq!(anon.status, 303);

    // A malformed period is refused with a message that says how to write one.
    let bad = board.get("/admin/timeliness?period=2026-13").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("Kỳ không hợp lệ"), "{}", bad.body);
    assert_eq!(
        board.get("/admin/timeliness.csv?category=x").await.status,
        400
    );
}
on_both_backends!(the_board_sees_every_site_and_a_department_only_its_own);

/// The delay cell of a document in the construction department's registry list, and
/// whether the row is marked late.
async fn registry_row(user: &User, symbol: &str) -> (String, bool) {
    let page = user.get("/admin/sites/sxd/legal").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let row = page
        .body
        .split("<tr")
        .find(|r| r.contains(&format!(">{symbol}<")))
        .unwrap_or_else(|| panic!("no row {symbol}"));
    let cells: Vec<&str> = row.split("<td>").collect();
    let took = cells
        .last()
        .and_then(|c| c.split(" <").next())
        .unwrap_or("");
    let took = took.split("</td>").next().unwrap_or("").trim().to_string();
    (took, row.starts_with(" class=\"late\""))
}

async fn a_changed_rule_recomputes_the_standings_and_a_bad_one_changes_nothing(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    account(&t, "quantri_hethong", true, &[]);
    account(&t, "bbt", false, &[("sonha", Role::BoardHead)]);
    let admin = t.user("quantri_hethong");
    let rules = admin.get("/admin/timeliness/rules").await;
    assert!(
        rules.body.contains("điều 9 khoản 1 điểm c"),
        "{}",
        rules.body
    );
    assert!(rules.body.contains("Quy định riêng của Ban biên tập"));

    let five = admin
        .post_form(
            "/admin/timeliness/rules",
            &[("category", "legal_own"), ("days", "5"), ("enabled", "on")],
        )
        .await;
    assert_eq!(five.status, 303, "{}", five.body);
    let query = format!("period={PERIOD}");
    assert_eq!(
        figures(&csv(&admin, &query).await, "sxd", "legal_own"),
        [8, 6, 2, 0]
    );
    // The registry's list counts by the same rule: 5 days taken of 5 is on time now.
    assert_eq!(
        registry_row(&admin, "118/QĐ-SXD").await,
        ("5 / 5 ngày làm việc".to_string(), false)
    );
    assert_eq!(
        registry_row(&admin, "152/QĐ-SXD").await,
        ("7 / 5 ngày làm việc".to_string(), true)
    );
    // A day off announced at run time counts in the registry's list too: the first working
    // day after 118/QĐ-SXD's issue becomes one, and it took a working day less.
    let list = admin.get("/admin/sites/sxd/legal").await.body;
    let row = list
        .split("<tr")
        .find(|r| r.contains(">118/QĐ-SXD<"))
        .expect("the row");
    let issued = row
        .split("<td>")
        .find_map(|c| {
            let day = c.split('<').next().unwrap_or("");
            chrono::NaiveDate::parse_from_str(day, "%d/%m/%Y").ok()
        })
        .expect("its day of issue");
    let mut day_off = issued.succ_opt().unwrap();
    while chrono::Datelike::weekday(&day_off).number_from_monday() > 5 {
        day_off = day_off.succ_opt().unwrap();
    }
    let announced = admin
        .post_form(
            "/admin/calendar",
            &[
                ("day", &day_off.to_string()),
                ("kind", "day_off"),
                ("name", "Nghỉ đột xuất"),
                ("source", "Thông báo 12/TB-UBND"),
            ],
        )
        .await;
    assert_eq!(announced.status, 303, "{}", announced.body);
    assert_eq!(
        registry_row(&admin, "118/QĐ-SXD").await,
        ("4 / 5 ngày làm việc".to_string(), false)
    );
    let removed = admin
        .post_form(&format!("/admin/calendar/{day_off}/remove"), &[])
        .await;
    assert_eq!(removed.status, 303, "{}", removed.body);

    for (days, message) in [
        ("0", "từ 1 đến 260"),
        ("abc", "từ 1 đến 260"),
        ("261", "từ 1 đến 260"),
    ] {
        let refused = admin
            .post_form(
                "/admin/timeliness/rules",
                &[("category", "legal_own"), ("days", days), ("enabled", "on")],
            )
            .await;
        assert_eq!(refused.status, 400, "{days}");
        assert!(refused.body.contains(message), "{}", refused.body);
    }
    assert_eq!(
        figures(&csv(&admin, &query).await, "sxd", "legal_own"),
        [8, 6, 2, 0]
    );
    // Only system administrators change rules.
    let board = t.user("bbt");
    let tried = board
        .post_form(
            "/admin/timeliness/rules",
            &[("category", "legal_own"), ("days", "30"), ("enabled", "on")],
        )
        .await;
    assert_eq!(tried.status, 403);

    // Switched off for one site only.
    let off = admin
        .post_form(
            "/admin/timeliness/rules",
            &[("category", "legal_own"), ("site", "sxd"), ("days", "")],
        )
        .await;
    assert_eq!(off.status, 303);
    assert_eq!(
        figures(&csv(&admin, &query).await, "sxd", "legal_own"),
        [0, 0, 0, 0]
    );
    assert!(!registry_row(&admin, "152/QĐ-SXD").await.1);
    for site in ["sxd", ""] {
        let reset = admin
            .post_form(
                "/admin/timeliness/rules",
                &[("category", "legal_own"), ("site", site), ("reset", "1")],
            )
            .await;
        assert_eq!(reset.status, 303);
    }
    assert_eq!(
        figures(&csv(&admin, &query).await, "sxd", "legal_own"),
        [8, 4, 4, 0]
    );
    // The audit log says what changed in the reader's language.
    let log = admin.get("/admin/audit?action=timeliness.rule").await.body;
    for line in [
        "Văn bản trên trang cơ quan ban hành: 5 ngày làm việc, áp dụng",
        "Văn bản trên trang cơ quan ban hành: số ngày mặc định, tắt",
        "Văn bản trên trang cơ quan ban hành: trở về mặc định",
    ] {
        assert!(log.contains(line), "{line}: {log}");
    }
}
on_both_backends!(a_changed_rule_recomputes_the_standings_and_a_bad_one_changes_nothing);

async fn the_weekly_digest_reaches_each_site_once_a_week(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(t) = app_with(backend, sink.url(), |_| {}) else {
        return;
    };
    let digest = jobs_named(&t, &["timeliness-digest"]);
    let mail = jobs_named(&t, &["mail-delivery"]);
    run(&t, &digest);
    run(&t, &mail);
    let to_sxd = sink.to("sxd@sonha.gov.vn");
    assert_eq!(to_sxd.len(), 1, "{:?}", sink.messages().len());
    assert!(
        to_sxd[0].subject().contains("Sở Xây dựng"),
        "{}",
        to_sxd[0].subject()
    );
    assert!(
        to_sxd[0].text().contains("Trả lời hỏi đáp"),
        "{}",
        to_sxd[0].text()
    );
    let to_board = sink.to("congttdt@sonha.gov.vn");
    assert_eq!(to_board.len(), 1);
    assert!(
        to_board[0].text().contains("Ủy ban nhân dân xã Tân Phú"),
        "{}",
        to_board[0].text()
    );
    let sent = sink.messages().len();

    // Later the same week: nothing new.
    t.clock.advance(chrono::Duration::hours(3));
    run(&t, &digest);
    run(&t, &mail);
    assert_eq!(sink.messages().len(), sent);

    // The next week: again, once.
    t.clock.advance(chrono::Duration::days(7));
    run(&t, &digest);
    run(&t, &mail);
    assert_eq!(sink.to("congttdt@sonha.gov.vn").len(), 2);
}
on_both_backends!(the_weekly_digest_reaches_each_site_once_a_week);

async fn an_api_token_is_created_used_and_revoked(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    account(&t, "quantri_hethong", true, &[]);
    account(&t, "bbt", false, &[("sonha", Role::BoardHead)]);
    let admin = t.user("quantri_hethong");
    let api = |token: Option<String>| {
        let client = t.anon();
        async move {
            let mut req = actix_web::test::TestRequest::get()
                .uri("/api/v1/timeliness?period=2026-11")
                .insert_header(("host", "localhost"));
            if let Some(token) = token {
                req = req.insert_header(("authorization", format!("Bearer {token}")));
            }
            client.send(req).await
        }
    };
    let none = api(None).await;
    assert_eq!(none.status, 401);
    assert_eq!(
        none.json()["error"]["code"],
        "unauthorized",
        "{}",
        none.body
    );

    let unnamed = admin
        .post_form("/admin/api-tokens", &[("name", "  ")])
        .await;
    assert_eq!(unnamed.status, 400);
    assert!(unnamed.body.contains("Hãy đặt tên cho mã"));
    let made = admin
        .post_form("/admin/api-tokens", &[("name", "Báo cáo tháng")])
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    let token = made
        .body
        .split("id=\"new-token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the new token is shown")
        .to_string();
    assert!(token.starts_with("cong_") && token.len() > 40);
    // Shown once: the list names it and never shows it again.
    let list = admin.get("/admin/api-tokens").await;
    assert!(list.body.contains("Báo cáo tháng") && !list.body.contains(&token));

    let read = api(Some(token.clone())).await;
    assert_eq!(read.status, 200, "{}", read.body);
    let body = read.json();
    assert_eq!(body["period"], "2026-11");
    let rows = body["results"].as_array().unwrap();
    assert!(rows
        .iter()
        .any(|r| r["site"] == "sxd" && r["category"] == "legal_own" && r["due"].is_number()));
    assert_eq!(api(Some(format!("{token}x"))).await.status, 401);
    assert_eq!(t.user("bbt").get("/admin/api-tokens").await.status, 403);

    let id = list
        .body
        .split("id=\"token-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let revoked = admin
        .post_form(&format!("/admin/api-tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, 303);
    assert_eq!(api(Some(token)).await.status, 401);
}
on_both_backends!(an_api_token_is_created_used_and_revoked);

/// Imports one record of a kind onto the commune of Tân Phú: published now as the system,
/// or, with `by`, proposed as a draft by that account and never published.
fn record<K: cong::record::stored::StoredKind>(
    t: &TestApp,
    mut line: serde_json::Value,
    by: Option<&str>,
) {
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    line["site"] = "tanphu".into();
    let actor = by.map(|name| {
        let mut conn = t.conn();
        let id = cong::account::store::find_id(&mut conn, name)
            .unwrap()
            .unwrap();
        cong::account::store::actor(&mut conn, id).unwrap().unwrap()
    });
    let report = system_import(t, |options| {
        let options = cong::record::import::ImportOptions {
            entry: options.entry.clone(),
            draft: actor.is_some(),
            actor,
            ..*options
        };
        cong::record::import::import::<K>(&mut t.conn(), vec![(1, Ok(line))], &options, now, None)
    });
    assert_eq!(
        report.lines[0].outcome,
        cong::record::import::Outcome::Created,
        "{:?}",
        report.lines[0].reason
    );
}

fn plan(code: &str, approved_on: &str) -> serde_json::Value {
    serde_json::json!({
        "code": code, "name": format!("Kế hoạch {code}"), "plan_type": "plan",
        "field": "Nông thôn mới", "agency": "UBND xã Tân Phú", "period_from": 2026,
        "period_to": 2026, "approved_on": approved_on, "status": "in_force",
    })
}

async fn public_data_published_late_or_not_at_all_is_counted(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    account(&t, "quantri_hethong", true, &[]);
    let admin = t.user("quantri_hethong");
    // Today is Friday 20 November 2026. Approved Thursday 1 October: due 15 October
    // (10 working days, 004 art. 9.1d), posted today: 26 working days late.
    record::<cong::plans::Plans>(&t, plan("KH-TP-01", "2026-10-01"), None);
    // Approved Tuesday 20 October, due 3 November, still a draft: 13 working days overdue.
    record::<cong::plans::Plans>(&t, plan("KH-TP-02", "2026-10-20"), Some("quantri_hethong"));
    // The third quarter's budget execution: due 15 October by Circular 343, posted today.
    record::<cong::budget::disclosure::Disclosures>(
        &t,
        serde_json::json!({
            "title": "Công khai thực hiện dự toán quý III năm 2026", "level": "local",
            "form": "quarterly", "period": "2026-Q3", "disclosed_on": "2026-11-20",
            "agency": "UBND xã Tân Phú",
        }),
        None,
    );
    // A plan with no day of approval and no decision known to the registry: not counted.
    let mut undated = plan("KH-TP-03", "2026-10-01");
    undated["approved_on"] = serde_json::Value::Null;
    record::<cong::plans::Plans>(&t, undated, None);

    let all = csv(&admin, "period=2026-10..2026-11").await;
    assert_eq!(figures(&all, "tanphu", "plans_projects"), [2, 0, 1, 1]);
    assert_eq!(figures(&all, "tanphu", "budget"), [1, 0, 1, 0]);
    let october = csv(&admin, "period=2026-10").await;
    assert_eq!(figures(&october, "tanphu", "plans_projects"), [1, 0, 1, 0]);

    let page = admin.get("/admin/timeliness?period=2026-10..2026-11").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Chiến lược, kế hoạch, dự án, đấu thầu"));
    let drill = admin
        .get("/admin/timeliness/items?site=tanphu&category=plans_projects&period=2026-10..2026-11")
        .await;
    assert_eq!(drill.status, 200, "{}", drill.body);
    assert!(drill.body.contains("Kế hoạch KH-TP-01"), "{}", drill.body);
    assert!(
        drill.body.contains("Chậm 26 ngày làm việc"),
        "{}",
        drill.body
    );
    assert!(
        drill.body.contains("Quá hạn 13 ngày làm việc, chưa đăng"),
        "{}",
        drill.body
    );
    assert!(!drill.body.contains("KH-TP-03"), "{}", drill.body);
    let budget = admin
        .get("/admin/timeliness/items?site=tanphu&category=budget&period=2026-10")
        .await;
    assert!(
        budget.body.contains("Chậm 26 ngày làm việc"),
        "{}",
        budget.body
    );

    // The rules page says what each category counts, and what it cannot.
    let rules = admin.get("/admin/timeliness/rules").await;
    for said in [
        "Chưa tính: chưa có chuyên mục hướng dẫn",
        "thông tin đấu thầu từ ngày phê duyệt",
        "mỗi nhiệm vụ khoa học và công nghệ từ ngày nghiệm thu",
    ] {
        assert!(rules.body.contains(said), "{said}");
    }
}
on_both_backends!(public_data_published_late_or_not_at_all_is_counted);

fn task(code: &str, approved_on: Option<&str>, accepted_on: Option<&str>) -> serde_json::Value {
    serde_json::json!({
        "code": code, "name": format!("Nhiệm vụ {code}"), "level": "grassroots",
        "field": "Nông nghiệp", "host": "Hợp tác xã Tân Phú", "leader": "KS. Đỗ Văn Bình",
        "status": "accepted", "approved_on": approved_on, "accepted_on": accepted_on,
    })
}

async fn a_science_task_published_late_is_counted_from_its_acceptance(backend: Backend) {
    let Some(t) = demo(backend) else { return };
    account(&t, "quantri_hethong", true, &[]);
    let admin = t.user("quantri_hethong");
    // Today is Friday 20 November 2026. Approved in 2025, accepted Thursday 1 October: due
    // 29 October (20 working days, 004 art. 9.1e), posted today: 16 working days late.
    record::<cong::science::Tasks>(
        &t,
        task("CS-TP-01", Some("2025-03-02"), Some("2026-10-01")),
        None,
    );
    // Approved Friday 23 October, not yet accepted: due today, posted today: on time.
    record::<cong::science::Tasks>(&t, task("CS-TP-02", Some("2026-10-23"), None), None);
    // Neither day: not counted.
    record::<cong::science::Tasks>(&t, task("CS-TP-03", None, None), None);
    // A contractor selection plan approved Friday 6 November, due and posted today: on time.
    record::<cong::procurement::Notices>(
        &t,
        serde_json::json!({
            "notice_number": "PL2600990001", "notice_type": "plan",
            "package": "Gói thầu nạo vét kênh nội đồng", "procuring_entity": "UBND xã Tân Phú",
            "method": "competitive_shopping", "posted_on": "2026-11-20",
            "approved_on": "2026-11-06",
        }),
        None,
    );

    let all = csv(&admin, "period=2026-10..2026-11").await;
    assert_eq!(figures(&all, "tanphu", "science"), [2, 1, 1, 0]);
    assert_eq!(figures(&all, "tanphu", "plans_projects"), [1, 1, 0, 0]);
    let drill = admin
        .get("/admin/timeliness/items?site=tanphu&category=science&period=2026-10..2026-11")
        .await;
    assert_eq!(drill.status, 200, "{}", drill.body);
    assert!(drill.body.contains("Nhiệm vụ CS-TP-01"), "{}", drill.body);
    assert!(
        drill.body.contains("Chậm 16 ngày làm việc"),
        "{}",
        drill.body
    );
    assert!(!drill.body.contains("CS-TP-03"), "{}", drill.body);
}
on_both_backends!(a_science_task_published_late_is_counted_from_its_acceptance);
