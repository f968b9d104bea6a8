//! Site search over the demo documents, news and pages: number-symbols first, queries with
//! or without diacritics, article links, absurd input, the index following the change log,
//! and the answer while the index is being built.

use cong::clock::Clock;
use cong::content::ContentState;

use crate::common::TestApp;

fn indexed() -> TestApp {
    let t = TestApp::new();
    t.state.search.rebuild(&mut t.conn(), None).unwrap();
    t
}

#[actix_web::test]
async fn a_number_symbol_however_typed_finds_its_document_first() {
    let t = indexed();
    let app = t.anon();
    for q in [
        "17/2019/qd-ubnd",
        "17%2F2019%2FQ%C4%90-UBND",
        "quyet%20dinh%2017%2F2019",
    ] {
        let r = app
            .get(
                "localhost",
                &format!("/api/v1/search?q={q}&kind=legal&limit=10"),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let body = r.json();
        assert_eq!(
            body["results"][0]["number_symbol"], "17/2019/QĐ-UBND",
            "{q}: {body}"
        );
        assert!(body["results"][0]["score"].as_f64().is_some());
        assert!(body["results"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Thái Bình"));
    }
}

#[actix_web::test]
async fn words_without_diacritics_find_accented_articles_with_their_anchor() {
    let t = indexed();
    let app = t.anon();
    let r = app.get("localhost", "/api/v1/search?q=cong%20thong%20tin%20dien%20tu&kind=legal&granularity=article&limit=5")
    .await;
    let body = r.json();
    let first = &body["results"][0];
    assert!(first["url"].as_str().unwrap().contains("#dieu-"), "{body}");
    assert!(first["article"].as_str().is_some());
    assert!(first["article_title"].as_str().is_some());
    assert!(first["snippet"].as_str().unwrap().contains("<mark>"));
    // The page shows the same with facets, in both languages.
    let page = app
        .get("localhost", "/tim-kiem?q=c%E1%BB%95ng%20th%C3%B4ng%20tin")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("search-hit"));
    assert!(page.body.contains("Loại văn bản"));
    let english = app.get("localhost", "/en/search?q=portal").await;
    assert_eq!(english.status, 200);
}

#[actix_web::test]
async fn a_search_that_finds_nothing_says_so_and_offers_ways_on() {
    let t = indexed();
    let app = t.anon();
    let page = app
        .get("localhost", "/tim-kiem?q=zyxwvq%20qqqjjj&kind=legal")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Không tìm thấy kết quả nào"),
        "{}",
        page.body
    );
    for link in [
        "href=\"/van-ban\"",
        "href=\"/danh-ba\"",
        "href=\"/hoi-dap\"",
    ] {
        assert!(page.body.contains(link), "{link}");
    }
    // The way out of a narrowed search: the same words in every kind.
    assert!(
        page.body.contains("/tim-kiem?q=zyxwvq+qqqjjj\""),
        "{}",
        page.body
    );
    let en = app.get("localhost", "/en/search?q=zyxwvq").await;
    assert!(en.body.contains("Nothing was found"), "{}", en.body);
    assert!(en.body.contains("href=\"/en/legal-documents\""));
    // A search that finds something does not say it found nothing.
    let found = app
        .get("localhost", "/tim-kiem?q=quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh")
        .await;
    assert!(!found.body.contains("Không tìm thấy kết quả nào"));
}

#[actix_web::test]
async fn absurd_queries_get_a_clear_answer_not_an_error() {
    let t = indexed();
    let app = t.anon();
    let long = "a".repeat(10_000);
    for q in [long.as_str(), "%21%21%21%3F%3F", "%22unbalanced", ""] {
        let r = app.get("localhost", &format!("/api/v1/search?q={q}")).await;
        assert_eq!(r.status, 200, "{q}: {}", r.body);
        assert!(r.json()["results"].is_array());
        let page = app.get("localhost", &format!("/tim-kiem?q={q}")).await;
        assert_eq!(page.status, 200);
    }
    let bad = app
        .get("localhost", "/api/v1/search?q=x&kind=everything")
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("legal"));
}

#[actix_web::test]
async fn publishing_and_taking_down_reach_the_index_through_the_change_log() {
    let t = indexed();
    let app = t.anon();
    let find = |body: serde_json::Value| {
        body["results"].as_array().unwrap().iter().any(|r| {
            r["title"]
                .as_str()
                .unwrap_or("")
                .contains("Hội chợ nông sản")
        })
    };
    let site = crate::common::site_id(&t, "sonha");
    let now = t.clock.now().naive_utc();
    let id = cong::content::store::save(
        &mut t.conn(),
        &crate::common::news(
            site,
            "hoi-cho",
            "Hội chợ nông sản Sơn Hà",
            "Khai mạc hội chợ.",
        ),
        now,
    )
    .unwrap()
    .id();
    assert_eq!(t.state.search.catch_up(&mut t.conn()).unwrap(), 1);
    let r = app
        .get("localhost", "/api/v1/search?q=hoi%20cho%20nong%20san")
        .await;
    assert!(find(r.json()));
    cong::content::store::set_state(
        &mut t.conn(),
        id,
        ContentState::Unpublished,
        Some("Nhầm"),
        now,
    )
    .unwrap();
    t.state.search.catch_up(&mut t.conn()).unwrap();
    let r = app
        .get("localhost", "/api/v1/search?q=hoi%20cho%20nong%20san")
        .await;
    assert!(!find(r.json()));
}

