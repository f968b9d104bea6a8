//! A news item's cover image (ảnh đại diện): chosen in the editor from the site's media
//! library, reviewed with the text, shown on the cards and the page with its caption and
//! credit, as an `<img>` with the `srcset` of its renditions.

use cong::content::ContentId;
use cong::media::library;

use crate::common::{item_path, site_id, through_review, Backend, Setup, TestApp};

fn app(backend: Backend) -> Option<TestApp> {
    let t = TestApp::with(Setup {
        backend,
        ..Setup::default()
    })?;
    crate::admin::board(&t);
    Some(t)
}

/// The number of cards with a picture on a page, each picture with a `srcset`.
fn pictured_cards(body: &str) -> usize {
    body.split("<li class=\"card\">")
        .skip(1)
        .filter(|card| {
            let card = card.split("</li>").next().unwrap_or("");
            card.contains("class=\"card-image\"") && card.contains("srcset=\"/tep/")
        })
        .count()
}

async fn the_demo_home_shows_news_with_pictures_and_the_page_credits_them(backend: Backend) {
    let Some(t) = app(backend) else {
        return;
    };
    let anon = t.anon();
    let home = anon.get("localhost", "/").await;
    assert!(pictured_cards(&home.body) >= 3, "{}", home.body);
    assert!(home.body.contains("320w.webp 320w"));
    let path = item_path(
        &anon,
        "localhost",
        "news",
        "vi",
        "thong-cao-mua-lu-thang-11",
    )
    .await;
    let page = anon.get("localhost", &path).await.body;
    let figure = page
        .split("<figure class=\"figure\">")
        .nth(1)
        .and_then(|f| f.split("</figure>").next())
        .unwrap_or_else(|| panic!("no cover figure: {page}"));
    assert!(
        figure.contains("srcset=\"/tep/") && figure.contains("1024w"),
        "{figure}"
    );
    assert!(figure.contains("alt=\"Hình minh họa: mưa lớn"));
    assert!(figure.contains("Mưa lớn kéo dài làm nước sông dâng cao"));
    assert!(figure.contains("hình vẽ minh họa CC0"));
    // The English translation has the same cover.
    let en = item_path(
        &anon,
        "localhost",
        "news",
        "en",
        "thong-cao-mua-lu-thang-11",
    )
    .await;
    assert!(anon
        .get("localhost", &en)
        .await
        .body
        .contains("<figure class=\"figure\">"));
    // A cover in use is never cleaned up, and is public.
    let media = figure
        .split("/tep/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse::<i32>().ok())
        .expect("the cover's id");
    let used = library::used_by(&mut t.conn(), cong::media::MediaId(media)).unwrap();
    assert!(!used.is_empty());
    assert_eq!(
        anon.get("localhost", &format!("/tep/{media}/640w.webp"))
            .await
            .status,
        200
    );
}
on_both_backends!(the_demo_home_shows_news_with_pictures_and_the_page_credits_them);

async fn a_cover_is_chosen_in_the_editor_and_published_through_review(backend: Backend) {
    let Some(t) = app(backend) else {
        return;
    };
    let (author, editor, head) = (t.user("soantin"), t.user("bientap"), t.user("truongban"));
    let sonha = site_id(&t, "sonha");
    let pictures = library::images(&mut t.conn(), sonha, 10).unwrap();
    let cover = pictures
        .first()
        .expect("the demo's pictures")
        .id
        .to_string();
    // The editor offers the library's pictures as radios, with their alternative text.
    let form = author.get("/admin/sites/sonha/content/new?kind=news").await;
    assert_eq!(form.status, 200);
    assert!(form
        .body
        .contains(&format!("name=\"cover\" value=\"{cover}\"")));
    assert!(form.body.contains("class=\"md-toolbar\""));
    let fields = |cover: &'static str| {
        vec![
            ("kind", "news"),
            ("lang", "vi"),
            ("title", "Ảnh đại diện cho tin mới"),
            ("body_markdown", "Nội dung tin."),
            ("author", "Nguyễn Thị Soạn"),
            ("source", "Văn phòng UBND tỉnh"),
            ("action", "save"),
            ("cover", cover),
        ]
    };
    // Not a picture of this site's library: refused with its reason, nothing stored.
    let skhcn_picture = {
        let other = site_id(&t, "skhcn");
        let png = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/covers/mua-lu.png"),
        )
        .unwrap();
        let entry =
            cong::account::audit::Entry::named(None, "test", cong::account::audit::Via::Cli);
        let library = cong::media::bytes::Library {
            files: t.state.files.as_ref(),
            entry: &entry,
            limits: &t.state.config.media,
        };
        let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
        library
            .store_with_alt(&mut t.conn(), &png, "lu.png", "Lũ", other, now)
            .unwrap()
            .id
            .to_string()
    };
    let before = cong::content::store::list_all(&mut t.conn(), sonha, None, None, 1, 1)
        .unwrap()
        .1;
    for bad in [skhcn_picture.as_str(), "abc", "999999"] {
        let bad: &'static str = Box::leak(bad.to_string().into_boxed_str());
        let r = author
            .post_form("/admin/sites/sonha/content/new", &fields(bad))
            .await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
        assert!(
            r.body
                .contains("Ảnh đại diện phải là một ảnh trong thư viện của trang này"),
            "{bad}"
        );
    }
    let after = cong::content::store::list_all(&mut t.conn(), sonha, None, None, 1, 1)
        .unwrap()
        .1;
    assert_eq!(before, after, "a refused form stores nothing");
    let cover: &'static str = Box::leak(cover.into_boxed_str());
    let created = author
        .post_form("/admin/sites/sonha/content/new", &fields(cover))
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let content = crate::common::last_id(&created);
    let revision =
        cong::review::store::revisions(&mut t.conn(), ContentId(content)).unwrap()[0].clone();
    assert_eq!(
        revision.cover_media_id.map(|c| c.to_string()).as_deref(),
        Some(cover)
    );
    // The draft is not public, nor is its cover shown anywhere yet.
    let anon = t.anon();
    assert_eq!(
        anon.get(
            "localhost",
            &format!("/tin-tuc/{content}-anh-dai-dien-cho-tin-moi")
        )
        .await
        .status,
        404
    );
    // Editing starts from the chosen cover.
    let edit = author
        .get(&format!("/admin/content/{content}/edit"))
        .await
        .body;
    assert!(edit.contains(&format!("value=\"{cover}\" checked")));
    let published = through_review([&author, &editor, &head], revision.id).await;
    assert_eq!(published.status, 303);
    let page = anon
        .get(
            "localhost",
            &format!("/tin-tuc/{content}-anh-dai-dien-cho-tin-moi"),
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("srcset=\"/tep/{cover}/")),
        "{}",
        page.body
    );
    let list = anon.get("localhost", "/tin-tuc").await.body;
    assert!(pictured_cards(&list) >= 1);
}
on_both_backends!(a_cover_is_chosen_in_the_editor_and_published_through_review);
