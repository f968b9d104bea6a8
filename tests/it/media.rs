//! The media library with real files: typed by content, images cleaned and resized,
//! decompression bombs refused, large uploads streamed and refused, downloads with hash
//! ETags, ranges and Vietnamese file names.

use actix_web::test;
use cong::account::audit::{Entry, Via};
use cong::clock::Clock;
use cong::media::library::{self, Upload};

use crate::common::{account, site_id, Client, Multipart, Reply, TestApp, User};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture")
}

/// A signed-in contributor on the province portal.
fn contributor(t: &TestApp) -> User {
    account(
        t,
        "anh",
        false,
        &[("sonha", cong::account::Role::Contributor)],
    );
    t.user("anh")
}

/// Files uploaded to the province portal's library, with an alternative text.
async fn upload(who: &User, alt: &str, files: &[(&str, Vec<u8>)]) -> Reply {
    let body = files
        .iter()
        .fold(Multipart::new().field("alt", alt), |m, (name, bytes)| {
            m.file("files", name, bytes)
        });
    who.post_multipart("/admin/sites/sonha/media", body).await
}

/// Publishes a news item linking to these files: from then on they are public (an unused
/// upload is served only to the site's board).
fn publish_using(t: &TestApp, files: &[&library::MediaFile]) {
    let body: Vec<String> = files
        .iter()
        .map(|f| format!("[tệp]({})", f.url()))
        .collect();
    let news = crate::common::news(
        site_id(t, "sonha"),
        &format!("dung-tep-{}", files[0].id),
        "Tin dùng tệp",
        &body.join(" "),
    );
    cong::content::store::save(&mut t.conn(), &news, t.clock.now().naive_utc()).unwrap();
}

fn newest(t: &TestApp) -> library::MediaFile {
    library::list(&mut t.conn(), site_id(t, "sonha"), "", 1, 1)
        .unwrap()
        .0
        .remove(0)
}

async fn fetch(
    app: &Client,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, actix_web::http::header::HeaderMap, Vec<u8>) {
    let mut req = test::TestRequest::get()
        .uri(path)
        .insert_header(("host", "localhost"));
    for h in headers {
        req = req.insert_header(*h);
    }
    let r = app.send(req).await;
    (r.status, r.headers, r.bytes)
}

