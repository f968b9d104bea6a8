//! Citizens' published answers (hỏi đáp) beside the legal articles they cite: one term
//! query over the articles a page of results shows, in the same scope (site, language) as
//! the results.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Order, TantivyDocument, Term};

use super::super::index::{citation_key, SearchIndex};
use super::super::{DocKind, SearchError};
use super::hits::text_value;
use super::plan::filter_query;
use super::{Filters, SearchResults};
use crate::text::fold;

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
            let symbols = stored_symbol_keys(number_symbol);
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
        // What each answer cites is read from its fast column; only the answers shown are
        // read from the store (their bodies make that the costly part).
        let mut columns: HashMap<u32, Option<StrColumn>> = HashMap::new();
        for (_, address) in searcher.search(&BooleanQuery::new(clauses), &newest)? {
            let column = match columns.entry(address.segment_ord) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .str("cites")?,
                ),
            };
            let mut cites: Vec<String> = Vec::new();
            if let Some(column) = column {
                for ord in column.term_ords(address.doc_id) {
                    let mut key = String::new();
                    if column.ord_to_str(ord, &mut key)? {
                        cites.push(key);
                    }
                }
            }
            let beside: Vec<&str> = shown
                .iter()
                .filter(|(article, keys)| {
                    related.get(*article).map_or(0, Vec::len) < ANSWERS_PER_ARTICLE
                        && keys.iter().any(|k| cites.contains(k))
                })
                .map(|(article, _)| *article)
                .collect();
            if beside.is_empty() {
                continue;
            }
            let doc: TantivyDocument = searcher.doc(address)?;
            let answer = RelatedAnswer {
                title: text_value(&doc, f.title_text).unwrap_or_default(),
                url: text_value(&doc, f.url).unwrap_or_default(),
            };
            for article in beside {
                related
                    .entry(article.to_string())
                    .or_default()
                    .push(answer.clone());
            }
        }
        Ok(related)
    }
}

/// The keys [`super::super::index::symbol_keys`] gives for a number-symbol in its official
/// spelling (as the index stores it), read off the spelling instead of parsing it again:
/// parsing ten symbols would cost more than the whole lookup.
fn stored_symbol_keys(number_symbol: &str) -> Vec<String> {
    let folded: String = fold(number_symbol)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut keys = vec![folded.clone()];
    let mut parts = folded.split('/');
    if let (Some(number), Some(year), Some(rest)) = (parts.next(), parts.next(), parts.next()) {
        if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
            keys.push(format!("{number}/{year}"));
            let type_code = rest.split('-').next().unwrap_or(rest);
            if rest.contains('-') {
                keys.push(format!("{number}/{year}/{type_code}"));
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::super::super::index::symbol_keys;
    use super::*;

    #[test]
    fn stored_symbols_give_the_keys_the_index_gives() {
        for symbol in [
            "17/2019/QĐ-UBND",
            "40/2009/QH12",
            "05/2015/TTLT-BTP-BNV",
            "15/2020/NĐ-CP",
            "01/2019/NQ-HĐTP",
            "28/2018/QĐ-TTg",
            "945/QĐ-UBND",
            "123/UBND-KT",
            "21-LCT/HĐNN8",
            "01/HDLN-SKHCN-SXD",
        ] {
            let mut cheap = stored_symbol_keys(symbol);
            let mut parsed = symbol_keys(symbol);
            cheap.sort();
            parsed.sort();
            assert_eq!(cheap, parsed, "{symbol}");
        }
    }
}
