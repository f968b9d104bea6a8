//! Search quality on the legal corpus, measured the way citizens use it: every law of a
//! corpus file (JSON lines, one law a line with its articles) is read by the legal import and
//! indexed exactly as the portal indexes it, then each question is asked through the same path
//! as `GET /api/v1/search?q=…&kind=legal&granularity=article&limit=10` (documents and
//! articles, one result per entry, ten of them). Printed: Recall@10 and MRR@10 at article
//! level, with the questions as typed and with their diacritics stripped (the texts keep
//! theirs, as on the portal), for the whole set and for each half (even and odd lines: tune on
//! one, check the other). The same figures are printed for a plain syllable BM25 over the same
//! articles (one field, lower-cased syllables; folded syllables for stripped questions), the
//! baseline any change must beat. Then portal-style queries: every law's name (as printed, in
//! lower case, without diacritics) and number-symbol (as printed, in lower case) at document
//! level, as the portal's search box sends them: how many find their law among the ten, and
//! first.
//!
//! ```sh
//! cargo run --release --example search_eval -- CORPUS.jsonl [QUESTIONS.jsonl] [--misses] [--keep-index=DIR]
//! ```
//!
//! `--keep-index=DIR` builds the portal's index in DIR once and opens it on later runs (for
//! changes to the query side only; remove DIR after changing the analyzer or the schema).
//!
//! QUESTIONS defaults to the shared development questions,
//! `../shared/data/legal/questions-dev.jsonl` (real citizens' questions, read from there and
//! never copied into the repository). `tests/search-eval/questions.jsonl` holds the team's
//! own questions: a regression set, not a measure of what citizens ask.

use std::collections::HashSet;
use std::time::Instant;

use cong::legal::import::ImportLine;
use cong::search::sync::legal_documents;
use cong::search::{DocKind, Filters, Granularity, SearchDoc, SearchIndex, SearchQuery};
use cong::text::fold;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, Value, STORED, STRING, TEXT};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};
use tantivy::{doc, Index, TantivyDocument, Term};

const SHARED_QUESTIONS: &str = "../shared/data/legal/questions-dev.jsonl";

#[derive(serde::Deserialize)]
struct Question {
    #[serde(alias = "qid")]
    id: String,
    question: String,
    relevant: Vec<Relevant>,
}

#[derive(serde::Deserialize)]
struct Relevant {
    number_symbol: String,
    #[serde(alias = "article_id")]
    article: String,
}

/// Ranks of the first relevant result and the share of relevant articles found, per question.
#[derive(Default)]
struct Scores {
    recall: Vec<f64>,
    reciprocal_rank: Vec<f64>,
}

impl Scores {
    fn push(&mut self, relevant: &HashSet<(String, String)>, ranked: &[(String, String)]) {
        let top = &ranked[..ranked.len().min(10)];
        let found = relevant.iter().filter(|r| top.contains(r)).count();
        self.recall
            .push(found as f64 / relevant.len().max(1) as f64);
        let rank = top.iter().position(|r| relevant.contains(r));
        self.reciprocal_rank
            .push(rank.map_or(0.0, |r| 1.0 / (r + 1) as f64));
    }