#[actix_web::test]
async fn a_photo_is_turned_upright_and_loses_its_location() {
    let t = TestApp::new();
    let who = contributor(&t);
    let app = t.anon();
    let without_alt = upload(
        &who,
        "",
        &[("Ảnh hội nghị.jpg", fixture("gps-rotated.jpg"))],
    )
    .await;
    assert_eq!(without_alt.status, 422);
    assert!(without_alt.body.contains("Ảnh cần có văn bản thay thế"));
    let ok = upload(
        &who,
        "Quang cảnh hội nghị",
        &[("Ảnh hội nghị.jpg", fixture("gps-rotated.jpg"))],
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let file = newest(&t);
    assert_eq!(
        (file.width, file.height),
        (Some(32), Some(64)),
        "EXIF orientation 6 applied"
    );
    assert_eq!(file.stored_name, "anh-hoi-nghi.jpg");
    publish_using(&t, &[&file]);
    let (status, headers, served) = fetch(&app, &file.url(), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(headers.get("content-type").unwrap(), "image/jpeg");
    for leak in [&b"Exif"[..], b"Canon", b"GPS"] {
        assert!(
            !served.windows(leak.len()).any(|w| w == leak),
            "{:?} still served",
            String::from_utf8_lossy(leak)
        );
    }
    let image = image::load_from_memory(&served).unwrap();
    assert_eq!((image.width(), image.height()), (32, 64));
    // The original upload is kept (with its metadata) but never served.
    assert!(t.state.files.exists(&file.sha256));
    assert_ne!(file.sha256, file.served_sha256);
}

#[actix_web::test]
async fn transparency_survives_and_text_chunks_do_not() {
    let t = TestApp::new();
    let who = contributor(&t);
    let app = t.anon();
    assert_eq!(
        upload(
            &who,
            "Ô màu xanh",
            &[("nen-trong.png", fixture("transparent.png"))]
        )
        .await
        .status,
        200
    );
    publish_using(&t, &[&newest(&t)]);
    let (_, headers, served) = fetch(&app, &newest(&t).url(), &[]).await;
    assert_eq!(headers.get("content-type").unwrap(), "image/png");
    assert!(
        !served.windows(4).any(|w| w == b"Nguy"),
        "the author's name was stripped"
    );
    let image = image::load_from_memory(&served).unwrap().to_rgba8();
    assert_eq!(image.get_pixel(0, 0)[3], 0, "left half still transparent");
    assert_eq!(image.get_pixel(39, 0)[3], 255);
}

#[actix_web::test]
async fn broken_images_bombs_scripts_and_lying_names_are_handled_by_content() {
    let t = TestApp::new();
    let who = contributor(&t);
    let truncated = upload(&who, "x", &[("hong.jpg", fixture("truncated.jpg"))]).await;
    assert_eq!(truncated.status, 422);
    assert!(truncated.body.contains("Không đọc được ảnh"));
    let started = std::time::Instant::now();
    let bomb = upload(&who, "x", &[("bom.png", fixture("bomb.png"))]).await;
    assert_eq!(bomb.status, 422);
    assert!(bomb.body.contains("kích thước quá lớn"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the bomb was not decoded"
    );
    let svg = upload(&who, "x", &[("logo.svg", fixture("script.svg"))]).await;
    assert_eq!(svg.status, 422);
    assert!(svg.body.contains("không được chấp nhận"));
    // A PNG named .pdf is a PNG.
    assert_eq!(
        upload(&who, "Ảnh", &[("quyet-dinh.pdf", fixture("lying.pdf"))])
            .await
            .status,
        200
    );
    let file = newest(&t);
    assert_eq!(
        (file.content_type.as_str(), file.stored_name.as_str()),
        ("image/png", "quyet-dinh.png")
    );
    assert!(
        std::fs::read_dir(t.state.config.data_dir.join("tmp"))
            .unwrap()
            .next()
            .is_none(),
        "no temporary file left"
    );
}

#[actix_web::test]
async fn documents_download_with_their_vietnamese_name_hash_and_ranges() {
    let t = TestApp::new();
    // The demo documents bring their own files.
    let demo_files = library::list(&mut t.conn(), site_id(&t, "sonha"), "", 1, 10)
        .unwrap()
        .1;
    let who = contributor(&t);
    let app = t.anon();
    let files = [
        ("Quyết định số 17.pdf", fixture("real.pdf")),
        ("Báo cáo tổng hợp.docx", fixture("document.docx")),
    ];
    let r = upload(&who, "", &files).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body.matches("đã tải lên").count(), 2, "{}", r.body);
    let (list, _) = library::list(&mut t.conn(), site_id(&t, "sonha"), "", 1, 10).unwrap();
    let pdf = list
        .iter()
        .find(|f| f.content_type == "application/pdf")
        .unwrap();
    let docx = list
        .iter()
        .find(|f| f.stored_name.ends_with(".docx"))
        .unwrap();
    assert_eq!(pdf.stored_name, "quyet-dinh-so-17.pdf");
    publish_using(&t, &[pdf, docx]);
    let (status, headers, body) = fetch(&app, &pdf.url(), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body, fixture("real.pdf"));
    let disposition = headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        disposition.starts_with("inline") && disposition.contains("filename*=UTF-8''Quy%E1%BA%BFt"),
        "{disposition}"
    );
    assert_eq!(
        headers.get("etag").unwrap().to_str().unwrap(),
        format!("\"{}\"", pdf.sha256)
    );
    assert!(headers
        .get("cache-control")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("immutable"));
    let (status, headers, body) = fetch(&app, &pdf.url(), &[("range", "bytes=0-7")]).await;
    assert_eq!((status, body.as_slice()), (206, &b"%PDF-1.4"[..]));
    assert!(headers
        .get("content-range")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("bytes 0-7/"));
    let etag = format!("\"{}\"", pdf.sha256);
    assert_eq!(
        fetch(&app, &pdf.url(), &[("if-none-match", etag.as_str())])
            .await
            .0,
        304
    );
    let (_, headers, _) = fetch(&app, &docx.url(), &[]).await;
    assert!(headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    // The same bytes again are the same file.
    upload(&who, "", &[("ban-sao.pdf", fixture("real.pdf"))]).await;
    assert_eq!(
        library::list(&mut t.conn(), site_id(&t, "sonha"), "", 1, 10)
            .unwrap()
            .1,
        demo_files + 2
    );
    assert_eq!(
        fetch(&app, &format!("/tep/{}/ten-khac.pdf", pdf.id), &[])
            .await
            .0,
        301
    );
}

#[actix_web::test]
async fn images_get_renditions_and_pages_a_srcset() {
    let t = TestApp::new();
    let who = contributor(&t);
    let app = t.anon();
    assert_eq!(
        upload(&who, "Dải màu", &[("dai-mau.png", fixture("plain.png"))])
            .await
            .status,
        200
    );
    let file = newest(&t);
    let widths: Vec<(u32, String)> = file
        .renditions()
        .into_iter()
        .map(|r| (r.width, r.format))
        .collect();
    for w in [320, 640, 1024] {
        assert!(
            widths.contains(&(w, "png".into())) && widths.contains(&(w, "webp".into())),
            "{widths:?}"
        );
    }
    assert!(!widths.iter().any(|(w, _)| *w >= 1200), "no upscaling");
    publish_using(&t, &[&file]);
    let (status, headers, body) = fetch(&app, &format!("/tep/{}/640w.webp", file.id), &[]).await;
    assert_eq!(
        (
            status,
            headers.get("content-type").unwrap().to_str().unwrap()
        ),
        (200, "image/webp")
    );
    assert_eq!(image::load_from_memory(&body).unwrap().width(), 640);
    let (_, _, body) = fetch(&app, &format!("/tep/{}/800w.webp", file.id), &[]).await;
    assert_eq!(
        image::load_from_memory(&body).unwrap().width(),
        640,
        "the widest not wider than asked"
    );
    let md = format!("![Dải màu]({})", file.url());
    let html = cong::render::markdown::to_safe_html(&md);
    assert!(
        html.contains(&format!("/tep/{}/640w.webp 640w", file.id)),
        "{html}"
    );
}

#[actix_web::test]
async fn an_upload_over_the_limit_is_refused_while_streaming() {
    let t = TestApp::new();
    // The demo documents bring their own files.
    let demo_files = library::list(&mut t.conn(), site_id(&t, "sonha"), "", 1, 10)
        .unwrap()
        .1;
    let who = contributor(&t);
    // 60 MB of a PDF: over the 50 MB limit for documents.
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(60 * 1024 * 1024, b'0');
    let r = upload(&who, "", &[("qua-lon.pdf", big)]).await;
    assert_eq!(r.status, 413);
    assert!(r.body.contains("vượt quá dung lượng"));
    assert!(std::fs::read_dir(t.state.config.data_dir.join("tmp"))
        .unwrap()
        .next()
        .is_none());
    assert_eq!(
        library::list(&mut t.conn(), site_id(&t, "sonha"), "", 1, 10)
            .unwrap()
            .1,
        demo_files
    );
}

#[actix_web::test]
async fn files_in_use_are_kept_and_unused_old_ones_cleaned_up() {
    let t = TestApp::new();
    let site = site_id(&t, "sonha");
    let by = Entry::named(None, "test", Via::Cli);
    let now = t.clock.now().naive_utc();
    let limits = cong::media::Limits::default();
    let ingest = |name: &str| {
        let temp = t.dir.path().join(name);
        let bytes = fixture(name);
        std::fs::write(&temp, &bytes).unwrap();
        let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        let upload = Upload {
            temp: &temp,
            sha256: sha,
            size: bytes.len() as u64,
            original_name: name.into(),
            site,
            alt_text: "ảnh".into(),
        };
        library::ingest(
            &mut t.conn(),
            t.state.files.as_ref(),
            upload,
            &by,
            &limits,
            now,
        )
        .unwrap()
    };
    let used = ingest("plain.png");
    let unused = ingest("real.pdf");
    let body = format!("![Dải màu]({})", used.url());
    let item = cong::content::store::save(
        &mut t.conn(),
        &crate::common::news(site, "co-anh", "Tin có ảnh", &body),
        now,
    )
    .unwrap()
    .id();
    assert_eq!(
        library::used_by(&mut t.conn(), used.id()).unwrap()[0].0,
        item.0
    );
    let later = now + chrono::Duration::days(31);
    assert_eq!(
        library::clean_up(
            &mut t.conn(),
            t.state.files.as_ref(),
            later - chrono::Duration::days(30)
        )
        .unwrap(),
        1
    );
    assert!(library::find(&mut t.conn(), used.id()).unwrap().is_some());
    assert!(library::find(&mut t.conn(), unused.id()).unwrap().is_none());
    assert!(!t.state.files.exists(&unused.sha256));
    assert!(t.state.files.exists(&used.served_sha256));
}

#[actix_web::test]
async fn replacing_a_file_proposes_drafts_for_the_items_that_use_it() {
    let t = TestApp::new();
    let who = contributor(&t);
    let app = t.anon();
    assert_eq!(
        upload(&who, "Sơ đồ cũ", &[("so-do.png", fixture("plain.png"))])
            .await
            .status,
        200
    );
    let old = newest(&t);
    let site = site_id(&t, "sonha");
    let body = format!(
        "![Sơ đồ]({}) và bản nhỏ /tep/{}/640w.webp",
        old.url(),
        old.id
    );
    let item = cong::content::store::save(
        &mut t.conn(),
        &crate::common::news(site, "so-do", "Sơ đồ tổ chức", &body),
        t.clock.now().naive_utc(),
    )
    .unwrap()
    .id();
    let r = who
        .post_multipart(
            &format!("/admin/media/{}/replace", old.id),
            Multipart::new().field("alt", "").file(
                "files",
                "so-do-moi.png",
                &fixture("transparent.png"),
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let new = newest(&t);
    assert_ne!(new.id, old.id);
    assert_eq!(
        new.alt_text, "Sơ đồ cũ",
        "the alternative text carries over"
    );
    let drafts = cong::review::store::revisions(&mut t.conn(), item).unwrap();
    assert_eq!(drafts[0].state, "draft");
    assert!(
        drafts[0].text.body_markdown.contains(&new.url())
            && drafts[0]
                .text
                .body_markdown
                .contains(&format!("/tep/{}/640w.webp", new.id))
    );
    assert!(!drafts[0]
        .text
        .body_markdown
        .contains(&format!("/tep/{}/", old.id)));
    let public = cong::content::store::find(&mut t.conn(), item)
        .unwrap()
        .unwrap();
    assert!(
        public.text.body_markdown.contains(&old.url()),
        "the public text changes only through review"
    );
    assert_eq!(
        fetch(&app, &old.url(), &[]).await.0,
        200,
        "the old file stays for the archive"
    );
}
