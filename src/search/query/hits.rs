//! Hits as shown: an entry with its snippet, or a document with its best articles.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::super::index::{number_date, SearchIndex, DOC_FAMILY, PARENT_FAMILY};
use super::super::snippet::{snippet, snippet_within, MAX_READ, OPENING_READ};
use super::super::{DocKind, SearchError};
use super::plan::Plan;
use super::rank::Families;
use super::{ArticleHit, Hit};

impl SearchIndex {
    pub(super) fn hit(&self, doc: &TantivyDocument, score: f32, plan: &Plan) -> Hit {
        self.hit_reading(doc, score, plan, MAX_READ)
    }

    /// A hit whose extract is found among the first `read` bytes of its text.
    fn hit_reading(&self, doc: &TantivyDocument, score: f32, plan: &Plan, read: usize) -> Hit {
        let f = &self.fields;
        // Borrowed, not copied: up to 16 KB per entry shown.
        let body = stored_text(doc, f.body_text);
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

    /// At article level a legal document that has articles is shown through them: its own
    /// entry (its title and outline) is left out, where it took one of ten places from the
    /// articles of citizens' questions (28 of the 134 development questions, first in 5). A
    /// document without articles (an official letter) stays a result of its own.
    pub(super) fn through_articles(
        &self,
        searcher: &Searcher,
        ranked: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<(f32, DocAddress)>, SearchError> {
        let mut documents = Families::new(searcher, DOC_FAMILY);
        let mut kept = Vec::with_capacity(ranked.len());
        for (score, address) in ranked {
            if let Some(family) = documents.of(address)? {
                let its_articles = Term::from_field_u64(self.fields.parent_family, family);
                if searcher.doc_freq(&its_articles)? > 0 {
                    continue;
                }
            }
            kept.push((score, address));
        }
        Ok(kept)
    }

    /// Ranked entries grouped by document, in the order of each document's best entry.
    pub(super) fn group_by_document(
        &self,
        searcher: &Searcher,
        ranked: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Group>, SearchError> {
        let mut parents = Families::new(searcher, PARENT_FAMILY);
        let mut documents = Families::new(searcher, DOC_FAMILY);
        let mut groups: Vec<Group> = Vec::new();
        let mut by_family: HashMap<u64, usize> = HashMap::new();
        for (score, address) in ranked {
            let (family, is_article) = match parents.of(address)? {
                Some(parent) => (Some(parent), true),
                None => (documents.of(address)?, false),
            };
            let new_group = |groups: &mut Vec<Group>| {
                groups.push(Group {
                    family,
                    score,
                    document: None,
                    articles: Vec::new(),
                });
                groups.len() - 1
            };
            // Entries other than legal documents and their articles are groups of their own.
            let index = match family {
                Some(f) => *by_family.entry(f).or_insert_with(|| new_group(&mut groups)),
                None => new_group(&mut groups),
            };
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
        let document = match (group.document, group.family) {
            (Some(a), _) => Some(a),
            (None, Some(family)) => searcher
                .search(
                    &TermQuery::new(
                        Term::from_field_u64(f.doc_family, family),
                        IndexRecordOption::Basic,
                    ),
                    &TopDocs::with_limit(1).order_by_score(),
                )?
                .first()
                .map(|(_, a)| *a),
            (None, None) => None,
        };
        let mut articles = Vec::new();
        for address in group.articles.iter().take(3) {
            let doc: TantivyDocument = searcher.doc(*address)?;
            articles.push(ArticleHit {
                key: text_value(&doc, f.key).unwrap_or_default(),
                number: text_value(&doc, f.article_number).unwrap_or_default(),
                title: text_value(&doc, f.title_text).unwrap_or_default(),
                url: text_value(&doc, f.url).unwrap_or_default(),
                snippet: snippet(stored_text(&doc, f.body_text), &plan.highlight),
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
                hit.key = text_value(&doc, f.parent_key).unwrap_or_default();
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
    /// The legal document's family; none for an entry of another kind.
    pub(super) family: Option<u64>,
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

/// A text stored as bytes (an entry's extract source), "" when absent or not UTF-8.
fn stored_text(doc: &TantivyDocument, field: Field) -> &str {
    doc.get_first(field)
        .and_then(|v| v.as_bytes())
        .and_then(|b| simdutf8::basic::from_utf8(b).ok())
        .unwrap_or_default()
}
