//! Public consultation on drafts: the demo's three consultations, a citizen's comment on an
//! article (acknowledged by mail at a real SMTP server), the form's protection, moderation,
//! refusal before opening and after closing, the report through review with its mail, the
//! CSV export, retention, a shorter period only with a reason, and the registry link.

use actix_web::test;
use chrono::Duration;
use cong::account::Role;
use cong::clock::Clock;
use cong::consultation::store;
use cong::content::ContentId;

use crate::common::{account, through_review, Backend, Client, Reply, Setup, SmtpSink, TestApp};
use crate::inbox::{app_with, jobs_named, run};

/// The board of the department of science and technology (skhcn).
fn people(t: &TestApp) {
    account(t, "kh_soan", false, &[("skhcn", Role::Contributor)]);
    account(t, "kh_bientap", false, &[("skhcn", Role::Editor)]);
    account(t, "kh_bientap2", false, &[("skhcn", Role::Editor)]);
    account(t, "kh_truong", false, &[("skhcn", Role::BoardHead)]);
}

const HOST: &str = "skhcn.localhost";

/// The demo consultation of a state on the province's list (its id and path).
async fn demo(app: &Client, state: &str) -> (i32, String) {
    let list = app
        .get("localhost", &format!("/api/v1/consultations?state={state}"))
        .await
        .json();
    let item = &list["results"][0];
    let url = item["url"].as_str().expect("a url").to_string();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let path = rest[rest.find('/').unwrap_or(rest.len())..].to_string();
    (item["id"].as_i64().expect("an id") as i32, path)
}

pub(crate) fn comment_form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("name", "Hoàng Thị Mai"),
        ("email", "mai@example.org"),
        ("organisation", "Hiệp hội Doanh nghiệp tỉnh"),
        ("article", "dieu-3"),
        (
            "comment",
            "Đề nghị quy định thời hạn công bố tuyển chọn là 45 ngày.",
        ),
        ("consent", "on"),
        ("website", ""),
    ];
    for (k, v) in extra {
        f.retain(|(key, _)| key != k);
        f.push((k, v));
    }
    f
}

async fn post_comment(
    app: &Client,
    path: &str,
    origin: Option<&str>,
    fields: &[(&str, &str)],
) -> Reply {
    let mut req = test::TestRequest::post()
        .uri(path)
        .insert_header(("host", HOST))
        .peer_addr("203.0.113.20:40000".parse().unwrap())
        .set_form(fields.to_vec());
    if let Some(o) = origin {
        req = req.insert_header(("origin", o));
    }
    app.send(req).await
}

fn comments(t: &TestApp, id: i32) -> Vec<store::Comment> {
    store::comments(&mut t.conn(), ContentId(id)).unwrap()
}

