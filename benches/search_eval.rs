//! Search quality on the legal corpus: indexes every law and article of a corpus file (JSON
//! lines, one law a line with its articles) and asks the development questions of
//! `tests/search-eval/questions.jsonl`, then prints Recall@10 and MRR@10 at article level, with
//! diacritics and with questions and texts stripped of them, for the whole set and each half.
//!
//! ```sh
//! cargo run --release --example search_eval -- CORPUS.jsonl [QUESTIONS.jsonl] [--misses]
//! ```

use std::collections::HashSet;
use std::time::Instant;

use cong::search::{ArticleRef, DocKind, Filters, LegalMeta, SearchDoc, SearchIndex, SearchQuery};
use cong::text::fold;

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

#[derive(serde::Deserialize)]
struct Question {
    id: String,
    question: String,
    relevant: Vec<Relevant>,
    split: String,
}

#[derive(serde::Deserialize)]
struct Relevant {
    number_symbol: String,
    article: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_misses = args.iter().any(|a| a == "--misses");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(corpus) = paths.first() else {
        eprintln!("usage: search_eval CORPUS.jsonl [QUESTIONS.jsonl] [--misses]");
        std::process::exit(2);
    };
    let questions_path = paths
        .get(1)
        .map(|p| p.to_string())
        .unwrap_or_else(|| "tests/search-eval/questions.jsonl".into());
    let laws: Vec<Law> = std::fs::read_to_string(corpus)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let questions: Vec<Question> = std::fs::read_to_string(&questions_path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    println!(
        "{} laws, {} articles, {} questions",
        laws.len(),
        laws.iter().map(|l| l.articles.len()).sum::<usize>(),
        questions.len()
    );
    for folded in [false, true] {
        let index = build(&laws, folded)?;
        let label = if folded {
            "without diacritics"
        } else {
            "with diacritics"
        };
        let mut by_split: Vec<(String, Vec<(bool, f64)>)> = Vec::new();
        let mut all = Vec::new();
        for q in &questions {
            let text = if folded {
                fold(&q.question)
            } else {
                q.question.clone()
            };
            let mut query = SearchQuery::new(text);
            query.filters = Filters {
                kinds: vec![DocKind::LegalArticle],
                ..Filters::default()
            };
            let results = index.search(&query)?;
            let relevant: HashSet<String> = q
                .relevant
                .iter()
                .map(|r| article_key(&r.number_symbol, &r.article))
                .collect();
            let rank = results.hits.iter().position(|h| relevant.contains(&h.key));
            let found = results
                .hits
                .iter()
                .filter(|h| relevant.contains(&h.key))
                .count();
            let recall = found as f64 / relevant.len() as f64;
            let rr = rank.map_or(0.0, |r| 1.0 / (r + 1) as f64);
            if show_misses && rank.is_none_or(|r| r > 2) {
                println!(
                    "  [{label}] {} {:?} rank {:?}: top {:?}",
                    q.id,
                    q.question,
                    rank.map(|r| r + 1),
                    results
                        .hits
                        .iter()
                        .take(3)
                        .map(|h| h.key.as_str())
                        .collect::<Vec<_>>()
                );
            }
            all.push((recall, rr));
            match by_split.iter_mut().find(|(s, _)| *s == q.split) {
                Some((_, v)) => v.push((rank.is_some(), rr)),
                None => by_split.push((q.split.clone(), vec![(rank.is_some(), rr)])),
            }
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        let recalls: Vec<f64> = all.iter().map(|x| x.0).collect();
        let rrs: Vec<f64> = all.iter().map(|x| x.1).collect();
        println!(
            "{label:>20}: Recall@10 {:.3}  MRR@10 {:.3}  (all {})",
            mean(&recalls),
            mean(&rrs),
            all.len()
        );
        for (split, v) in &by_split {
            let hits: Vec<f64> = v.iter().map(|x| if x.0 { 1.0 } else { 0.0 }).collect();
            let rrs: Vec<f64> = v.iter().map(|x| x.1).collect();
            println!(
                "{:>20}  hit@10 {:.3}  MRR@10 {:.3}  ({split}, {})",
                "",
                mean(&hits),
                mean(&rrs),
                v.len()
            );
        }
    }
    Ok(())
}

fn article_key(number_symbol: &str, article: &str) -> String {
    format!("legal:{number_symbol}:{article}")
}

/// Indexes the corpus: each law as a document (title and table of contents), each article
/// on its own. With `folded`, every text is stripped of diacritics first.
fn build(laws: &[Law], folded: bool) -> Result<SearchIndex, Box<dyn std::error::Error>> {
    let t = |s: &str| if folded { fold(s) } else { s.to_string() };
    let started = Instant::now();
    let index = SearchIndex::in_memory()?;
    let mut updater = index.updater()?;
    let mut bytes = 0usize;
    for law in laws {
        let title = law
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| format!("{} số {}", law.doc_type, law.number_symbol));
        let key = format!("legal:{}", law.number_symbol);
        let meta = LegalMeta {
            number_symbol: law.number_symbol.clone(),
            document_title: t(&title),
            doc_type: law.doc_type.clone(),
            issuers: vec![law.issuer.clone()],
            fields: Vec::new(),
            year: law.issued_date.map(|d| chrono::Datelike::year(&d) as u16),
            status: "unknown".into(),
            article: None,
            parent_key: None,
        };
        let contents: Vec<&str> = law.articles.iter().map(|a| a.title.as_str()).collect();
        updater.add(&SearchDoc {
            key: key.clone(),
            kind: DocKind::LegalDocument,
            site_ids: vec![1],
            lang: "vi".into(),
            url: format!("/van-ban/{}", law.number_symbol),
            title: t(&title),
            body: t(&contents.join("\n")),
            date: law.issued_date,
            legal: Some(meta.clone()),
        })?;
        for a in &law.articles {
            let heading = a
                .title
                .split_once(". ")
                .map_or(a.title.as_str(), |(_, h)| h)
                .to_string();
            bytes += a.text.len();
            updater.add(&SearchDoc {
                key: article_key(&law.number_symbol, &a.article_id),
                kind: DocKind::LegalArticle,
                site_ids: vec![1],
                lang: "vi".into(),
                url: format!("/van-ban/{}#dieu-{}", law.number_symbol, a.article_id),
                title: t(&heading),
                body: t(&a.text),
                date: law.issued_date,
                legal: Some(LegalMeta {
                    article: Some(ArticleRef {
                        number: a.article_id.clone(),
                        title: t(&heading),
                    }),
                    parent_key: Some(key.clone()),
                    ..meta.clone()
                }),
            })?;
        }
    }
    updater.commit(0)?;
    println!(
        "indexed {:.1} MB of article text in {:.2} s{}",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        if folded { " (folded)" } else { "" }
    );
    Ok(index)
}
