//! Sitemaps, robots.txt and Atom feeds: valid XML, and nothing a reader may not see.

use cong::content::store::{list_published, set_state, ListQuery};
use cong::content::{ContentKind, ContentState};
use cong::lang::Lang;

use crate::common::TestApp;

/// Every `loc` or `href` of an XML document, after checking that it parses.
fn links(xml: &str) -> Vec<String> {
    let doc =
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("invalid XML ({e}):\n{xml}"));
    doc.descendants()
        .filter_map(|n| {
            if n.has_tag_name("loc") || n.has_tag_name("id") {
                n.text().map(str::to_string)
            } else {
                n.attribute("href").map(str::to_string)
            }
        })
        .collect()
}

#[actix_web::test]
async fn sitemaps_and_feeds_list_public_items_only_as_valid_xml() {
    let t = TestApp::new();
    let site = t.state.sites.current().by_slug("skhcn").unwrap().id;
    let now = crate::common::start_time().naive_utc();
    let news = list_published(
        &mut t.conn(),
        &ListQuery {
            site: Some(site),
            lang: Lang::Vi,
            kind: ContentKind::News,
            page: 1,
            per_page: 50,
            now,
            on_portal_only: false,
            categories: None,
        },
    )
    .unwrap()
    .items;
    assert!(news.len() >= 3);
    let path = |i: usize| format!("/tin-tuc/{}-{}", news[i].id.0, news[i].slug);
    set_state(&mut t.conn(), news[0].id, ContentState::Draft, None, now).unwrap();
    set_state(
        &mut t.conn(),
        news[1].id,
        ContentState::Withdrawn,
        Some("Thay thế"),
        now,
    )
    .unwrap();
    let (draft, withdrawn, kept) = (path(0), path(1), path(2));
    // Withdrawn stays readable at its address; it is only no longer promoted.
    assert_eq!(
        t.anon().get("skhcn.localhost", &withdrawn).await.status,
        200
    );

    let r = t.anon().get("skhcn.localhost", "/sitemap.xml").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("application/xml"));
    let urls = links(&r.body);
    assert!(
        urls.iter()
            .all(|u| u.starts_with("http://skhcn.localhost/")),
        "{urls:?}"
    );
    assert!(
        urls.contains(&format!("http://skhcn.localhost{kept}")),
        "{urls:?}"
    );
    assert!(urls.contains(&"http://skhcn.localhost/".to_string()));
    for hidden in [&draft, &withdrawn] {
        assert!(!r.body.contains(hidden.as_str()), "{hidden} in\n{}", r.body);
    }
    assert!(r.body.contains("<lastmod>2026-"), "{}", r.body);
    assert!(
        r.body
            .contains(r#"hreflang="en" href="http://skhcn.localhost/en/news/"#),
        "{}",
        r.body
    );
    assert_eq!(
        t.anon()
            .get("skhcn.localhost", "/sitemap-2.xml")
            .await
            .status,
        404
    );

    let feed = t.anon().get("skhcn.localhost", "/tin-tuc/feed.atom").await;
    assert_eq!(feed.status, 200);
    assert!(feed
        .header("content-type")
        .starts_with("application/atom+xml"));
    let entries = links(&feed.body);
    assert!(
        entries.contains(&format!("http://skhcn.localhost{kept}")),
        "{entries:?}"
    );
    for hidden in [&draft, &withdrawn] {
        assert!(
            !feed.body.contains(hidden.as_str()),
            "{hidden} in\n{}",
            feed.body
        );
    }
    let en = t.anon().get("skhcn.localhost", "/en/news/feed.atom").await;
    assert!(
        links(&en.body).iter().any(|u| u.contains("/en/news/")),
        "{}",
        en.body
    );
    assert!(en.body.contains(r#"xml:lang="en""#));

    let answers = t.anon().get("skhcn.localhost", "/hoi-dap/feed.atom").await;
    assert_eq!(answers.status, 200);
    assert!(
        links(&answers.body)
            .iter()
            .any(|u| u.starts_with("http://skhcn.localhost/hoi-dap/")),
        "the demo's published answer:\n{}",
        answers.body
    );
}

#[actix_web::test]
async fn robots_keep_search_and_admin_out_and_name_the_sitemap() {
    let t = TestApp::new();
    let r = t.anon().get("sxd.localhost", "/robots.txt").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/plain"));
    for line in [
        "Disallow: /tim-kiem",
        "Disallow: /en/search",
        "Disallow: /admin",
    ] {
        assert!(
            r.body.lines().any(|l| l == line),
            "{line} missing:\n{}",
            r.body
        );
    }
    assert!(
        r.body.contains("Sitemap: http://sxd.localhost/sitemap.xml"),
        "{}",
        r.body
    );
}
