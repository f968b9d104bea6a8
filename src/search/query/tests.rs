//! The query module's tests: ranking, filters, facets, paging and suggestions on a small index.

use super::plan::{bare_number_and_year, definition_cue, names_a_document, Plan};
use super::*;
use crate::search::{ArticleRef, IndexUpdater, LegalMeta, SearchDoc};
use std::collections::HashMap;

fn legal(key: &str, symbol: &str, title: &str, doc_type: &str, year: u16) -> SearchDoc {
    SearchDoc {
        key: key.into(),
        kind: DocKind::LegalDocument,
        site_ids: vec![1, 2],
        lang: "vi".into(),
        url: format!("/van-ban/{key}"),
        title: title.into(),
        body: title.into(),
        date: chrono::NaiveDate::from_ymd_opt(i32::from(year), 6, 1),
        legal: Some(LegalMeta {
            number_symbol: symbol.into(),
            document_title: title.into(),
            doc_type: doc_type.into(),
            issuers: vec!["UBND tỉnh".into()],
            fields: vec!["Đất đai".into()],
            year: Some(year),
            status: "in_force".into(),
            article: None,
            parent_key: None,
        }),
    }
}

fn article(parent: &SearchDoc, number: &str, heading: &str, text: &str) -> SearchDoc {
    let mut meta = parent.legal.clone().expect("legal");
    meta.article = Some(ArticleRef {
        number: number.into(),
        title: heading.into(),
    });
    meta.parent_key = Some(parent.key.clone());
    SearchDoc {
        key: format!("{}:{number}", parent.key),
        kind: DocKind::LegalArticle,
        title: heading.into(),
        body: text.into(),
        url: format!("{}#dieu-{number}", parent.url),
        legal: Some(meta),
        ..parent.clone()
    }
}

fn news(key: &str, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        key: key.into(),
        kind: DocKind::News,
        site_ids: vec![2],
        lang: "vi".into(),
        url: format!("/tin-tuc/{key}"),
        title: title.into(),
        body: body.into(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
        legal: None,
    }
}

fn sample() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let mut w: IndexUpdater = index.updater().expect("writer");
    let decision = legal(
        "legal:1",
        "17/2019/QĐ-UBND",
        "Quyết định ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh",
        "Quyết định",
        2019,
    );
    let land = legal("legal:2", "45/2013/QH13", "Luật Đất đai", "Luật", 2013);
    let docs = vec![
        article(&decision, "1", "Phạm vi điều chỉnh", "Quy chế này quy định hoạt động của Cổng thông tin điện tử tỉnh."),
        article(&decision, "5", "Cung cấp thông tin", "Cơ quan cung cấp thông tin cho Cổng thông tin điện tử đúng thời hạn."),
        article(&land, "101", "Cấp Giấy chứng nhận quyền sử dụng đất cho hộ gia đình không có giấy tờ", "Hộ gia đình, cá nhân đang sử dụng đất mà không có giấy tờ về quyền sử dụng đất thì được cấp Giấy chứng nhận."),
        article(&land, "203", "Thẩm quyền giải quyết tranh chấp đất đai", "Tranh chấp đất đai đã được hòa giải tại Ủy ban nhân dân cấp xã mà không thành thì được giải quyết."),
        news("news:1", "Bán đấu giá bàn ghế cũ", "Sở bán bàn ghế cũ của hội trường."),
        news("news:2", "Bàn giao nhà văn hóa", "Xã tổ chức bàn giao nhà văn hóa mới."),
        decision,
        land,
    ];
    for d in &docs {
        w.upsert(d).expect("upsert");
    }
    w.commit(42).expect("commit");
    index
}

fn keys(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.key.as_str()).collect()
}

fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index.search(&SearchQuery::new(text)).expect("search")
}

#[test]
fn a_number_symbol_in_the_query_ranks_its_document_first() {
    let index = sample();
    for text in [
        "17/2019/qd-ubnd",
        "qđ 17/2019",
        "quyết định 17/2019 cổng thông tin",
    ] {
        let r = search(&index, text);
        assert_eq!(
            r.hits.first().map(|h| h.key.as_str()),
            Some("legal:1"),
            "{text}: {:?}",
            keys(&r)
        );
        assert_eq!(r.symbols.len(), 1, "{text}");
    }
    let r = search(&index, "luật 45/2013");
    assert_eq!(r.hits[0].key, "legal:2");
}

