//! Search speed: indexing the legal corpus and a synthetic scale-up to a million articles,
//! then query latency (top 10, unfiltered and filtered), facet counts and the lookup of the
//! published answers beside the articles shown.
//!
//! `cargo bench --bench search` runs it in full (corpus path in `CONG_LEGAL_CORPUS`, skipped
//! politely when unset); under `cargo test --all-targets` it only runs a smoke test of a few
//! hundred synthetic articles. `SEARCH_BENCH_ARTICLES` changes the scale-up size;
//! `SEARCH_BENCH_KEEP=dir` keeps the scale-up index in `dir` and reuses it on the next run.
//! See benches/README.md for the measured figures.

use std::path::Path;
use std::time::{Duration, Instant};

use cong::search::{ArticleRef, DocKind, Filters, LegalMeta, SearchDoc, SearchIndex, SearchQuery};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Text used when no corpus is given (the smoke run).
const SMOKE_TEXT: &str = "Người lao động được nghỉ hằng năm, hưởng nguyên lương theo hợp đồng \
lao động. Người sử dụng lao động có trách nhiệm quy định lịch nghỉ hằng năm. Tranh chấp đất đai \
đã được hòa giải tại Ủy ban nhân dân cấp xã mà không thành thì được giải quyết tại Tòa án. Hộ \
gia đình, cá nhân đang sử dụng đất được cấp Giấy chứng nhận quyền sử dụng đất.";

const TYPES: [(&str, &str); 5] = [
    ("Luật", "QH"),
    ("Nghị định", "NĐ-CP"),
    ("Thông tư", "TT-BTC"),
    ("Quyết định", "QĐ-UBND"),
    ("Nghị quyết", "NQ-HĐND"),
];

#[derive(serde::Deserialize)]
struct Law {
    number_symbol: String,
    doc_type: String,
    issuer: String,
    issued_date: Option<chrono::NaiveDate>,
    title: Option<String>,
    articles: Vec<Article>,
}

#[derive(serde::Deserialize)]
struct Article {
    article_id: String,
    title: String,
    text: String,
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let corpus = std::env::var("CONG_LEGAL_CORPUS").ok();
    let laws: Vec<Law> = match (&corpus, full) {
        (Some(path), true) => match read_corpus(Path::new(path)) {
            Ok(laws) => laws,
            Err(e) => {
                eprintln!("search bench: cannot read {path}: {e}");
                std::process::exit(1);
            }
        },
        (None, true) => {
            println!("search bench: set CONG_LEGAL_CORPUS to the legal corpus (JSON lines) to run it; skipped");
            return;
        }
        (_, false) => Vec::new(),
    };
    let tmp = tempfile::tempdir().expect("temporary directory");
    if full {
        corpus_reindex(&laws, tmp.path());
    }
    let pool = SentencePool::new(&laws);
    let articles: usize = if full {
        std::env::var("SEARCH_BENCH_ARTICLES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000)
    } else {
        300
    };
    // SEARCH_BENCH_KEEP=dir keeps the synthetic index there, and a later run with the same
    // directory measures queries on it without building it again.
    let index = match std::env::var("SEARCH_BENCH_KEEP").ok().filter(|_| full) {
        Some(dir) => match SearchIndex::open(Path::new(&dir)) {
            Ok(index) => {
                println!(
                    "scale-up: reusing the index in {dir} ({} entries)",
                    index.len()
                );
                index
            }
            Err(_) => scale_up(&pool, articles, Path::new(&dir)),
        },
        None => scale_up(&pool, articles, &tmp.path().join("synthetic")),
    };
    let mut queries = pool.queries(if full { 1_100 } else { 25 });
    // Other queries first, unmeasured, as a server that has been answering for a while: the
    // index's pages in memory and the "did you mean" vocabulary of this generation built (a
    // one-off ~0.3 s at a million articles, reported apart).
    let warm_up = queries.split_off(queries.len() - queries.len() / 11);
    let started = Instant::now();
    for q in &warm_up {
        std::hint::black_box(index.search(&SearchQuery::new(q.as_str())).expect("search"));
    }
    println!(
        "warm-up: {} other queries in {:.2} s",
        warm_up.len(),
        started.elapsed().as_secs_f64()
    );
    latency(&index, &queries, "top 10, unfiltered", |_| {
        Filters::default()
    });
    latency(&index, &queries, "top 10, filter type or year", |i| {
        if i % 2 == 0 {
            Filters {
                doc_types: vec![TYPES[i % TYPES.len()].0.into()],
                ..Filters::default()
            }
        } else {
            Filters {
                years: vec![1995 + (i % 30) as u16],
                ..Filters::default()
            }
        }
    });
    facet_latency(&index, &queries[..queries.len().min(200)]);
    related_latency(&index, &queries);
}

fn read_corpus(path: &Path) -> Result<Vec<Law>, Box<dyn std::error::Error>> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?)
}

