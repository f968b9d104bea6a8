//! Items 10 and 11 of the review: who may fetch a file of the library, and the clean-up
//! that must not take a citizen's attachment.

use actix_web::test;
use cong::clock::Clock;
use sha2::{Digest, Sha256};

use super::{ask_fields, ask_request, multipart, PDF};
use crate::common::{site_id, TestApp};

/// Puts bytes in a site's library, as uploaded at `at`.
fn upload(
    t: &TestApp,
    slug: &str,
    bytes: &[u8],
    at: chrono::NaiveDateTime,
) -> cong::media::library::MediaFile {
    let dir = t.state.config.temp_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let temp = dir.join(format!(
        "upload-test-{}",
        hex::encode(rand::random::<[u8; 4]>())
    ));
    std::fs::write(&temp, bytes).unwrap();
    let by = cong::account::audit::Entry::named(None, "test", cong::account::audit::Via::Cli);
    cong::media::library::ingest(
        &mut t.conn(),
        t.state.files.as_ref(),
        cong::media::library::Upload {
            temp: &temp,
            sha256: hex::encode(Sha256::digest(bytes)),
            size: bytes.len() as u64,
            original_name: "Dự thảo kế hoạch.pdf".into(),
            site: site_id(t, slug),
            alt_text: String::new(),
        },
        &by,
        &t.state.config.media,
        at,
    )
    .unwrap()
}

fn signed_get(path: &str, cookie: &str) -> test::TestRequest {
    test::TestRequest::get()
        .uri(path)
        .insert_header(("host", "localhost"))
        .insert_header(("cookie", cookie))
}

#[actix_web::test]
async fn an_unused_upload_is_private_until_published_content_uses_it() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let now = t.clock.now().naive_utc();
    let file = upload(&t, "skhcn", PDF, now);
    let url = file.url();
    let app = t.anon();
    // Nobody outside the board learns that it exists, nor its name.
    assert_eq!(app.get("skhcn.localhost", &url).await.status, 404);
    let wrong = app
        .get("skhcn.localhost", &format!("/tep/{}/x.pdf", file.id))
        .await;
    assert_eq!((wrong.status, wrong.header("location")), (404, ""));
    // A member of its site gets it, never cached by the way.
    let member = t.user("khac");
    let seen = app.send(signed_get(&url, &member.cookie)).await;
    assert_eq!(seen.status, 200);
    assert_eq!(seen.header("cache-control"), "private, no-store");
    let outsider = t.user("soantin");
    assert_eq!(
        app.send(signed_get(&url, &outsider.cookie)).await.status,
        404
    );
    // The preview link of a draft that uses it opens it, without an account.
    let actor = cong::account::store::actor(
        &mut t.conn(),
        cong::account::store::find_id(&mut t.conn(), "khac")
            .unwrap()
            .unwrap(),
    )
    .unwrap()
    .unwrap();
    let form = cong::review::store::RevisionForm {
        title: "Dự thảo kế hoạch năm 2027".into(),
        body_markdown: format!("Xem [dự thảo]({url})."),
        author: "Ban biên tập".into(),
        source: "Sở Khoa học và Công nghệ".into(),
        ..Default::default()
    };
    let new = |key| cong::review::store::NewItem {
        site: site_id(&t, "skhcn"),
        kind: cong::content::ContentKind::News,
        lang: cong::lang::Lang::Vi,
        translation_key: key,
    };
    let (_, draft) =
        cong::review::store::create_item(&mut t.conn(), new("du-thao"), &form, &actor, now)
            .unwrap();
    let other_form = cong::review::store::RevisionForm {
        body_markdown: "Không có tệp.".into(),
        ..form.clone()
    };
    let (_, other) =
        cong::review::store::create_item(&mut t.conn(), new("khac-bai"), &other_form, &actor, now)
            .unwrap();
    let expires = t.clock.now().timestamp() + 3600;
    let token = |r| cong::review::preview::token(&t.state.secret, r, expires);
    let preview = app
        .get("localhost", &format!("/admin/preview/{}", token(draft)))
        .await;
    assert_eq!(preview.status, 200);
    assert!(preview
        .body
        .contains(&format!("{url}?xem={}", token(draft))));
    let by_link = app
        .get("skhcn.localhost", &format!("{url}?xem={}", token(draft)))
        .await;
    assert_eq!(by_link.status, 200);
    assert_eq!(by_link.header("cache-control"), "private, no-store");
    let by_other = app
        .get("skhcn.localhost", &format!("{url}?xem={}", token(other)))
        .await;
    assert_eq!(by_other.status, 404);
    // Published content uses it: public from then on.
    let news = crate::common::news(
        site_id(&t, "skhcn"),
        "ke-hoach",
        "Kế hoạch năm 2027",
        &format!("Toàn văn: [kế hoạch]({url})."),
    );
    cong::content::store::save(&mut t.conn(), &news, now).unwrap();
    let public = app.get("skhcn.localhost", &url).await;
    assert_eq!(public.status, 200);
    assert!(public.header("cache-control").starts_with("public"));
}

#[actix_web::test]
async fn the_clean_up_keeps_a_file_a_citizen_attached() {
    let t = TestApp::new();
    let app = t.anon();
    let (ct, body) = multipart(&ask_fields("hoa@example.vn", &[]), &[("giay-to.pdf", PDF)]);
    let asked = app
        .send(
            ask_request("localhost", "203.0.113.80")
                .insert_header(("content-type", ct))
                .set_payload(body),
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    // The same bytes uploaded to the library long ago and never used.
    let now = t.clock.now().naive_utc();
    let stale = upload(&t, "sonha", PDF, now - chrono::Duration::days(40));
    let removed = cong::media::library::clean_up(
        &mut t.conn(),
        t.state.files.as_ref(),
        now - chrono::Duration::days(30),
    )
    .unwrap();
    assert!(removed >= 1);
    assert!(cong::media::library::find(&mut t.conn(), stale.id())
        .unwrap()
        .is_none());
    assert!(
        t.state.files.exists(&stale.sha256),
        "the attachment's file was deleted with the unused upload"
    );
}