#[test]
fn a_bare_number_and_year_is_looked_up_as_a_number_symbol() {
    let index = sample();
    let r = search(&index, "17/2019");
    assert_eq!(keys(&r).first().copied(), Some("legal:1"), "{r:?}");
    assert_eq!(bare_number_and_year("số 17/2019"), Some("17/2019".into()));
    assert_eq!(bare_number_and_year("tháng 12/2019 nghỉ"), None);
    assert_eq!(bare_number_and_year("17/19"), None);
}

#[test]
fn a_query_without_diacritics_finds_accented_text() {
    let index = sample();
    let r = search(&index, "tranh chap dat dai");
    assert_eq!(r.hits[0].key, "legal:2:203", "{:?}", keys(&r));
    assert!(
        r.hits[0]
            .snippet
            .contains("<mark>Tranh chấp đất đai</mark>"),
        "{}",
        r.hits[0].snippet
    );
}

#[test]
fn a_query_with_diacritics_prefers_the_exact_spelling() {
    let index = sample();
    assert_eq!(search(&index, "bán").hits[0].key, "news:1");
    assert_eq!(search(&index, "bàn giao").hits[0].key, "news:2");
    // Without diacritics both are found.
    let r = search(&index, "ban");
    assert!(
        keys(&r).contains(&"news:1") && keys(&r).contains(&"news:2"),
        "{:?}",
        keys(&r)
    );
}

#[test]
fn synonyms_and_question_words_lead_to_the_law_s_words() {
    let index = sample();
    let r = search(&index, "đất không có giấy tờ có được cấp sổ đỏ không?");
    assert_eq!(r.hits[0].key, "legal:2:101", "{:?}", keys(&r));
}

#[test]
fn knowing_is_a_word_but_asking_to_be_told_is_not() {
    let index = sample();
    let searches_body_word = |q: &str, word: &str| {
        Plan::read(&index.fields, q)
            .terms
            .iter()
            .any(|(t, _)| t.field() == index.fields.body && t.value().as_str() == Some(word))
    };
    assert!(searches_body_word(
        "di chúc của người không biết chữ",
        "biết"
    ));
    assert!(!searches_body_word(
        "xin cho biết thời hạn lập di chúc",
        "biết"
    ));
    assert!(!searches_body_word(
        "tôi muốn biết thời hạn lập di chúc",
        "biết"
    ));
}

#[test]
fn a_question_is_answered_by_articles_not_by_the_law_s_outline() {
    let index = sample();
    let r = search(
        &index,
        "cơ quan cung cấp thông tin cho cổng thông tin điện tử",
    );
    assert_eq!(r.hits[0].key, "legal:1:5", "{:?}", keys(&r));
    assert!(!keys(&r).contains(&"legal:1"), "{:?}", keys(&r));
    // Named, the document is a result itself; asked for alone too.
    let named = search(&index, "luật đất đai");
    assert!(keys(&named).contains(&"legal:2"), "{:?}", keys(&named));
    let mut q = SearchQuery::new("cổng thông tin điện tử");
    q.filters.kinds = vec![DocKind::LegalDocument];
    assert_eq!(keys(&index.search(&q).expect("search")), ["legal:1"]);
    // Its articles taken out (still in their segment, marked deleted until a merge), the
    // document answers again.
    let mut w = index.updater().expect("writer");
    w.delete("legal:1:1");
    w.delete("legal:1:5");
    w.commit(43).expect("commit");
    let r = search(
        &index,
        "cơ quan cung cấp thông tin cho cổng thông tin điện tử",
    );
    assert_eq!(r.hits[0].key, "legal:1", "{:?}", keys(&r));
}

#[test]
fn an_article_number_in_the_query_finds_that_article() {
    let index = sample();
    let r = search(&index, "điều 5 cổng thông tin");
    assert_eq!(r.hits[0].key, "legal:1:5", "{:?}", keys(&r));
}

