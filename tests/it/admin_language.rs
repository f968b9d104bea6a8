//! The Vietnamese admin speaks Vietnamese: every page a board member reaches from the
//! dashboard is walked, and none shows a raw message key, a stored value meant for the
//! machine (`content.create`, `kind-legal`), a UTC time or words the code once wrote in
//! English; and no menu or page offers a link its reader may not open.

use std::collections::{BTreeSet, VecDeque};

use crate::common::{Backend, Setup, TestApp, User};

/// The first words of every message id (`admin`, `audit`, `event`…): a word shaped like an
/// id and starting with one of them is a message shown by its key.
fn message_prefixes() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/vi");
    let mut prefixes = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("locales/vi") {
        let text = std::fs::read_to_string(entry.expect("a locale file").path()).expect("read");
        for line in text.lines() {
            if let Some((id, _)) = line.split_once(" = ") {
                if let Some((first, _)) = id.split_once('-') {
                    if !id.starts_with(char::is_whitespace) && !first.is_empty() {
                        prefixes.insert(first.to_string());
                    }
                }
            }
        }
    }
    prefixes
}

/// The text a reader sees: no tags, no attributes, and nothing inside an element marked
/// as English (`lang="en"`: an English title, a server's log line).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Skip the head (its title is checked with the body's heading) and scripts.
    if let Some(i) = rest.find("<body") {
        rest = &rest[i..];
    }
    let mut english_depth: Vec<String> = Vec::new();
    while let Some(open) = rest.find('<') {
        if english_depth.is_empty() {
            out.push_str(&rest[..open]);
            out.push(' ');
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if let Some(closing) = tag.strip_prefix('/') {
            if english_depth
                .last()
                .is_some_and(|n| closing.starts_with(n.as_str()))
            {
                english_depth.pop();
            }
        } else if tag.contains(" lang=\"en\"") && !tag.ends_with('/') {
            english_depth.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// What is wrong with a page's words, if anything.
fn problems(html: &str, prefixes: &BTreeSet<String>) -> Vec<String> {
    let text = visible_text(html);
    let mut found = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || "()[]:;,\"'“”«»".contains(c)) {
        let word = word.trim_matches(|c: char| c == '.' || c == '·' || c == '—');
        let id_shaped = word.contains('-')
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if id_shaped && word.split('-').next().is_some_and(|p| prefixes.contains(p)) {
            found.push(format!("raw message id {word:?}"));
        }
        // Stored values meant for the machine: audit actions (`content.create`).
        if let Some((object, verb)) = word.split_once('.') {
            let machine =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if machine(object)
                && machine(verb)
                && [
                    "content",
                    "revision",
                    "session",
                    "media",
                    "user",
                    "role",
                    "site",
                    "legal",
                    "services",
                    "mail",
                    "banner",
                    "consultation",
                ]
                .contains(&object)
            {
                found.push(format!("stored action {word:?}"));
            }
        }
    }
    // Words the code once wrote in English, and times shown as the server keeps them.
    for english in [
        "working days",
        "(forwarded)",
        "(received)",
        "(answered)",
        "revision ",
        "UTC",
        " ok ",
        "failed",
        "publish-scheduled",
        "mail-delivery",
        "Draft",
        "Published",
    ] {
        if text.contains(english) {
            found.push(format!("English {english:?}"));
        }
    }
    found
}

/// The admin links of a page (`href="/admin…"`), without what a reader downloads.
fn admin_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .filter(|s| s.starts_with("/admin"))
        .filter(|s| !s.contains(".csv") && !s.ends_with("/attachment") && !s.contains("/file"))
        .collect()
}

/// A path with its numbers as `N`: one page of each shape is enough.
fn shape(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.split('/')
        .map(|p| {
            if p.chars().any(|c| c.is_ascii_digit()) {
                "N"
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks the admin from the dashboard as this account, one page of each shape; returns
/// how many pages it read and what was wrong: a link it may not open, a page with the
/// wrong words.
async fn walk(user: &User, who: &str, prefixes: &BTreeSet<String>) -> (usize, Vec<String>) {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([("/admin".to_string(), "/admin".to_string())]);
    let (mut walked, mut wrong) = (0, Vec::new());
    while let Some((path, from)) = queue.pop_front() {
        if !seen.insert(shape(&path)) {
            continue;
        }
        let r = user.get(&path).await;
        if r.status != 200 && r.status != 303 {
            wrong.push(format!(
                "{who}: {path} (linked from {from}) answers {}",
                r.status
            ));
        }
        if r.status != 200 {
            continue;
        }
        walked += 1;
        for found in problems(&r.body, prefixes) {
            wrong.push(format!("{who}: {path}: {found}"));
        }
        for link in admin_links(&r.body) {
            queue.push_back((link, path.clone()));
        }
    }
    (walked, wrong)
}

async fn vietnamese_admin_pages_have_no_raw_keys_english_or_forbidden_links(backend: Backend) {
    let Some(t) = TestApp::with(Setup {
        backend,
        ..Setup::default()
    }) else {
        return;
    };
    crate::admin::board(&t);
    // The job runs page has something to show.
    crate::inbox::run(&t, &t.state.schedule());
    let prefixes = message_prefixes();
    assert!(prefixes.contains("admin") && prefixes.contains("audit") && prefixes.contains("kind"));
    let mut wrong = Vec::new();
    for who in [
        "quantri",
        "truongban",
        "bientap",
        "soantin",
        "quantritrang",
        "khac",
    ] {
        let (walked, found) = walk(&t.user(who), who, &prefixes).await;
        assert!(walked >= 5, "{who} reached only {walked} pages");
        wrong.extend(found);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // What used to be raw is now in words: a question's history and status, the audit
    // log's actions and times, the job runs.
    let head = t.user("quantri");
    let inbox = head.get("/admin/sites/sonha/inbox").await.body;
    let question = inbox
        .split("href=\"/admin/inbox/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a demo question in the province's inbox");
    let page = head.get(&format!("/admin/inbox/{question}")).await.body;
    assert!(page.contains("hạn trả lời 15 ngày làm việc"), "{page}");
    let audit = head.get("/admin/audit").await.body;
    assert!(audit.contains("giờ Việt Nam") && !audit.contains("(UTC)"));
    // Summaries and reports are stored as notes and worded for the reader.
    assert!(!audit.contains("(revision ") && !audit.contains("{\"note\""));
    let jobs = head.get("/admin/jobs").await.body;
    assert!(
        jobs.contains("xuất bản theo hẹn giờ") && jobs.contains("thành công"),
        "{jobs}"
    );
    assert!(
        jobs.contains("đã đăng ") && !jobs.contains("scheduled revision(s)"),
        "{jobs}"
    );
}
on_both_backends!(vietnamese_admin_pages_have_no_raw_keys_english_or_forbidden_links);

#[test]
fn the_checker_finds_raw_keys_stored_actions_and_english() {
    let prefixes: BTreeSet<String> = ["kind", "audit"].map(String::from).into();
    let page = |body: &str| format!("<html><body>{body}</body></html>");
    assert!(problems(&page("<td>Văn bản</td>"), &prefixes).is_empty());
    assert_eq!(problems(&page("<td>kind-legal</td>"), &prefixes).len(), 1);
    assert_eq!(
        problems(&page("<td>content.create</td>"), &prefixes).len(),
        1
    );
    assert_eq!(
        problems(&page("<td>15 working days</td>"), &prefixes).len(),
        1
    );
    // An English title or a server's log line is English on purpose.
    assert!(problems(&page("<td lang=\"en\">Draft <b>x</b> ok </td>"), &prefixes).is_empty());
    // Attributes are not text.
    assert!(problems(
        &page("<td data-action=\"content.create\">x</td>"),
        &prefixes
    )
    .is_empty());
    assert_eq!(shape("/admin/content/12?x=1"), "/admin/content/N");
}