    fn line(&self, pick: impl Fn(usize) -> bool) -> String {
        let mean = |v: &[f64]| {
            let kept: Vec<f64> = v
                .iter()
                .enumerate()
                .filter(|(i, _)| pick(*i))
                .map(|(_, x)| *x)
                .collect();
            (
                kept.iter().sum::<f64>() / kept.len().max(1) as f64,
                kept.len(),
            )
        };
        let (recall, n) = mean(&self.recall);
        let (mrr, _) = mean(&self.reciprocal_rank);
        format!("R@10 {recall:.3}  MRR@10 {mrr:.3}  ({n})")
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_misses = args.iter().any(|a| a == "--misses");
    let keep = args
        .iter()
        .find_map(|a| a.strip_prefix("--keep-index="))
        .map(std::path::PathBuf::from);
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(corpus) = paths.first() else {
        eprintln!("usage: search_eval CORPUS.jsonl [QUESTIONS.jsonl] [--misses]");
        std::process::exit(2);
    };
    let questions_path = paths
        .get(1)
        .map(|p| p.to_string())
        .unwrap_or_else(|| SHARED_QUESTIONS.into());
    let Ok(questions_text) = std::fs::read_to_string(&questions_path) else {
        eprintln!(
            "no questions at {questions_path}: the shared development questions are not in \
             the repository (their licence does not allow it); pass a questions file"
        );
        std::process::exit(2);
    };
    let questions: Vec<Question> = questions_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let lines: Vec<ImportLine> = std::fs::read_to_string(corpus)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;

    let started = Instant::now();
    let (index, articles) = portal_index(&lines, keep.as_deref())?;
    println!(
        "{} laws, {articles} articles indexed as the portal does in {:.1} s; {} questions from {questions_path}",
        lines.len(),
        started.elapsed().as_secs_f64(),
        questions.len()
    );
    let baseline = Baseline::build(&lines)?;

    for stripped in [false, true] {
        let label = if stripped { "stripped" } else { "as typed" };
        let mut cong = Scores::default();
        let mut bm25 = Scores::default();
        let mut spent = Vec::new();
        for q in &questions {
            let text = if stripped {
                fold(&q.question)
            } else {
                q.question.clone()
            };
            let relevant: HashSet<(String, String)> = q
                .relevant
                .iter()
                .map(|r| (r.number_symbol.clone(), r.article.clone()))
                .collect();
            let asked = Instant::now();
            let ranked = ask(&index, &text)?;
            spent.push(asked.elapsed().as_secs_f64() * 1e3);
            cong.push(&relevant, &ranked);
            bm25.push(&relevant, &baseline.ask(&text, stripped)?);
            let rank = ranked.iter().position(|r| relevant.contains(r));
            if show_misses && rank.is_none_or(|r| r > 2) {
                println!(
                    "  [{label}] {} {:?} rank {:?}: want {:?}, top {:?}",
                    &q.id[..q.id.len().min(8)],
                    text,
                    rank.map(|r| r + 1),
                    relevant.iter().collect::<Vec<_>>(),
                    ranked.iter().take(3).collect::<Vec<_>>()
                );
            }
        }
        spent.sort_by(f64::total_cmp);
        println!(
            "{label:>9}  Cổng: {}   half A {}   half B {}   (p50 {:.1} ms, uncached, in process)",
            cong.line(|_| true),
            cong.line(|i| i % 2 == 0),
            cong.line(|i| i % 2 == 1),
            spent[spent.len() / 2],
        );
        println!(
            "{label:>9}  BM25: {}   half A {}   half B {}",
            bm25.line(|_| true),
            bm25.line(|i| i % 2 == 0),
            bm25.line(|i| i % 2 == 1),
        );
    }
    portal_queries(&index, &lines, show_misses)?;
    Ok(())
}

/// How a query is typed from a law's name or number-symbol.
type Spelling = fn(&str) -> String;

/// Portal-style queries, as the search box of the portal receives them: every law's name (as
/// printed, in lower case, without diacritics) and its number-symbol (as printed, in lower
/// case), through `GET /api/v1/search?q=…&kind=legal&limit=10` (one result per document). A
/// query finds its law when the law (or another law of the same name) is among the ten.
fn portal_queries(
    index: &SearchIndex,
    lines: &[ImportLine],
    show_misses: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let name = |l: &ImportLine| {
        l.abstract_text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let forms: [(&str, Spelling); 5] = [
        ("name as printed", |s| s.to_string()),
        ("name in lower case", |s| s.to_lowercase()),
        ("name without diacritics", |s| fold(&s.to_lowercase())),
        ("number-symbol", |s| s.to_string()),
        ("number-symbol in lower case", |s| s.to_lowercase()),
    ];
    for (i, (label, form)) in forms.iter().enumerate() {
        let by_symbol = i >= 3;
        let (mut first, mut found, mut asked) = (0, 0, 0);
        for line in lines {
            let source = if by_symbol {
                line.number_symbol.clone()
            } else {
                name(line)
            };
            if source.is_empty() {
                continue;
            }
            let wanted: HashSet<&str> = lines
                .iter()
                .filter(|l| {
                    l.number_symbol == line.number_symbol || (!by_symbol && name(l) == source)
                })
                .map(|l| l.number_symbol.as_str())
                .collect();
            let text = form(&source);
            let mut query = SearchQuery::new(text.as_str());
            query.filters = Filters {
                kinds: vec![DocKind::LegalDocument, DocKind::LegalArticle],
                lang: Some("vi".into()),
                ..Filters::default()
            };
            query.granularity = Granularity::Document;
            let symbols: Vec<String> = index
                .search(&query)?
                .hits
                .into_iter()
                .map(|h| h.number_symbol.unwrap_or_default())
                .collect();
            let rank = symbols.iter().position(|s| wanted.contains(s.as_str()));
            asked += 1;
            found += usize::from(rank.is_some());
            first += usize::from(rank == Some(0));
            if show_misses && rank != Some(0) {
                println!(
                    "  [{label}] {text:?}: rank {rank:?}, want {wanted:?}, top {:?}",
                    &symbols[..symbols.len().min(3)]
                );
            }
        }
        println!(
            "  portal  {label:>28}: in the ten {found}/{asked} ({:.3}), first {first}/{asked} ({:.3})",
            found as f64 / asked.max(1) as f64,
            first as f64 / asked.max(1) as f64,
        );
    }
    Ok(())
}

/// What the API answers for `q` with `kind=legal&granularity=article&limit=10`, as
/// (number-symbol, article) pairs: a document's own entry takes a place with no article.
fn ask(
    index: &SearchIndex,
    text: &str,
) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let mut query = SearchQuery::new(text);
    query.filters = Filters {
        kinds: vec![DocKind::LegalDocument, DocKind::LegalArticle],
        lang: Some("vi".into()),
        ..Filters::default()
    };
    query.granularity = Granularity::Article;
    query.per_page = 10;
    Ok(index
        .search(&query)?
        .hits
        .into_iter()
        .map(|h| {
            (
                h.number_symbol.unwrap_or_default(),
                h.article_number.unwrap_or_default(),
            )
        })
        .collect())
}

/// The corpus as the portal indexes it after `cong legal import`, without the answer cache.
fn portal_index(
    lines: &[ImportLine],
    keep: Option<&std::path::Path>,
) -> Result<(SearchIndex, usize), Box<dyn std::error::Error>> {
    let articles = lines.iter().map(|l| l.articles.len()).sum();
    if let Some(dir) = keep {
        if let Ok(index) = SearchIndex::open(dir) {
            return Ok((index, articles));
        }
        let mut build = SearchIndex::rebuild(dir)?;
        for entry in portal_entries(lines)? {
            build.add(&entry)?;
        }
        return Ok((build.finish(0)?, articles));
    }
    let index = SearchIndex::in_memory()?;
    let mut updater = index.updater()?;
    for entry in portal_entries(lines)? {
        updater.add(&entry)?;
    }
    updater.commit(0)?;
    Ok((index, articles))
}

fn portal_entries(lines: &[ImportLine]) -> Result<Vec<SearchDoc>, Box<dyn std::error::Error>> {
    let mut entries = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let record = line.record_alone()?;
        let key = format!("legal:{n}");
        let url = format!("sonha:/van-ban/{n}");
        entries.extend(legal_documents(&record, &key, &url, &[1], "vi", "unknown"));
    }
    Ok(entries)
}