#[actix_web::test]
async fn while_the_index_is_built_search_says_so_and_the_rest_serves() {
    let t = TestApp::new();
    let app = t.anon();
    let api = app.get("localhost", "/api/v1/search?q=dat%20dai").await;
    assert_eq!(api.status, 503);
    assert_eq!(api.json()["error"]["code"], "unavailable");
    let page = app.get("localhost", "/tim-kiem?q=dat%20dai").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("xây dựng lại"));
    assert_eq!(app.get("localhost", "/van-ban").await.status, 200);
}

#[actix_web::test]
async fn a_document_coming_into_force_changes_status_in_the_index_without_an_edit() {
    let t = indexed();
    // Issued before the test's day (20/11/2026), in force from 23/11.
    let mut line = crate::legal::law("88/2026/QĐ-UBND", "2026-11-16");
    line["effective_on"] = "2026-11-23".into();
    crate::legal::import_lines(&t, &[line]);
    t.state.search.catch_up(&mut t.conn()).unwrap();
    let app = t.anon();
    let count = |status: &'static str| {
        let app = &app;
        async move {
            let r = app
                .get(
                    "localhost",
                    &format!("/api/v1/search?q=88/2026/qd-ubnd&kind=legal&status={status}"),
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
            r.json()["total"].as_u64().unwrap()
        }
    };
    assert_eq!(count("not_yet_in_force").await, 1);
    assert_eq!(count("in_force").await, 0);
    // Nothing to do on the same day.
    assert_eq!(t.state.search.refresh_statuses(&mut t.conn()).unwrap(), 0);

    t.clock.advance(chrono::Duration::days(4));
    assert_eq!(t.state.search.refresh_statuses(&mut t.conn()).unwrap(), 1);
    assert_eq!(count("in_force").await, 1);
    assert_eq!(count("not_yet_in_force").await, 0);
    assert_eq!(t.state.search.refresh_statuses(&mut t.conn()).unwrap(), 0);
}

#[actix_web::test]
async fn a_pasted_page_is_not_searched_and_did_you_mean_proposes_only_real_words() {
    let t = indexed();
    let app = t.anon();
    let pasted = "quy dinh dat dai lao dong ".repeat(25);
    let q = pasted.replace(' ', "+");
    let r = app
        .get("localhost", &format!("/api/v1/search?q={q}&kind=legal"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["too_long"], true);
    assert_eq!(r.json()["total"], 0);
    assert!(r.json()["results"].as_array().unwrap().is_empty());
    let page = app.get("localhost", &format!("/tim-kiem?q={q}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("dài quá 500 ký tự"), "{}", page.body);

    // A slip is corrected to the words the index holds, never half-accented around it.
    let slip = app.get("localhost", "/api/v1/search?q=chuyen+doy+so").await;
    assert_eq!(slip.status, 200);
    assert_eq!(slip.json()["suggestion"], "chuyển đổi số", "{}", slip.body);
    let page = app.get("localhost", "/tim-kiem?q=chuyen+doy+so").await;
    assert!(page.body.contains("chuyển đổi số"), "{}", page.body);
    // Nothing real near a made-up word: no suggestion.
    let unknown = app
        .get("localhost", "/api/v1/search?q=chuyen+xqzw+so")
        .await;
    assert!(unknown.json()["suggestion"].is_null(), "{}", unknown.body);
}

/// A question asked on the portal (with or without consent to publication), forwarded to the
/// science department and answered with `answer` through the review by the demo accounts;
/// returns the answer's content item.
fn answered(t: &TestApp, consent: bool, title: &str, answer: &str) -> cong::content::ContentId {
    use cong::inbox::store;
    use cong::review::store::{apply, TransitionInput};
    use cong::review::Transition;
    let (directory, now) = (t.state.sites.current(), t.clock.now().naive_utc());
    let mut conn = t.conn();
    let actor = |conn: &mut cong::db::PooledConn, name: &str| {
        let id = cong::account::store::find_id(conn, name).unwrap().unwrap();
        cong::account::store::actor(conn, id).unwrap().unwrap()
    };
    let (board, author, editor) = (
        actor(&mut conn, "truongban"),
        actor(&mut conn, "soantin"),
        actor(&mut conn, "skhcn.bientap"),
    );
    let (province, skhcn) = (
        directory.province().unwrap(),
        directory.by_slug("skhcn").unwrap(),
    );
    let settings = &t.state.config.inbox;
    let calendars = store::calendars(&mut conn, settings).unwrap();
    let ask = cong::inbox::Ask {
        asked: cong::inbox::Asked {
            name: "Công dân".into(),
            email: "congdan@example.org".into(),
            title: title.into(),
            question: title.into(),
            field: "khac".into(),
            ..Default::default()
        },
        consent,
        regulation: None,
    };
    let submission = store::Submission {
        site: province,
        lang: cong::lang::Lang::Vi,
        ask,
        client: None,
        origin: String::new(),
        attachment: None,
    };
    let q = store::submit(&mut conn, submission, settings, &calendars, now).unwrap();
    let step = store::Step {
        question: q.id,
        site: province.id,
        by: &board,
        now,
    };
    store::forward(&mut conn, step, skhcn).unwrap();
    let form = store::AnswerForm {
        title: title.into(),
        question: title.into(),
        answer: answer.into(),
    };
    let (content, revision) =
        store::draft_answer(&mut conn, q.id, skhcn, &form, &author, now).unwrap();
    let input = TransitionInput::default();
    for (transition, by) in [
        (Transition::Submit, &author),
        (Transition::Approve, &editor),
        (Transition::Publish, &board),
    ] {
        apply(&mut conn, revision, transition, &input, by, now).unwrap();
    }
    content
}

/// The part of a search page from article `heading` to the next result or article.
fn beside<'a>(page: &'a str, heading: &str) -> &'a str {
    let at = page
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} not shown: {page}"));
    let rest = &page[at..];
    let end = ["search-hit", "#dieu-"]
        .iter()
        .filter_map(|next| rest[heading.len()..].find(next))
        .min()
        .map_or(rest.len(), |n| n + heading.len());
    &rest[..end]
}

