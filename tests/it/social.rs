//! What a shared link and a search engine see of the public pages: OpenGraph and
//! Twitter-card meta on every page, and schema.org data (JSON-LD): `GovernmentOrganization`
//! on home pages, `NewsArticle` on news, `Legislation` on legal documents,
//! `GovernmentService` on procedures; nothing for a withdrawn item. And the home pages'
//! lists beside the news.

use cong::content::{ContentId, ContentState};

use crate::common::{item_path, Backend, Setup, TestApp};

/// Every schema.org object in a page's `<script type="application/ld+json">` elements.
fn json_ld(body: &str) -> Vec<serde_json::Value> {
    body.split("<script type=\"application/ld+json\">")
        .skip(1)
        .filter_map(|s| s.split("</script>").next())
        .map(|s| serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}")))
        .collect()
}

/// The value of a `<meta property=…>` or `<meta name=…>` in the head.
fn meta(body: &str, key: &str) -> Option<String> {
    let head = body.split("</head>").next()?;
    ["property", "name"].iter().find_map(|attr| {
        let open = format!("<meta {attr}=\"{key}\" content=\"");
        let start = head.find(&open)? + open.len();
        Some(head[start..].split('"').next()?.to_string())
    })
}

fn app(backend: Backend) -> Option<TestApp> {
    TestApp::with(Setup {
        backend,
        ..Setup::default()
    })
}

