//! The generic public flows of every kind of record with pages of its own: its list on the
//! province portal and on a site, an item's canonical address, and its API resource. Every
//! kind registered in `cong::kinds` is checked by the same rules, so a new kind is covered by
//! being registered.

use cong::clock::Clock;
use cong::content::ContentKind;
use cong::record::form::FormKind;
use cong::record::public::PublicKind;
use cong::record::{Paths, RecordKind, Visitor};

use crate::common::*;

/// A registered kind with public pages, as the routes see it.
struct Public {
    kind: ContentKind,
    paths: Paths,
    api: &'static str,
}

#[derive(Default)]
struct Kinds(Vec<Public>);

impl Visitor for Kinds {
    fn record<K: RecordKind>(&mut self) {}

    fn pages<K: PublicKind>(&mut self) {
        self.0.push(Public {
            kind: K::KIND,
            paths: K::PATHS,
            api: K::API_PATH,
        });
    }
}

fn public_kinds() -> Vec<Public> {
    let mut kinds = Kinds::default();
    cong::kinds::each(&mut kinds);
    kinds.0
}

/// The host and path of an absolute URL.
fn host_and_path(url: &str) -> (String, String) {
    let rest = url
        .split_once("://")
        .unwrap_or_else(|| panic!("{url} is not absolute"))
        .1;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    (
        host.split(':').next().unwrap_or("").to_string(),
        path.to_string(),
    )
}

/// The id of a published news item of the portal: an id of another kind.
async fn a_news_id(app: &Client) -> i64 {
    app.get("localhost", "/api/v1/news").await.json()["results"][0]["id"]
        .as_i64()
        .expect("the demo has news")
}

#[actix_web::test]
async fn every_kind_lists_its_items_in_both_languages_on_the_portal_and_on_a_site() {
    let t = TestApp::new();
    let app = t.anon();
    let kinds = public_kinds();
    assert!(
        kinds.len() >= 2,
        "legal documents and procedures have pages"
    );
    for k in &kinds {
        for (host, lang) in [
            ("localhost", "vi"),
            ("localhost", "en"),
            ("skhcn.localhost", "vi"),
        ] {
            let path = match lang {
                "vi" => k.paths.vi,
                _ => k.paths.en,
            };
            let list = app.get(host, path).await;
            assert_eq!(list.status, 200, "{host}{path}: {}", list.body);
            assert_eq!(list.header("content-language"), lang);
        }
        // A page past the last is unknown; paging numbers that make no sense are refused.
        let past = app
            .get("localhost", &format!("{}?page=9999", k.paths.vi))
            .await;
        assert_eq!(past.status, 404, "{}", k.paths.vi);
        let bad = app
            .get("localhost", &format!("{}?page=abc", k.paths.vi))
            .await;
        assert_eq!(bad.status, 400, "{}", k.paths.vi);
    }
}

#[actix_web::test]
async fn every_kind_answers_its_api_list_in_the_envelope_with_absolute_urls() {
    let t = TestApp::new();
    let app = t.anon();
    for k in public_kinds() {
        let api = format!("/api/v1/{}", k.api);
        // Unknown parameters are ignored, never a 400.
        let list = app
            .get("localhost", &format!("{api}?per_page=5&utm_source=x"))
            .await;
        assert_eq!(list.status, 200, "{api}: {}", list.body);
        let body = list.json();
        for key in ["results", "total", "page", "per_page"] {
            assert!(body.get(key).is_some(), "{api} has no {key}: {body}");
        }
        assert_eq!(body["per_page"], 5);
        let results = body["results"].as_array().unwrap();
        assert!(!results.is_empty(), "the demo has {}", k.kind);
        for r in results {
            let url = r["url"].as_str().unwrap();
            assert!(url.starts_with("http://"), "{api}: {url}");
            assert_eq!(r["lang"], "vi");
        }
        // The portal aggregates every site; `site=` narrows to one, `lang=` chooses.
        let all = body["total"].as_i64().unwrap();
        let site = results[0]["site"].as_str().unwrap().to_string();
        let narrowed = app
            .get("localhost", &format!("{api}?site={site}"))
            .await
            .json();
        assert!(narrowed["total"].as_i64().unwrap() <= all);
        // A site lists its own items (and those it is asked to show too, legal documents).
        let narrowed = narrowed["results"].as_array().unwrap();
        assert!(
            narrowed.iter().any(|r| r["site"] == site.as_str()),
            "{api}?site={site}"
        );
        let english = app.get("localhost", &format!("{api}?lang=en")).await;
        assert_eq!(english.status, 200);
        for r in english.json()["results"].as_array().unwrap() {
            assert_eq!(r["lang"], "en");
        }
        for bad in ["lang=fr", "site=nowhere", "per_page=1000"] {
            let r = app.get("localhost", &format!("{api}?{bad}")).await;
            assert_eq!(r.status, 400, "{api}?{bad}");
            assert_eq!(r.json()["error"]["code"], "bad_request", "{api}?{bad}");
        }
    }
}