/// Plain BM25 over the articles' syllables: heading and text in one field, lower-cased (and a
/// folded copy for questions typed without diacritics). No weights, no phrases, no stop words.
struct Baseline {
    index: Index,
    text: tantivy::schema::Field,
    folded: tantivy::schema::Field,
    symbol: tantivy::schema::Field,
    article: tantivy::schema::Field,
}

impl Baseline {
    fn build(lines: &[ImportLine]) -> Result<Baseline, Box<dyn std::error::Error>> {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let folded = schema.add_text_field("folded", TEXT);
        let symbol = schema.add_text_field("symbol", STRING | STORED);
        let article = schema.add_text_field("article", STRING | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(200_000_000)?;
        for line in lines {
            for a in &line.articles {
                let body = format!("{}\n{}", a.heading, a.text);
                writer.add_document(doc!(
                    text => body.clone(),
                    folded => fold(&body),
                    symbol => line.number_symbol.clone(),
                    article => a.number.clone(),
                ))?;
            }
        }
        writer.commit()?;
        Ok(Baseline {
            index,
            text,
            folded,
            symbol,
            article,
        })
    }

    fn ask(
        &self,
        question: &str,
        stripped: bool,
    ) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
        let (field, question) = if stripped {
            (self.folded, fold(question))
        } else {
            (self.text, question.to_string())
        };
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .build();
        let mut words = Vec::new();
        let mut stream = analyzer.token_stream(&question);
        while stream.advance() {
            if !words.contains(&stream.token().text) {
                words.push(stream.token().text.clone());
            }
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        let searcher = self.index.reader()?.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(10).order_by_score(),
        )?;
        let mut out = Vec::new();
        for (_, address) in top {
            let d: TantivyDocument = searcher.doc(address)?;
            let get = |f| {
                d.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            out.push((get(self.symbol), get(self.article)));
        }
        Ok(out)
    }
}