/// The first link in a page to an item under `prefix` (`/van-ban/12-…`).
fn first_link(body: &str, prefix: &str) -> String {
    body.split(&format!("href=\"{prefix}"))
        .skip(1)
        .find(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .and_then(|rest| rest.split('"').next())
        .map(|rest| format!("{prefix}{rest}"))
        .unwrap_or_else(|| panic!("no link to an item under {prefix}"))
}

async fn every_public_page_has_open_graph_and_twitter_meta(backend: Backend) {
    let Some(t) = app(backend) else {
        return;
    };
    let anon = t.anon();
    for (host, path) in [
        ("localhost", "/"),
        ("localhost", "/en/"),
        ("localhost", "/tin-tuc"),
        ("localhost", "/van-ban"),
        ("localhost", "/thu-tuc-hanh-chinh"),
        ("localhost", "/tim-kiem?q=gi%E1%BA%A5y+ph%C3%A9p"),
        ("localhost", "/hoi-dap"),
        ("localhost", "/hoi-dap/dat-cau-hoi"),
        ("localhost", "/lien-he"),
        ("localhost", "/co-cau-to-chuc"),
        ("localhost", "/danh-ba"),
        ("localhost", "/lich-cong-tac"),
        ("skhcn.localhost", "/"),
        ("skhcn.localhost", "/lay-y-kien"),
    ] {
        let r = anon.get(host, path).await;
        assert_eq!(r.status, 200, "{host}{path}");
        let title = r
            .body
            .split("<title>")
            .nth(1)
            .and_then(|s| s.split("</title>").next())
            .unwrap()
            .to_string();
        assert_eq!(
            meta(&r.body, "og:title").as_deref(),
            Some(title.as_str()),
            "{host}{path}"
        );
        assert_eq!(
            meta(&r.body, "twitter:title").as_deref(),
            Some(title.as_str())
        );
        let url = meta(&r.body, "og:url").unwrap_or_default();
        assert!(url.starts_with("http://"), "{host}{path}: og:url {url:?}");
        assert!(meta(&r.body, "og:description").is_some_and(|d| !d.is_empty()));
        assert!(meta(&r.body, "og:site_name").is_some());
        assert!(meta(&r.body, "twitter:card").is_some());
    }
    let en = anon.get("localhost", "/en/").await.body;
    assert_eq!(meta(&en, "og:locale").as_deref(), Some("en_US"));
}
on_both_backends!(every_public_page_has_open_graph_and_twitter_meta);

async fn home_pages_say_which_government_organisation_they_are(backend: Backend) {
    let Some(t) = app(backend) else {
        return;
    };
    let anon = t.anon();
    let province = json_ld(&anon.get("localhost", "/").await.body);
    assert_eq!(province.len(), 1);
    assert_eq!(province[0]["@type"], "GovernmentOrganization");
    assert_eq!(province[0]["name"], "Cổng thông tin điện tử tỉnh Sơn Hà");
    assert!(province[0].get("parentOrganization").is_none());
    let department = json_ld(&anon.get("skhcn.localhost", "/en/").await.body);
    assert_eq!(department[0]["@type"], "GovernmentOrganization");
    assert_eq!(
        department[0]["name"],
        "Son Ha Department of Science and Technology"
    );
    assert_eq!(department[0]["inLanguage"], "en");
    assert_eq!(department[0]["url"], "http://skhcn.localhost/en/");
    assert_eq!(
        department[0]["parentOrganization"]["url"],
        "http://localhost"
    );
    assert!(department[0]["email"]
        .as_str()
        .is_some_and(|e| e.contains('@')));
}
on_both_backends!(home_pages_say_which_government_organisation_they_are);

async fn news_is_a_news_article_until_it_is_withdrawn(backend: Backend) {
    let Some(t) = app(backend) else {
        return;
    };
    let anon = t.anon();
    let path = item_path(
        &anon,
        "localhost",
        "news",
        "vi",
        "thong-cao-mua-lu-thang-11",
    )
    .await;
    let page = anon.get("localhost", &path).await.body;
    let data = json_ld(&page);
    assert_eq!(data.len(), 1, "{page}");
    let article = &data[0];
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(
        article["headline"],
        "Thông cáo báo chí về tình hình mưa lũ và công tác khắc phục hậu quả"
    );
    assert_eq!(article["url"], format!("http://localhost{path}"));
    assert!(article["datePublished"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-14T"));
    assert!(article["author"]["name"]
        .as_str()
        .is_some_and(|a| !a.is_empty()));
    assert!(article["image"]["url"]
        .as_str()
        .unwrap()
        .starts_with("http://localhost/tep/"));
    assert_eq!(meta(&page, "og:type").as_deref(), Some("article"));
    assert!(meta(&page, "og:image").is_some_and(|i| i.starts_with("http://localhost/tep/")));
    assert_eq!(
        meta(&page, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    // Withdrawn: still readable with its note, no longer offered as news.
    let id: i32 = path["/tin-tuc/".len()..]
        .split('-')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    cong::content::store::set_state(
        &mut t.conn(),
        ContentId(id),
        ContentState::Withdrawn,
        Some("Thông tin đã được cập nhật"),
        now,
    )
    .unwrap();
    let withdrawn = anon.get("localhost", &path).await;
    assert_eq!(withdrawn.status, 200);
    assert!(json_ld(&withdrawn.body).is_empty(), "{}", withdrawn.body);
}
on_both_backends!(news_is_a_news_article_until_it_is_withdrawn);

async fn legal_documents_are_legislation_with_their_number_symbol_and_force(backend: Backend) {
    let Some(t) = app(backend) else {
        return;
    };
    let anon = t.anon();
    let list = anon.get("localhost", "/van-ban").await.body;
    let path = first_link(&list, "/van-ban/");
    let page = anon.get("localhost", &path).await.body;
    let data = json_ld(&page);
    assert_eq!(data.len(), 1, "{path}");
    let law = &data[0];
    assert_eq!(law["@type"], "Legislation");
    let symbol = law["legislationIdentifier"].as_str().unwrap().to_string();
    assert!(symbol.contains('/'), "a number-symbol: {symbol}");
    assert!(page.contains(&symbol));
    let date = law["legislationDate"].as_str().unwrap();
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "{date}"
    );
    let force = law["legislationLegalForce"].as_str().unwrap();
    assert!([
        "https://schema.org/InForce",
        "https://schema.org/NotInForce",
        "https://schema.org/PartiallyInForce"
    ]
    .contains(&force));
    // The status tag on the page says the same.
    if force.ends_with("/InForce") {
        assert!(page.contains("Còn hiệu lực"), "{page}");
    }
    assert!(law["legislationPassedBy"][0]["name"].as_str().is_some());
    // Withdrawn: no data.
    let id: i32 = path["/van-ban/".len()..]
        .split('-')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    cong::content::store::set_state(
        &mut t.conn(),
        ContentId(id),
        ContentState::Withdrawn,
        Some("Đính chính"),
        now,
    )
    .unwrap();
    let withdrawn = anon.get("localhost", &path).await;
    assert_eq!(withdrawn.status, 200);
    assert!(json_ld(&withdrawn.body).is_empty());
    // Procedures keep their GovernmentService.
    let services = anon.get("localhost", "/thu-tuc-hanh-chinh").await.body;
    let procedure = anon
        .get("localhost", &first_link(&services, "/thu-tuc-hanh-chinh/"))
        .await
        .body;
    assert_eq!(json_ld(&procedure)[0]["@type"], "GovernmentService");
}
on_both_backends!(legal_documents_are_legislation_with_their_number_symbol_and_force);

async fn home_pages_list_documents_services_and_answers_beside_the_news(backend: Backend) {
    let Some(t) = app(backend) else {
        return;
    };
    // What `serve --demo` adds: its accounts, and the question they answered.
    let (directory, now) = (
        t.state.sites.current(),
        cong::clock::Clock::now(t.clock.as_ref()).naive_utc(),
    );
    cong::account::demo::ensure(&mut t.conn(), &directory, now).unwrap();
    cong::inbox::demo::answer(&mut t.conn(), &directory, &t.state.config.inbox, now).unwrap();
    let anon = t.anon();
    for host in ["localhost", "skhcn.localhost"] {
        let home = anon.get(host, "/").await.body;
        let legal = home
            .split("id=\"home-legal\"")
            .nth(1)
            .and_then(|s| s.split("</section>").next())
            .unwrap_or_else(|| panic!("{host}: no legal section"));
        assert!(
            legal.contains("class=\"symbol\"") && legal.contains("class=\"tag "),
            "{host}: {legal}"
        );
        let services = home
            .split("id=\"home-services\"")
            .nth(1)
            .and_then(|s| s.split("</section>").next())
            .unwrap();
        assert!(
            services.contains("role=\"search\"")
                && services.contains("name=\"kind\" value=\"service\"")
        );
        assert!(
            services.matches("href=\"").count() >= 3,
            "{host}: {services}"
        );
        let answers = home
            .split("id=\"home-answers\"")
            .nth(1)
            .and_then(|s| s.split("</section>").next())
            .unwrap();
        // The demo's answered question is the science department's, shown on the portal too.
        assert!(
            answers.contains("skhcn.localhost/hoi-dap/") || answers.contains("href=\"/hoi-dap/"),
            "{host}: {answers}"
        );
    }
    // The portal links to every department's and commune's site.
    let home = anon.get("localhost", "/").await.body;
    for site in ["skhcn", "sxd", "tanphu", "hathanh"] {
        assert!(home.contains(&format!("http://{site}.localhost")), "{site}");
    }
}
on_both_backends!(home_pages_list_documents_services_and_answers_beside_the_news);