#[actix_web::test]
async fn every_kind_resolves_an_item_by_id_and_slug_and_nothing_else() {
    let t = TestApp::new();
    let app = t.anon();
    let news = a_news_id(&app).await;
    for k in public_kinds() {
        let list = app
            .get("localhost", &format!("/api/v1/{}", k.api))
            .await
            .json();
        let first = &list["results"][0];
        let (host, path) = host_and_path(first["url"].as_str().unwrap());
        let page = app.get(&host, &path).await;
        assert_eq!(page.status, 200, "{host}{path}: {}", page.body);
        // A wrong slug moves permanently to the canonical address.
        let id = first["id"].as_i64().unwrap();
        let wrong = app
            .get(&host, &format!("{}/{id}-wrong-slug", k.paths.vi))
            .await;
        assert_eq!(wrong.status, 301, "{}", k.paths.vi);
        assert_eq!(location(&wrong), path);
        // The print view, when the kind has one, is the same item.
        if page.body.contains("?print=1") {
            let printed = app.get(&host, &format!("{path}?print=1")).await;
            assert_eq!(printed.status, 200);
        }
        // Another kind's id is unknown under this kind's path, on the page and in the API.
        let other = app
            .get("localhost", &format!("{}/{news}-x", k.paths.vi))
            .await;
        assert_eq!(other.status, 404, "{}/{news}", k.paths.vi);
        let missing = app
            .get("localhost", &format!("{}/999999-x", k.paths.vi))
            .await;
        assert_eq!(missing.status, 404);
    }
    let other = app
        .get("localhost", &format!("/api/v1/legal/documents/{news}"))
        .await;
    assert_eq!(other.status, 404);
}

#[actix_web::test]
async fn an_unpublished_item_is_gone_from_its_page_its_api_and_its_list() {
    let t = TestApp::new();
    let app = t.anon();
    let list = app
        .get("localhost", "/api/v1/legal/documents?per_page=100")
        .await
        .json();
    let first = &list["results"][0];
    let id = first["id"].as_i64().unwrap() as i32;
    let total = list["total"].as_i64().unwrap();
    let (host, path) = host_and_path(first["url"].as_str().unwrap());
    let now = t.clock.now().naive_utc();
    cong::content::store::set_state(
        &mut t.conn(),
        cong::content::ContentId(id),
        cong::content::ContentState::Unpublished,
        Some("Gỡ bỏ theo quyết định của Ban biên tập."),
        now,
    )
    .unwrap();
    let page = app.get(&host, &path).await;
    assert_eq!(page.status, 410);
    assert!(page
        .body
        .contains("Gỡ bỏ theo quyết định của Ban biên tập."));
    let api = app
        .get("localhost", &format!("/api/v1/legal/documents/{id}"))
        .await;
    assert_eq!(api.status, 410);
    let after = app
        .get("localhost", "/api/v1/legal/documents?per_page=100")
        .await
        .json();
    assert_eq!(after["total"].as_i64().unwrap(), total - 1);
}

/// The registered kinds with the generic admin form, and the word of its addresses.
#[derive(Default)]
struct Forms(Vec<(ContentKind, &'static str)>);

impl Visitor for Forms {
    fn record<K: RecordKind>(&mut self) {}

    fn form<K: FormKind>(&mut self) {
        self.0.push((K::KIND, K::ADMIN_PATH));
    }
}

fn items_of(t: &TestApp, kind: ContentKind) -> i64 {
    let site = site_id(t, "sonha");
    cong::content::store::list_all(&mut t.conn(), site, Some(kind), None, 1, 1)
        .unwrap()
        .1
}

#[actix_web::test]
async fn every_kind_with_a_form_refuses_an_empty_one_and_stores_nothing() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let author = t.user("soantin");
    let mut forms = Forms::default();
    cong::kinds::each(&mut forms);
    assert!(
        forms.0.len() >= 2,
        "legal documents and procedures have forms"
    );
    for (kind, word) in forms.0 {
        let new = format!("/admin/sites/sonha/{word}/new");
        let blank = author.get(&new).await;
        assert_eq!(blank.status, 200, "{new}: {}", blank.body);
        let before = items_of(&t, kind);
        let refused = author.post_form(&new, &[("lang", "vi")]).await;
        assert_eq!(refused.status, 422, "{new}: {}", refused.body);
        assert!(refused.body.contains("field-error") || refused.body.contains("error"));
        assert_eq!(items_of(&t, kind), before, "{new} stored a refused form");
        // Someone without the site's rights may not even see the form.
        let other = t.user("khac").get(&new).await;
        assert_eq!(other.status, 403, "{new}");
    }
}

#[actix_web::test]
async fn every_kind_with_a_form_edits_its_items_from_the_stored_record() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let author = t.user("soantin");
    let mut forms = Forms::default();
    cong::kinds::each(&mut forms);
    for (kind, word) in forms.0 {
        let site = site_id(&t, "sonha");
        let (items, _) =
            cong::content::store::list_all(&mut t.conn(), site, Some(kind), None, 1, 1).unwrap();
        let item = items
            .first()
            .unwrap_or_else(|| panic!("the demo has {kind}"));
        let edit = format!("/admin/sites/sonha/{word}/{}/edit", item.id.0);
        let form = author.get(&edit).await;
        assert_eq!(form.status, 200, "{edit}: {}", form.body);
        // The generic editor sends the item to this form.
        let generic = author
            .get(&format!("/admin/content/{}/edit", item.id.0))
            .await;
        assert_eq!(generic.status, 303);
        assert!(
            location(&generic).ends_with(&edit),
            "{}",
            location(&generic)
        );
        // Another kind's item is not edited through this kind's form.
        let news = cong::content::store::list_all(
            &mut t.conn(),
            site,
            Some(ContentKind::News),
            None,
            1,
            1,
        )
        .unwrap()
        .0;
        let wrong = format!("/admin/sites/sonha/{word}/{}/edit", news[0].id.0);
        assert_eq!(author.get(&wrong).await.status, 404, "{wrong}");
    }
}