/// A full rebuild of the real corpus into a new directory, as the app does it.
fn corpus_reindex(laws: &[Law], tmp: &Path) {
    let root = tmp.join("corpus");
    let started = Instant::now();
    let mut rebuild = SearchIndex::rebuild(&root).expect("rebuild");
    let mut bytes = 0;
    let mut count = 0;
    for law in laws {
        let title = law.title.clone().unwrap_or_default();
        let year = law.issued_date.map(|d| chrono::Datelike::year(&d) as u16);
        let key = format!("legal:{}", law.number_symbol);
        let headings: Vec<&str> = law.articles.iter().map(|a| a.title.as_str()).collect();
        let meta = meta(&law.number_symbol, &title, &law.doc_type, &law.issuer, year);
        rebuild
            .add(&document(
                &key,
                &title,
                &headings.join("\n"),
                law.issued_date,
                &meta,
            ))
            .expect("add");
        for a in &law.articles {
            bytes += a.text.len();
            count += 1;
            rebuild
                .add(&article(
                    &key,
                    &a.article_id,
                    &a.title,
                    &a.text,
                    law.issued_date,
                    &meta,
                ))
                .expect("add");
        }
    }
    let index = rebuild.finish(1).expect("finish");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "corpus reindex: {count} articles of {} laws, {:.1} MB in {secs:.2} s: {:.0} articles/s, {:.1} MB/s; index {:.1} MB, {} entries",
        laws.len(),
        bytes as f64 / 1e6,
        count as f64 / secs,
        bytes as f64 / 1e6 / secs,
        dir_size(&root) as f64 / 1e6,
        index.len()
    );
}

fn meta(symbol: &str, title: &str, doc_type: &str, issuer: &str, year: Option<u16>) -> LegalMeta {
    LegalMeta {
        number_symbol: symbol.into(),
        document_title: title.into(),
        doc_type: doc_type.into(),
        issuers: vec![issuer.into()],
        fields: Vec::new(),
        year,
        status: "in_force".into(),
        article: None,
        parent_key: None,
    }
}

fn document(
    key: &str,
    title: &str,
    body: &str,
    date: Option<chrono::NaiveDate>,
    meta: &LegalMeta,
) -> SearchDoc {
    SearchDoc {
        key: key.into(),
        kind: DocKind::LegalDocument,
        site_ids: vec![1],
        lang: "vi".into(),
        url: format!("/van-ban/{key}"),
        title: title.into(),
        body: body.into(),
        date,
        legal: Some(meta.clone()),
    }
}

fn article(
    parent: &str,
    number: &str,
    heading: &str,
    text: &str,
    date: Option<chrono::NaiveDate>,
    meta: &LegalMeta,
) -> SearchDoc {
    let mut doc = document(&format!("{parent}:{number}"), heading, text, date, meta);
    doc.kind = DocKind::LegalArticle;
    let legal = doc.legal.as_mut().expect("legal");
    legal.article = Some(ArticleRef {
        number: number.into(),
        title: heading.into(),
    });
    legal.parent_key = Some(parent.into());
    doc
}

/// Real sentences and headings to recombine.
struct SentencePool {
    sentences: Vec<String>,
    headings: Vec<String>,
}

impl SentencePool {
    fn new(laws: &[Law]) -> SentencePool {
        let mut sentences = Vec::new();
        let mut headings = Vec::new();
        for law in laws {
            for a in &law.articles {
                headings.push(
                    a.title
                        .split_once(". ")
                        .map_or(a.title.clone(), |(_, h)| h.to_string()),
                );
                sentences.extend(
                    a.text
                        .split(['\n', '.', ';'])
                        .map(str::trim)
                        .filter(|s| s.len() > 20)
                        .map(str::to_string),
                );
            }
        }
        if sentences.is_empty() {
            sentences = SMOKE_TEXT.split(". ").map(str::to_string).collect();
            headings = vec![
                "Nghỉ hằng năm".into(),
                "Thẩm quyền giải quyết tranh chấp đất đai".into(),
            ];
        }
        SentencePool {
            sentences,
            headings,
        }
    }

    /// 1–6 consecutive syllables of real sentences, some typed without diacritics.
    fn queries(&self, n: usize) -> Vec<String> {
        let mut rng = StdRng::seed_from_u64(6);
        (0..n)
            .map(|i| {
                let words: Vec<&str> = loop {
                    let s = &self.sentences[rng.random_range(0..self.sentences.len())];
                    let w: Vec<&str> = s.split_whitespace().collect();
                    if w.len() >= 6 {
                        break w;
                    }
                };
                let len = 1 + i % 6;
                let start = rng.random_range(0..=words.len() - len);
                let q = words[start..start + len].join(" ");
                if i % 4 == 3 {
                    cong::text::fold(&q)
                } else {
                    q
                }
            })
            .collect()
    }
}