on_both_backends!(a_consultation_from_comment_to_published_report);
async fn a_consultation_from_comment_to_published_report(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(t) = app_with(backend, sink.url(), |_| {}) else {
        return;
    };
    people(&t);
    let app = t.anon();
    let mail_job = jobs_named(&t, &["mail-delivery"]);

    // The province lists every site's consultations, open ones first; site= narrows.
    let all = app.get("localhost", "/api/v1/consultations").await.json();
    assert_eq!(all["total"], 3, "{all}");
    let states: Vec<&str> = all["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["open", "upcoming", "closed"]);
    for field in [
        "id",
        "title",
        "opens_at",
        "closes_at",
        "url",
        "comments_published",
    ] {
        assert!(!all["results"][0][field].is_null(), "{field} in {all}");
    }
    assert!(all["results"][0]["report_url"].is_null());
    assert!(
        !all["results"][2]["report_url"].is_null(),
        "the demo's report"
    );
    let narrowed = app
        .get("localhost", "/api/v1/consultations?site=skhcn")
        .await
        .json();
    assert_eq!(narrowed["total"], 2, "{narrowed}");
    assert!(narrowed["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["site"] == "skhcn"));
    let page = app.get("localhost", "/lay-y-kien").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Đang lấy ý kiến"), "{}", page.body);
    assert_eq!(app.get("localhost", "/en/consultations").await.status, 200);

    // The open consultation's page: the articles anchored, the form posting to its address.
    let (id, path) = demo(&app, "open").await;
    let (upcoming, _) = demo(&app, "upcoming").await;
    let item = app.get(HOST, &path).await;
    assert_eq!(item.status, 200, "{}", item.body);
    assert!(item.body.contains("id=\"dieu-3\""), "{}", item.body);
    let action = format!("/lay-y-kien/{id}/gop-y");
    assert!(
        item.body
            .contains(&format!("method=\"post\" action=\"{action}\"")),
        "{}",
        item.body
    );

    // A foreign Origin, the honeypot, a bad article: refused, nothing stored.
    let before = comments(&t, id).len();
    let foreign = post_comment(
        &app,
        &action,
        Some("https://evil.example"),
        &comment_form(&[]),
    )
    .await;
    assert_eq!(foreign.status, 403);
    let robot = post_comment(&app, &action, None, &comment_form(&[("website", "x")])).await;
    assert_eq!(robot.status, 400);
    let bad = post_comment(
        &app,
        &action,
        None,
        &comment_form(&[("article", "dieu-99")]),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("không có trong dự thảo"), "{}", bad.body);
    assert_eq!(comments(&t, id).len(), before);

    // Without Origin (a plain form) and with the site's own, the comments are received.
    let r = post_comment(&app, &action, None, &comment_form(&[])).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let own = post_comment(
        &app,
        &action,
        Some("http://skhcn.localhost"),
        &comment_form(&[
            ("consent", ""),
            ("email", "an@example.org"),
            ("article", ""),
        ]),
    )
    .await;
    assert_eq!(own.status, 200, "{}", own.body);
    let stored = comments(&t, id);
    assert_eq!(stored.len(), before + 2);
    let mine = stored
        .iter()
        .find(|c| c.email == "mai@example.org")
        .unwrap();
    assert_eq!(mine.article, "dieu-3");
    assert_eq!(mine.moderation, cong::consultation::Moderation::Pending);

    // The acknowledgement goes out through the outbox.
    run(&t, &mail_job);
    let ack = sink.to("mai@example.org");
    assert_eq!(ack.len(), 1);
    assert!(ack[0].text().contains(&path), "{}", ack[0].text());

    // Not public before moderation; approved, it shows the name (never the address).
    let hidden = app.get(HOST, &path).await;
    assert!(
        !hidden.body.contains("45 ngày"),
        "pending comments are not public"
    );
    let dashboard = t.user("kh_bientap").get("/admin").await;
    assert!(
        dashboard.body.contains("data-comments-pending=\"3\""),
        "{}",
        dashboard.body
    );
    let editor = t.user("kh_bientap");
    let approve = editor
        .post_form(
            &format!("/admin/sites/skhcn/consultations/comments/{}", mine.id.0),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(approve.status, 303, "{}", approve.body);
    let other = stored.iter().find(|c| c.email == "an@example.org").unwrap();
    let reject = editor
        .post_form(
            &format!("/admin/sites/skhcn/consultations/comments/{}", other.id.0),
            &[("decision", "reject"), ("reason", "off_topic")],
        )
        .await;
    assert_eq!(reject.status, 303, "{}", reject.body);
    let contributor = t.user("kh_soan");
    let refused = contributor
        .post_form(
            &format!("/admin/sites/skhcn/consultations/comments/{}", other.id.0),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(refused.status, 403);
    // The demo's comment waiting since before: approved too (the report needs every one).
    for waiting in comments(&t, id)
        .iter()
        .filter(|c| c.moderation == cong::consultation::Moderation::Pending)
    {
        let r = editor
            .post_form(
                &format!("/admin/sites/skhcn/consultations/comments/{}", waiting.id.0),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let shown = app.get(HOST, &path).await;
    assert!(shown.body.contains("45 ngày") && shown.body.contains("Hoàng Thị Mai"));
    assert!(!shown.body.contains("mai@example.org"));

    // The CSV: personal data for the board only, formula-safe.
    let csv = editor
        .get(&format!(
            "/admin/sites/skhcn/consultations/{id}/comments.csv"
        ))
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("mai@example.org") && csv.body.contains("off_topic"));
    let plain = contributor
        .get(&format!(
            "/admin/sites/skhcn/consultations/{id}/comments.csv"
        ))
        .await;
    assert_eq!(plain.status, 200);
    assert!(!plain.body.contains("mai@example.org") && plain.body.contains("45 ngày"));

    // Before opening: 409, nothing stored.
    let early = app
        .send(
            test::TestRequest::post()
                .uri(&format!("/lay-y-kien/{upcoming}/gop-y"))
                .insert_header(("host", "localhost"))
                .set_form(comment_form(&[("article", "")])),
        )
        .await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(early.body.contains("chưa mở lấy ý kiến"), "{}", early.body);

    // After closing: 409 with the closing day, nothing stored.
    t.clock.advance(Duration::days(21));
    let late = post_comment(&app, &action, None, &comment_form(&[])).await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.body.contains("Đã hết hạn góp ý ngày"), "{}", late.body);
    assert_eq!(comments(&t, id).len(), before + 2);

    // The agency answers every approved comment; the report goes through review.
    // (Signed in again: sessions do not last the three weeks the clock moved.)
    let editor = t.user("kh_bientap");
    let edit = format!("/admin/sites/skhcn/consultations/{id}/edit");
    let form = editor.get(&edit).await;
    assert_eq!(form.status, 200, "{}", form.body);
    let demo_approved = comments(&t, id)
        .into_iter()
        .filter(|c| c.moderation == cong::consultation::Moderation::Approved)
        .map(|c| c.id.0)
        .collect::<Vec<_>>();
    let record = store::record(&mut t.conn(), ContentId(id))
        .unwrap()
        .unwrap();
    let mut fields: Vec<(String, String)> = vec![
        ("lang".into(), "vi".into()),
        (
            "title".into(),
            "Dự thảo Quyết định ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh"
                .into(),
        ),
        ("agency".into(), record.agency.clone()),
        ("draft_type".into(), "committee_decision".into()),
        ("draft_text".into(), record.draft_text.clone()),
        (
            "opens_at".into(),
            cong::consultation::form::moment_text(record.opens_at),
        ),
        (
            "closes_at".into(),
            cong::consultation::form::moment_text(record.closes_at),
        ),
        (
            "also_on".into(),
            record
                .also_on
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("report_published".into(), "on".into()),
    ];
    let leader = demo_approved[0];
    fields.push((format!("verdict-{leader}"), "partly_accepted".into()));
    fields.push((
        format!("explanation-{leader}"),
        "Tiếp thu một phần: thời hạn 30 ngày được giữ.".into(),
    ));
    for other in &demo_approved[1..] {
        fields.push((format!("group-{other}"), leader.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = editor.post_form(&edit, &borrowed).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let revision = cong::review::store::latest(&mut t.conn(), ContentId(id))
        .unwrap()
        .unwrap()
        .id;
    let (second, head) = (t.user("kh_bientap2"), t.user("kh_truong"));
    let published = through_review([&editor, &second, &head], revision).await;
    assert_eq!(published.status, 303, "{}", published.body);
    let api = app
        .get("localhost", &format!("/api/v1/consultations/{id}"))
        .await
        .json();
    assert_eq!(api["state"], "closed", "{api}");
    assert!(!api["report_url"].is_null(), "{api}");
    let report = app.get(HOST, &format!("{path}?print=1")).await;
    assert_eq!(report.status, 200);
    assert!(
        report.body.contains("Tiếp thu một phần: thời hạn 30 ngày"),
        "{}",
        report.body
    );
    assert!(report.body.contains("data-count=\"received\""));

    // Everyone who consented is mailed the link.
    t.clock.advance(Duration::minutes(1));
    run(&t, &mail_job);
    let mails = sink.to("mai@example.org");
    assert_eq!(mails.len(), 2, "acknowledgement and report");
    assert!(mails[1].text().contains("?print=1"), "{}", mails[1].text());
    assert_eq!(
        sink.to("an@example.org").len(),
        1,
        "no consent: no report mail"
    );
}

on_both_backends!(commenters_addresses_are_anonymised_after_the_retention_period);
async fn commenters_addresses_are_anonymised_after_the_retention_period(backend: Backend) {
    let Some(t) = TestApp::with(Setup {
        backend,
        ..Setup::default()
    }) else {
        return;
    };
    let app = t.anon();
    let (id, _) = demo(&app, "open").await;
    let r = post_comment(
        &app,
        &format!("/lay-y-kien/{id}/gop-y"),
        None,
        &comment_form(&[]),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let retention = jobs_named(&t, &["consultation-retention"]);
    // Closed 20 days from now: kept for the configured period after that.
    t.clock.advance(Duration::days(300));
    run(&t, &retention);
    assert!(comments(&t, id)
        .iter()
        .any(|c| c.email == "mai@example.org"));
    t.clock.advance(Duration::days(100));
    run(&t, &retention);
    let after = comments(&t, id);
    assert!(after
        .iter()
        .all(|c| c.email.is_empty() && c.anonymised_at.is_some()));
    assert!(
        after.iter().any(|c| c.name == "Hoàng Thị Mai"),
        "the name stays with consent"
    );
}

#[actix_web::test]
async fn a_shorter_period_needs_a_public_reason_and_the_final_document_links_back() {
    let t = TestApp::new();
    people(&t);
    let app = t.anon();
    let author = t.user("kh_soan");
    let now = t.clock.now().naive_utc();
    let mut form = vec![
        ("title", "Dự thảo Quyết định về phí thẩm định".to_string()),
        ("agency", "Sở Khoa học và Công nghệ".to_string()),
        ("draft_type", "committee_decision".to_string()),
        ("draft_text", "Điều 1. Mức phí\nA.".to_string()),
        ("opens_at", cong::consultation::form::moment_text(now)),
        (
            "closes_at",
            cong::consultation::form::moment_text(now + Duration::days(7)),
        ),
    ];
    let fields = |f: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { f.clone() };
    let post = |f: Vec<(&'static str, String)>| {
        let author = author.clone();
        async move {
            let borrowed: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            author
                .post_form("/admin/sites/skhcn/consultations/new", &borrowed)
                .await
        }
    };
    let short = post(fields(&form)).await;
    assert_eq!(short.status, 422, "{}", short.body);
    assert!(
        short.body.contains("ngắn hơn mức tối thiểu"),
        "{}",
        short.body
    );
    form.push((
        "shortened_reason",
        "Thực hiện chỉ đạo khẩn của Ủy ban nhân dân tỉnh".to_string(),
    ));
    let created = post(fields(&form)).await;
    assert_eq!(created.status, 303, "{}", created.body);

    // The demo's closed consultation, once a document is issued after it, links to it and
    // the document links back.
    let (closed, closed_path) = demo(&app, "closed").await;
    let docs = app
        .get("localhost", "/api/v1/legal/documents?per_page=1")
        .await
        .json();
    let doc_id = docs["results"][0]["id"].as_i64().unwrap() as i32;
    let doc_url = docs["results"][0]["url"].as_str().unwrap().to_string();
    let mut record = store::record(&mut t.conn(), ContentId(closed))
        .unwrap()
        .unwrap();
    record.final_document = Some(doc_id);
    let site = crate::common::site_id(&t, "skhcn");
    store::write(&mut t.conn(), ContentId(closed), site, &record, now).unwrap();
    let page = app.get(HOST, &closed_path).await;
    assert!(
        page.body.contains("Văn bản ban hành sau lấy ý kiến"),
        "{}",
        page.body
    );
    let rest = doc_url
        .split_once("://")
        .map_or(doc_url.as_str(), |(_, r)| r);
    let (doc_host, doc_path) = rest.split_at(rest.find('/').unwrap());
    let doc = app.get(doc_host, doc_path).await;
    assert!(doc.body.contains("Ban hành sau lấy ý kiến"), "{}", doc.body);
    assert!(doc.body.contains(&closed_path), "{}", doc.body);
}

/// Point 4: feedback on an administrative regulation, at any time, through the Q&A inbox as
/// a question linked to the registry's document (same deadlines and answer review).
#[actix_web::test]
async fn feedback_on_a_regulation_is_a_question_linked_to_it() {
    let t = TestApp::new();
    account(&t, "bandientu", false, &[("sonha", Role::BoardHead)]);
    let app = t.anon();
    let docs = app
        .get("localhost", "/api/v1/legal/documents?per_page=1")
        .await
        .json();
    let doc = docs["results"][0]["id"].as_i64().unwrap().to_string();
    // The document's page offers the form, which names the regulation.
    let url = docs["results"][0]["url"].as_str().unwrap().to_string();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let page = app.get(host, path).await;
    assert!(
        page.body
            .contains(&format!("/hoi-dap/dat-cau-hoi?regulation={doc}")),
        "{}",
        page.body
    );
    let form = app
        .get(
            "localhost",
            &format!("/hoi-dap/dat-cau-hoi?regulation={doc}"),
        )
        .await;
    assert!(form
        .body
        .contains("Phản ánh, kiến nghị về quy định hành chính"));
    assert!(form
        .body
        .contains(&format!("name=\"regulation\" value=\"{doc}\"")));
    // A regulation that is not one is refused, nothing stored.
    let before = cong::inbox::store::list(&mut t.conn(), None).unwrap().len();
    let bad = app
        .post_form(
            "localhost",
            "/hoi-dap/dat-cau-hoi",
            &crate::inbox::form("phan@example.org", &[("regulation", "999999")]),
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert_eq!(
        cong::inbox::store::list(&mut t.conn(), None).unwrap().len(),
        before
    );
    let sent = app
        .post_form(
            "localhost",
            "/hoi-dap/dat-cau-hoi",
            &crate::inbox::form("phan@example.org", &[("regulation", &doc)]),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let q = cong::inbox::store::list(&mut t.conn(), None)
        .unwrap()
        .into_iter()
        .find(|q| q.asker_email == "phan@example.org")
        .expect("stored");
    let linked = cong::inbox::store::regulation_of(&mut t.conn(), q.id)
        .unwrap()
        .expect("linked to the document");
    assert_eq!(linked.id.0.to_string(), doc);
    // Its handlers see which regulation it is about; the deadline is the inbox's.
    let board = t.user("bandientu");
    let admin = board.get(&format!("/admin/inbox/{}", q.id)).await;
    assert!(admin.body.contains("question-regulation"), "{}", admin.body);
    assert!(q.due_at > q.received_at);
}
