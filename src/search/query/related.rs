//! Citizens' published answers (hỏi đáp) beside the legal articles they cite: one term
//! query over the articles a page of results shows, in the same scope (site, language) as
//! the results.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Order, TantivyDocument, Term};

use super::super::index::{citation_key, symbol_keys, SearchIndex};
use super::super::{DocKind, SearchError};
use super::hits::text_value;
use super::plan::filter_query;
use super::{Filters, SearchResults};

/// Answers shown beside one article at most, newest first.
pub const ANSWERS_PER_ARTICLE: usize = 3;

/// Answers read at most for one page: enough for every article of a page to get its three.
const MAX_ANSWERS_READ: usize = 100;

/// A published answer that cites an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedAnswer {
    /// The answer's title (the question's, as the board edited it).
    pub title: String,
    /// Its stored address.
    pub url: String,
}

/// The answers citing each article shown, by the article's entry key.
pub type RelatedAnswers = HashMap<String, Vec<RelatedAnswer>>;

impl SearchIndex {
    /// The published answers that cite the articles among `results` (an article's hit, or
    /// the articles under a document's), within the site and language of `filters`.
    pub fn answers_citing(
        &self,
        results: &SearchResults,
        filters: &Filters,
    ) -> Result<RelatedAnswers, SearchError> {
        // Each article shown, with every key an answer may cite it by.
        let mut shown: Vec<(&str, Vec<String>)> = Vec::new();
        for hit in &results.hits {
            let Some(number_symbol) = &hit.number_symbol else {
                continue;
            };
            let symbols = symbol_keys(number_symbol);
            let keys = |article: &str| -> Vec<String> {
                symbols.iter().map(|s| citation_key(s, article)).collect()
            };
            if let (DocKind::LegalArticle, Some(number)) = (hit.kind, &hit.article_number) {
                shown.push((&hit.key, keys(number)));
            }
            for article in &hit.articles {
                shown.push((&article.key, keys(&article.number)));
            }
        }
        let mut related = RelatedAnswers::new();
        if shown.is_empty() {
            return Ok(related);
        }
        let f = &self.fields;
        let mut terms: Vec<&String> = shown.iter().flat_map(|(_, keys)| keys).collect();
        terms.sort_unstable();
        terms.dedup();
        let cited: Vec<(Occur, Box<dyn Query>)> = terms
            .into_iter()
            .map(|key| {
                let term = Term::from_field_text(f.cites, key);
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        let scope = Filters {
            kinds: vec![DocKind::Question],
            site_id: filters.site_id,
            lang: filters.lang.clone(),
            ..Filters::default()
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(cited)))];
        clauses.extend(filter_query(f, &scope).map(|q| (Occur::Must, q)));
        let searcher = self.reader.searcher();
        let newest =
            TopDocs::with_limit(MAX_ANSWERS_READ).order_by_fast_field::<i64>("date", Order::Desc);
        for (_, address) in searcher.search(&BooleanQuery::new(clauses), &newest)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let cites: Vec<&str> = doc.get_all(f.cites).filter_map(|v| v.as_str()).collect();
            let answer = RelatedAnswer {
                title: text_value(&doc, f.title_text).unwrap_or_default(),
                url: text_value(&doc, f.url).unwrap_or_default(),
            };
            for (article, keys) in &shown {
                let list = related.entry(article.to_string()).or_default();
                if list.len() < ANSWERS_PER_ARTICLE
                    && keys.iter().any(|k| cites.contains(&k.as_str()))
                {
                    list.push(answer.clone());
                }
            }
        }
        related.retain(|_, list| !list.is_empty());
        Ok(related)
    }
}
