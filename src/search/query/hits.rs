//! Hits as shown: an entry with its snippet, or a document with its best articles.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::super::index::{number_date, SearchIndex};
use super::super::snippet::{snippet, snippet_within, MAX_READ, OPENING_READ};
use super::super::{DocKind, SearchError};
use super::plan::Plan;
use super::rank::Keys;
use super::{ArticleHit, Hit};

impl SearchIndex {
    pub(super) fn hit(&self, doc: &TantivyDocument, score: f32, plan: &Plan) -> Hit {
        self.hit_reading(doc, score, plan, MAX_READ)
    }

    /// A hit whose extract is found among the first `read` bytes of its text.
    fn hit_reading(&self, doc: &TantivyDocument, score: f32, plan: &Plan, read: usize) -> Hit {
        let f = &self.fields;
        // Borrowed: a law's own entry holds its whole text.
        let body = text_ref(doc, f.body_text).unwrap_or_default();
        Hit {
            key: text_value(doc, f.key).unwrap_or_default(),
            kind: text_value(doc, f.kind)
                .and_then(|k| DocKind::parse(&k))
                .unwrap_or(DocKind::Page),
            title: text_value(doc, f.title_text).unwrap_or_default(),
            url: text_value(doc, f.url).unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .and_then(number_date),
            snippet: snippet_within(body, &plan.highlight, read),
            number_symbol: text_value(doc, f.number_symbol).filter(|s| !s.is_empty()),
            document_title: text_value(doc, f.doc_title_text).filter(|s| !s.is_empty()),
            article_number: text_value(doc, f.article_number),
            score,
            articles: Vec::new(),
        }
    }

    /// Ranked entries grouped by document, in the order of each document's best entry.
    pub(super) fn group_by_document(
        &self,
        searcher: &Searcher,
        ranked: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Group>, SearchError> {
        let parents = self.parent_keys(searcher, ranked.iter().map(|(_, a)| *a))?;
        let mut own_keys = Keys::new(searcher, "key");
        let mut groups: Vec<Group> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for ((score, address), parent) in ranked.into_iter().zip(parents) {
            let (key, is_article) = match parent {
                Some(p) => (p, true),
                None => (own_keys.of(address)?.unwrap_or_default(), false),
            };
            let index = *by_key.entry(key.clone()).or_insert_with(|| {
                groups.push(Group {
                    key,
                    score,
                    document: None,
                    articles: Vec::new(),
                });
                groups.len() - 1
            });
            let group = &mut groups[index];
            if is_article {
                group.articles.push(address);
            } else {
                group.document = Some(address);
            }
        }
        Ok(groups)
    }

    pub(super) fn document_hit(
        &self,
        searcher: &Searcher,
        group: Group,
        plan: &Plan,
    ) -> Result<Hit, SearchError> {
        let f = &self.fields;
        let document = match group.document {
            Some(a) => Some(a),
            None => searcher
                .search(
                    &TermQuery::new(
                        Term::from_field_text(f.key, &group.key),
                        IndexRecordOption::Basic,
                    ),
                    &TopDocs::with_limit(1).order_by_score(),
                )?
                .first()
                .map(|(_, a)| *a),
        };
        let mut articles = Vec::new();
        for address in group.articles.iter().take(3) {
            let doc: TantivyDocument = searcher.doc(*address)?;
            articles.push(ArticleHit {
                key: text_value(&doc, f.key).unwrap_or_default(),
                number: text_value(&doc, f.article_number).unwrap_or_default(),
                title: text_value(&doc, f.title_text).unwrap_or_default(),
                url: text_value(&doc, f.url).unwrap_or_default(),
                snippet: snippet(
                    text_ref(&doc, f.body_text).unwrap_or_default(),
                    &plan.highlight,
                ),
            });
        }
        let read = if articles.is_empty() {
            MAX_READ
        } else {
            OPENING_READ
        };
        let mut hit = match document {
            Some(a) => {
                let doc: TantivyDocument = searcher.doc(a)?;
                self.hit_reading(&doc, group.score, plan, read)
            }
            // Articles indexed before their document: name the document after them.
            None => {
                let doc: TantivyDocument = searcher.doc(group.articles[0])?;
                let mut hit = self.hit(&doc, group.score, plan);
                hit.key = group.key.clone();
                hit.kind = DocKind::LegalDocument;
                hit.title = hit.document_title.clone().unwrap_or_default();
                hit.article_number = None;
                hit
            }
        };
        hit.articles = articles;
        Ok(hit)
    }
}

pub(super) struct Group {
    pub(super) key: String,
    pub(super) score: f32,
    pub(super) document: Option<DocAddress>,
    pub(super) articles: Vec<DocAddress>,
}

pub(super) fn text_value(doc: &TantivyDocument, field: Field) -> Option<String> {
    text_ref(doc, field).map(str::to_string)
}

fn text_ref(doc: &TantivyDocument, field: Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}