/// `n` synthetic articles from recombined real sentences, in documents of 20–60 articles with
/// varied types, years and symbols.
fn scale_up(pool: &SentencePool, n: usize, root: &Path) -> SearchIndex {
    let mut rng = StdRng::seed_from_u64(2019);
    let started = Instant::now();
    let mut rebuild = SearchIndex::rebuild(root).expect("rebuild");
    let mut bytes = 0;
    let mut made = 0;
    let mut doc_no = 0;
    while made < n {
        doc_no += 1;
        let (doc_type, suffix) = TYPES[rng.random_range(0..TYPES.len())];
        let year: u16 = rng.random_range(1995..2025);
        let symbol = format!("{}/{year}/{suffix}", doc_no % 400 + 1);
        let title = format!(
            "{doc_type} về {}",
            pool.headings[rng.random_range(0..pool.headings.len())]
        );
        let date = chrono::NaiveDate::from_ymd_opt(
            i32::from(year),
            rng.random_range(1..13),
            rng.random_range(1..29),
        );
        let key = format!("legal:s{doc_no}");
        let meta = meta(&symbol, &title, doc_type, "Cơ quan ban hành", Some(year));
        let count = rng.random_range(20..60).min(n - made);
        let mut headings = Vec::with_capacity(count);
        for number in 1..=count {
            let heading = &pool.headings[rng.random_range(0..pool.headings.len())];
            let sentences = rng.random_range(2..10);
            let text: Vec<&str> = (0..sentences)
                .map(|_| pool.sentences[rng.random_range(0..pool.sentences.len())].as_str())
                .collect();
            let text = text.join(". ");
            bytes += text.len();
            rebuild
                .add(&article(
                    &key,
                    &number.to_string(),
                    heading,
                    &text,
                    date,
                    &meta,
                ))
                .expect("add");
            headings.push(heading.as_str());
        }
        rebuild
            .add(&document(&key, &title, &headings.join("\n"), date, &meta))
            .expect("add");
        made += count;
    }
    let index = rebuild.finish(1).expect("finish");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "scale-up: {made} articles in {doc_no} documents, {:.1} MB in {secs:.1} s: {:.0} articles/s, {:.1} MB/s; index {:.1} MB",
        bytes as f64 / 1e6,
        made as f64 / secs,
        bytes as f64 / 1e6 / secs,
        dir_size(root) as f64 / 1e6
    );
    index
}

fn latency(
    index: &SearchIndex,
    queries: &[String],
    label: &str,
    filters: impl Fn(usize) -> Filters,
) {
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0;
    for (i, q) in queries.iter().enumerate() {
        let mut query = SearchQuery::new(q.as_str());
        query.filters = filters(i);
        let started = Instant::now();
        let r = index.search(&query).expect("search");
        times.push(started.elapsed());
        hits += usize::from(!r.hits.is_empty());
    }
    report(label, &mut times, hits);
}

fn facet_latency(index: &SearchIndex, queries: &[String]) {
    let mut times = Vec::with_capacity(queries.len());
    for q in queries {
        let started = Instant::now();
        let f = index.facets(&SearchQuery::new(q.as_str())).expect("facets");
        times.push(started.elapsed());
        std::hint::black_box(f);
    }
    report("facet counts", &mut times, queries.len());
}

/// The search page's extra lookup of the published answers that cite the articles it shows,
/// after one answer is published for each of the first articles found (a few thousand, as a
/// province publishes over years).
fn related_latency(index: &SearchIndex, queries: &[String]) {
    answers_beside(
        index,
        queries,
        "answers beside the articles shown (none published)",
    );
    let mut writer = index.updater().expect("writer");
    let mut published = 0;
    for q in queries.iter().take(queries.len() / 2) {
        let r = index.search(&SearchQuery::new(q.as_str())).expect("search");
        for h in r.hits.iter().take(5) {
            let (Some(symbol), Some(article)) = (&h.number_symbol, &h.article_number) else {
                continue;
            };
            published += 1;
            writer
                .upsert(&SearchDoc {
                    key: format!("answer:{published}"),
                    kind: DocKind::Question,
                    site_ids: vec![1],
                    lang: "vi".into(),
                    url: format!("/hoi-dap/{published}"),
                    title: format!("Hỏi đáp {published}"),
                    body: format!("Theo Điều {article} văn bản số {symbol}: {q}."),
                    date: None,
                    legal: None,
                })
                .expect("upsert");
        }
    }
    writer.commit(2).expect("commit");
    drop(writer);
    answers_beside(
        index,
        queries,
        &format!("answers beside the articles shown ({published} published)"),
    );
}

fn answers_beside(index: &SearchIndex, queries: &[String], label: &str) {
    let mut times = Vec::with_capacity(queries.len());
    let mut with_answers = 0;
    for q in queries {
        let r = index.search(&SearchQuery::new(q.as_str())).expect("search");
        let started = Instant::now();
        let related = index
            .answers_citing(&r, &Filters::default())
            .expect("answers");
        times.push(started.elapsed());
        with_answers += usize::from(!related.is_empty());
    }
    report(label, &mut times, with_answers);
}

fn report(label: &str, times: &mut [Duration], with_hits: usize) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{label}: {} queries ({with_hits} with hits): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.90).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}