#[test]
fn hostile_input_never_fails_and_returns_quickly() {
    let index = sample();
    let long = "quyết định ".repeat(1_000);
    // 32 slips in a row: "did you mean" weighs every candidate against its neighbours'.
    let slips = "quyet dinh chuyen doy ".repeat(8);
    let started = std::time::Instant::now();
    for text in [
        long.as_str(),
        slips.as_str(),
        "",
        "   ",
        "?!.,;:()[]{}\"'",
        "\"cổng thông tin",
        "(((((",
        "AND OR NOT * ~ ^ :",
        &"1/".repeat(5_000),
        "\u{301}\u{301}",
    ] {
        let r = index.search(&SearchQuery::new(text)).expect("no error");
        assert!(r.hits.len() <= 10);
        index.facets(&SearchQuery::new(text)).expect("no error");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(search(&index, "?!…").hits.is_empty());
    // A pasted page of real words is not searched: it would match everything.
    let pasted = "quyết định đất đai ".repeat(30);
    let r = index
        .search(&SearchQuery::new(pasted.as_str()))
        .expect("no error");
    assert!(r.too_long && r.hits.is_empty() && r.total == 0);
    let just = "đất ".repeat(125);
    assert!(
        !index
            .search(&SearchQuery::new(just.trim_end()))
            .expect("no error")
            .too_long
    );
}

#[test]
fn filters_restrict_and_combine() {
    let index = sample();
    let mut q = SearchQuery::new("thông tin");
    q.filters.years = vec![2013];
    assert!(index.search(&q).expect("search").hits.is_empty());
    q.filters.years = vec![2019];
    q.filters.kinds = vec![DocKind::LegalArticle];
    let r = index.search(&q).expect("search");
    assert_eq!(r.total, 2);
    assert!(r.hits.iter().all(|h| h.key.starts_with("legal:1:")));
    let mut q = SearchQuery::new("");
    q.filters.doc_types = vec!["Luật".into()];
    q.filters.kinds = vec![DocKind::LegalDocument];
    assert_eq!(keys(&index.search(&q).expect("search")), ["legal:2"]);
    // The news items are on site 2 only.
    let mut q = SearchQuery::new("bàn");
    q.filters.site_id = Some(1);
    let r = index.search(&q).expect("search");
    assert!(
        r.hits.iter().all(|h| h.kind != DocKind::News),
        "{:?}",
        keys(&r)
    );
}

#[test]
fn a_filter_that_few_of_the_best_pass_still_finds_its_entries_and_counts_stop() {
    // A thousand news items about land outrank the one law that mentions it once.
    let index = SearchIndex::in_memory().expect("index");
    let mut w: IndexUpdater = index.updater().expect("writer");
    for i in 0..1000 {
        let n = news(
            &format!("news:{i}"),
            "Đất đai",
            "Giao đất, thu hồi đất đai.",
        );
        w.upsert(&n).expect("upsert");
    }
    let law = legal("legal:9", "45/2013/QH13", "Luật Đất đai", "Luật", 2013);
    w.upsert(&article(
        &law,
        "1",
        "Phạm vi",
        "Luật này quy định về đất đai.",
    ))
    .expect("upsert");
    w.commit(1).expect("commit");
    let mut q = SearchQuery::new("đất đai");
    q.filters.kinds = vec![DocKind::LegalArticle];
    let r = index.search(&q).expect("search");
    assert_eq!(keys(&r), ["legal:9:1"]);
    assert_eq!((r.total, r.total_exact), (1, true));
    // Counted while ranking, with and without a filter, as a separate count would.
    q.filters.kinds = vec![DocKind::News];
    let r = index.search(&q).expect("search");
    assert_eq!((r.total, r.total_exact), (1000, true));
    q.filters.kinds = Vec::new();
    let r = index.search(&q).expect("search");
    assert_eq!((r.total, r.total_exact), (1001, true));

    let searcher = index.reader.searcher();
    let plan = Plan::read(&index.fields, "đất đai");
    let words = plan.query(&index.fields);
    assert_eq!(
        count_up_to(&searcher, words.as_ref(), 100).expect("count"),
        (100, false)
    );
    assert_eq!(
        count_up_to(&searcher, words.as_ref(), 5000).expect("count"),
        (1001, true)
    );
}

#[test]
fn a_filter_s_entries_are_remembered_and_follow_the_index() {
    let index = sample();
    let mut q = SearchQuery::new("thông tin");
    q.filters.kinds = vec![DocKind::LegalArticle];
    let first = index.search(&q).expect("search");
    let sorted = |r: &SearchResults| {
        let mut k: Vec<String> = keys(r).iter().map(|k| k.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(sorted(&first), ["legal:1:1", "legal:1:5"]);
    assert_eq!((first.total, first.total_exact), (2, true));
    let remembered = index.filter_sets.sets.lock().expect("lock").len();
    assert!(remembered >= 1, "the filter's entries are remembered");
    assert_eq!(
        index.search(&q).expect("search"),
        first,
        "and give the same answer"
    );

    // One article rewritten without the words, another added in a new segment: the
    // remembered entries of the old segment still hold, deletions and new ones count.
    let mut w: IndexUpdater = index.updater().expect("writer");
    let decision = legal("legal:1", "17/2019/QĐ-UBND", "Quy chế", "Quyết định", 2019);
    w.upsert(&article(&decision, "5", "Thời hạn", "Đúng thời hạn."))
        .expect("upsert");
    w.upsert(&article(
        &decision,
        "7",
        "Bảo mật",
        "Bảo mật thông tin của Cổng.",
    ))
    .expect("upsert");
    w.commit(43).expect("commit");
    let after = index.search(&q).expect("search");
    assert_eq!(sorted(&after), ["legal:1:1", "legal:1:7"]);
    assert_eq!((after.total, after.total_exact), (2, true));
}

#[test]
fn facets_count_documents_by_value_not_their_matching_articles() {
    let index = sample();
    let mut q = SearchQuery::new("");
    q.filters.kinds = vec![DocKind::LegalArticle, DocKind::LegalDocument];
    let f = index.facets(&q).expect("facets");
    let count = |list: &[FacetCount], v: &str| list.iter().find(|c| c.value == v).map(|c| c.count);
    // Each law is matched by its own entry and two articles: one document each.
    assert_eq!(count(&f.doc_types, "Quyết định"), Some(1));
    assert_eq!(count(&f.doc_types, "Luật"), Some(1));
    assert_eq!(count(&f.years, "2013"), Some(1));
    assert_eq!(count(&f.sites, "2"), Some(2));
    assert_eq!(count(&f.statuses, "in_force"), Some(2));
    // Matched by articles only, a document still counts once.
    let mut only_articles = SearchQuery::new("");
    only_articles.filters.kinds = vec![DocKind::LegalArticle];
    let f = index.facets(&only_articles).expect("facets");
    assert_eq!(count(&f.doc_types, "Luật"), Some(1));
    // News are each their own document.
    let mut news = SearchQuery::new("");
    news.filters.kinds = vec![DocKind::News];
    let f = index.facets(&news).expect("facets");
    assert_eq!(count(&f.kinds, "news"), Some(2));
}

#[test]
fn document_granularity_gives_one_hit_per_document_with_its_articles() {
    let index = sample();
    let mut q = SearchQuery::new("cổng thông tin điện tử");
    q.granularity = Granularity::Document;
    q.filters.kinds = vec![DocKind::LegalArticle, DocKind::LegalDocument];
    let r = index.search(&q).expect("search");
    assert_eq!(r.hits[0].key, "legal:1");
    assert_eq!(
        r.hits[0].title,
        "Quyết định ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh"
    );
    let numbers: Vec<&str> = r.hits[0]
        .articles
        .iter()
        .map(|a| a.number.as_str())
        .collect();
    assert!(
        numbers.contains(&"1") && numbers.contains(&"5"),
        "{numbers:?}"
    );
    assert!(r.hits[0].articles[0].snippet.contains("<mark>"));
    assert_eq!(r.hits.iter().filter(|h| h.key == "legal:1").count(), 1);
}

#[test]
fn the_index_says_which_words_of_the_query_an_entry_holds() {
    let index = sample();
    let searcher = index.reader.searcher();
    let mut addresses = HashMap::new();
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        for doc in 0..reader.max_doc() {
            let address = DocAddress::new(segment as u32, doc);
            let stored: tantivy::TantivyDocument = searcher.doc(address).expect("doc");
            let key = hits::text_value(&stored, index.fields.key).expect("key");
            addresses.insert(key, address);
        }
    }
    // Pairs `luat dat`, `dat dai`, `dai tranh`, `tranh chap`: article 203 says `Tranh chấp
    // đất đai`, article 101 none of them, the decision's article 1 none either.
    let plan = Plan::read(&index.fields, "luật đất đai tranh chấp");
    let [disputes, certificates, portal] =
        ["legal:2:203", "legal:2:101", "legal:1:1"].map(|k| addresses[k]);
    let held = index
        .words_held(
            &searcher,
            &[portal, disputes, certificates],
            &plan.highlight,
        )
        .expect("held");
    assert_eq!(held.of(disputes), 2);
    assert_eq!(held.of(certificates), 0);
    assert_eq!(held.of(portal), 0);
    // Typed without diacritics, a word alone is looked up in the folded view.
    let plan = Plan::read(&index.fields, "giay, cong");
    let held = index
        .words_held(&searcher, &[certificates, portal], &plan.highlight)
        .expect("held");
    assert_eq!((held.of(certificates), held.of(portal)), (1, 1));
}

#[test]
fn a_document_s_whole_name_finds_it_before_a_longer_name_with_the_same_words() {
    let index = SearchIndex::in_memory().expect("index");
    let mut w = index.updater().expect("writer");
    let mut sea = legal(
        "legal:sea",
        "18/2012/QH13",
        "Luật Biển Việt Nam",
        "Luật",
        2012,
    );
    // A law's own entry holds its outline: a long text where its name is a few words.
    let outline = "Đường cơ sở, nội thủy, lãnh hải, vùng tiếp giáp lãnh hải, thềm lục địa. ";
    sea.body = format!("{}. {}", sea.title, outline.repeat(8));
    let guard = legal(
        "legal:guard",
        "33/2018/QH14",
        "Luật Cảnh sát biển Việt Nam",
        "Luật",
        2018,
    );
    let applied = "Cảnh sát biển thực hiện Luật Biển Việt Nam trên vùng biển Việt Nam.";
    let mut docs = vec![
        article(
            &sea,
            "1",
            "Phạm vi điều chỉnh",
            "Luật này quy định về đường cơ sở.",
        ),
        sea.clone(),
        guard.clone(),
    ];
    docs.extend((1..=6).map(|n| {
        article(
            &guard,
            &n.to_string(),
            "Áp dụng Luật Biển Việt Nam",
            applied,
        )
    }));
    for d in &docs {
        w.upsert(d).expect("upsert");
    }
    w.commit(1).expect("commit");
    for typed in [
        "LUẬT BIỂN VIỆT NAM",
        "luật biển việt nam",
        "luat bien viet nam",
    ] {
        let mut q = SearchQuery::new(typed);
        q.granularity = Granularity::Document;
        q.filters.kinds = vec![DocKind::LegalArticle, DocKind::LegalDocument];
        let r = index.search(&q).expect("search");
        assert_eq!(keys(&r)[..2], ["legal:sea", "legal:guard"], "{typed}");
    }
    // A name that is only part of the query is ranked by its words as before.
    let r = search(&index, "cảnh sát biển việt nam tuần tra");
    assert!(r.hits[0].key.starts_with("legal:guard"), "{:?}", keys(&r));
}

#[test]
fn newest_first_sorts_by_date() {
    let index = sample();
    let mut q = SearchQuery::new("");
    q.filters.kinds = vec![DocKind::LegalDocument, DocKind::News];
    q.sort = Sort::Newest;
    let r = index.search(&q).expect("search");
    let dates: Vec<_> = r.hits.iter().map(|h| h.date).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert_eq!(r.total, 4);
}

#[test]
fn paging_walks_through_the_results() {
    let index = sample();
    let mut q = SearchQuery::new("thông tin");
    q.per_page = 1;
    let first = index.search(&q).expect("search");
    q.page = 2;
    let second = index.search(&q).expect("search");
    assert_eq!(first.hits.len(), 1);
    assert_ne!(first.hits[0].key, second.hits[0].key);
    q.page = 10_000;
    assert!(index.search(&q).expect("search").hits.is_empty());
}

#[test]
fn did_you_mean_proposes_the_accented_spelling_from_the_index() {
    let index = sample();
    let r = search(&index, "cong thong tin dien tu");
    assert_eq!(r.suggestion.as_deref(), Some("cổng thông tin điện tử"));
    assert_eq!(search(&index, "cổng thông tin").suggestion, None);
}

/// An index of `n` news items about the digital transformation.
fn digital(n: usize) -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let mut w = index.updater().expect("writer");
    for i in 0..n {
        w.upsert(&news(
            &format!("news:{i}"),
            "Chuyển đổi số trong cơ quan nhà nước",
            "Tỉnh đẩy mạnh chuyển đổi số, cung cấp thông tin trên Cổng thông tin điện tử.",
        ))
        .expect("upsert");
    }
    w.commit(42).expect("commit");
    index
}

#[test]
fn did_you_mean_stays_silent_when_the_results_are_good() {
    // Folded search finds the same entries with or without diacritics: no suggestion, and
    // no cost, when there are enough of them.
    let index = digital(POOR_BELOW);
    assert_eq!(search(&index, "chuyen doi so").suggestion, None);
    assert_eq!(search(&index, "cong thong tin").suggestion, None);
    // With fewer, the accented spelling is offered.
    let few = digital(POOR_BELOW - 1);
    assert_eq!(
        search(&few, "chuyen doi so").suggestion.as_deref(),
        Some("chuyển đổi số")
    );
}

#[test]
fn did_you_mean_corrects_a_slip_to_the_real_word_in_context() {
    let index = digital(POOR_BELOW * 2);
    // `doy` and `tinn` are in no entry: the results are poor whatever their number.
    assert_eq!(
        search(&index, "chuyen doy so").suggestion.as_deref(),
        Some("chuyển đổi số")
    );
    assert_eq!(
        search(&index, "Cổng thông tinn").suggestion.as_deref(),
        Some("Cổng thông tin")
    );
    // A misplaced tone on a word the index holds otherwise.
    assert_eq!(
        search(&index, "chuyển đỏi số").suggestion.as_deref(),
        Some("chuyển đổi số")
    );
    // Nothing real near `xqzw`: no suggestion rather than an invented one.
    assert_eq!(search(&index, "chuyen xqzw so").suggestion, None);
}

#[test]
fn did_you_mean_keeps_a_number_symbol_where_it_was_typed() {
    let index = sample();
    // The symbol is longer than what once replaced it: offsets past it used to fall inside
    // a character (a 500 for `luật số 101-sl/l.003`).
    let r = search(&index, "cong thong tin 101-sl/l.003 dien tu");
    assert_eq!(
        r.suggestion.as_deref(),
        Some("cổng thông tin 101-sl/l.003 điện tử")
    );
    for text in [
        "luật số 101-sl/l.003",
        "luat so 101-sl/l.003",
        "17/2019/qđ-ubnd ở đâu",
    ] {
        search(&index, text);
    }
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let index = sample();
    let mut w = index.updater().expect("writer");
    w.upsert(&news(
        "news:1",
        "Thông báo tuyển dụng",
        "Tuyển dụng công chức",
    ))
    .expect("upsert");
    w.delete("news:2");
    w.commit(43).expect("commit");
    // Syllables match on their own (`dụng` of `sử dụng`): the pair ranks the news first.
    assert_eq!(search(&index, "tuyển dụng").hits[0].key, "news:1");
    for gone in ["bàn ghế", "bàn giao"] {
        let r = search(&index, gone);
        assert!(
            r.hits.iter().all(|h| h.kind != DocKind::News),
            "{:?}",
            keys(&r)
        );
    }
    assert_eq!(index.applied_change().expect("payload"), Some(43));
    w.delete_document_with_articles("legal:1");
    w.commit(44).expect("commit");
    assert!(search(&index, "17/2019/qd-ubnd").hits.is_empty());
}

#[test]
fn only_a_named_document_counts_as_naming_one() {
    let names = |q: &str| names_a_document(&crate::search::analyzer::syllables(q));
    for q in [
        "luật đất đai",
        "điều 5 bộ luật dân sự",
        "luat hon nhan va gia dinh",
        "nghị định 43/2011",
        "quyết định số 17",
        "hiến pháp",
    ] {
        assert!(names(q), "{q}");
    }
    for q in [
        "theo quy định của pháp luật thì có được không",
        "thuê luật sư bào chữa",
        "luật quy định như thế nào",
        "quyết định xử phạt vi phạm hành chính",
        "nghị định",
    ] {
        assert!(!names(q), "{q}");
    }
}

#[test]
fn definition_questions_are_recognised_with_or_without_diacritics() {
    let asks = |q: &str| definition_cue(&crate::search::analyzer::syllables(q)).is_some();
    for q in [
        "Khái niệm gia đình",
        "nơi thường trú là gì?",
        "thế nào là tạm trú",
        "người lao động được hiểu như thế nào",
        "noi thuong tru la gi",
        "phân biệt nơi thường trú và nơi tạm trú",
    ] {
        assert!(asks(q), "{q}");
    }
    for q in [
        "thời hạn tạm trú bao lâu",
        "ai được hưởng trợ cấp",
        "cấm phân biệt đối xử với lao động nữ",
    ] {
        assert!(!asks(q), "{q}");
    }
}

#[test]
fn snippets_mark_the_words_typed_not_the_question_words_nor_the_lexicon_s() {
    let index = sample();
    let plan = Plan::read(&index.fields, "sổ đỏ là gì");
    let html = super::super::snippet::snippet(
        "Sổ đỏ là giấy chứng nhận quyền sử dụng đất; sổ ghi gì",
        &plan.highlight,
    );
    assert_eq!(
        html,
        "<mark>Sổ đỏ</mark> là giấy chứng nhận quyền sử dụng đất; sổ ghi gì"
    );
}

#[test]
fn answers_citing_a_shown_article_come_beside_it_within_the_site() {
    let index = sample();
    let mut w: IndexUpdater = index.updater().expect("writer");
    let answer = |key: &str, site: i64, body: &str| SearchDoc {
        key: key.into(),
        kind: DocKind::Question,
        site_ids: vec![site],
        lang: "vi".into(),
        url: format!("/hoi-dap/{key}"),
        title: format!("Hỏi {key}"),
        body: body.into(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
        legal: None,
    };
    for doc in [
        answer(
            "answer:1",
            1,
            "Theo Điều 5 Quyết định 17/2019/QĐ-UBND, phải cung cấp đúng hạn.",
        ),
        answer(
            "answer:2",
            3,
            "Điều 5 Quyết định số 17/2019/QĐ-UBND quy định rõ.",
        ),
        answer(
            "answer:3",
            1,
            "Điều 101 Luật Đất đai số 45/2013/QH13 quy định rõ.",
        ),
        answer(
            "answer:4",
            1,
            "Theo Điều 5, cơ quan phải cung cấp đúng hạn.",
        ),
    ] {
        w.upsert(&doc).expect("upsert");
    }
    w.commit(43).expect("commit");
    let mut query = SearchQuery::new("cung cấp thông tin đúng thời hạn");
    query.filters.site_id = Some(1);
    query.filters.kinds = vec![DocKind::LegalDocument, DocKind::LegalArticle];
    let titles = |related: &RelatedAnswers, key: &str| -> Vec<String> {
        related
            .get(key)
            .map(|list| list.iter().map(|a| a.title.clone()).collect())
            .unwrap_or_default()
    };
    for granularity in [Granularity::Article, Granularity::Document] {
        query.granularity = granularity;
        let results = index.search(&query).expect("search");
        let related = index
            .answers_citing(&results, &query.filters)
            .expect("related");
        // Not the other site's, not the one naming no document.
        assert_eq!(
            titles(&related, "legal:1:5"),
            ["Hỏi answer:1"],
            "{granularity:?}"
        );
        let shown: Vec<&str> = results
            .hits
            .iter()
            .flat_map(|h| {
                std::iter::once(h.key.as_str()).chain(h.articles.iter().map(|a| a.key.as_str()))
            })
            .collect();
        assert!(
            related.keys().all(|k| shown.contains(&k.as_str())),
            "{granularity:?}"
        );
        assert_eq!(
            related[&"legal:1:5".to_string()][0].url,
            "/hoi-dap/answer:1"
        );
    }
    query.filters.site_id = None;
    let results = index.search(&query).expect("search");
    let related = index
        .answers_citing(&results, &query.filters)
        .expect("related");
    assert_eq!(titles(&related, "legal:1:5").len(), 2);
}