#[actix_web::test]
async fn a_published_answer_is_shown_beside_the_article_it_cites() {
    let t = indexed();
    let (directory, now) = (t.state.sites.current(), t.clock.now().naive_utc());
    cong::account::demo::ensure(&mut t.conn(), &directory, now).unwrap();
    // Both cite Điều 3 of the demo's 11/2026/QĐ-UBND; only the first asker consented.
    let public = answered(
        &t,
        true,
        "Có phải nộp lại giấy tờ cơ quan đã có không",
        "Không. Theo khoản 1 Điều 3 Quyết định số 11/2026/QĐ-UBND của Ủy ban nhân dân tỉnh, \
         cơ quan đã được chia sẻ dữ liệu không yêu cầu nộp lại.",
    );
    answered(
        &t,
        false,
        "Câu hỏi riêng về dữ liệu",
        "Điều 3 Quyết định 11/2026/QĐ-UBND quy định nguyên tắc chia sẻ dữ liệu.",
    );
    t.state.search.catch_up(&mut t.conn()).unwrap();
    let app = t.anon();
    let heading = "Điều 3. Nguyên tắc chia sẻ dữ liệu";
    for path in [
        "/tim-kiem?q=nguy%C3%AAn%20t%E1%BA%AFc%20chia%20s%E1%BA%BB%20d%E1%BB%AF%20li%E1%BB%87u&kind=legal",
        "/tim-kiem?q=nguyen%20tac%20chia%20se%20du%20lieu&kind=legal&granularity=article",
    ] {
        let page = app.get("localhost", path).await;
        assert_eq!(page.status, 200, "{path}");
        let shown = beside(&page.body, heading);
        assert!(shown.contains("Hỏi đáp liên quan"), "{path}: {shown}");
        assert!(
            shown.contains("Có phải nộp lại giấy tờ cơ quan đã có không")
                && shown.contains(&format!("skhcn.localhost/hoi-dap/{}-", public.0)),
            "{path}: {shown}"
        );
        assert!(!page.body.contains("Câu hỏi riêng về dữ liệu"), "{path}");
    }
    // The API keeps its contract.
    let api = app
        .get(
            "localhost",
            "/api/v1/search?q=nguyen%20tac%20chia%20se%20du%20lieu&kind=legal&granularity=article",
        )
        .await;
    assert!(!api.body.contains("nộp lại giấy tờ"), "{}", api.body);
    // Taken down, the answer leaves the legal results too.
    cong::content::store::set_state(
        &mut t.conn(),
        public,
        ContentState::Unpublished,
        Some("Nhầm"),
        now,
    )
    .unwrap();
    t.state.search.catch_up(&mut t.conn()).unwrap();
    let page = app
        .get(
            "localhost",
            "/tim-kiem?q=nguyen%20tac%20chia%20se%20du%20lieu&kind=legal",
        )
        .await;
    assert!(!beside(&page.body, heading).contains("Hỏi đáp liên quan"));
}
