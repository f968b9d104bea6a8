//! Hits as shown: an entry with its snippet, or a document with its best articles.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::super::index::{number_date, SearchIndex, DOC_FAMILY, PARENT_FAMILY};
use super::super::snippet::{snippet_within, Highlight, MAX_READ, OPENING_READ};
use super::super::{DocKind, SearchError};
use super::plan::Plan;
use super::rank::Families;
use super::{ArticleHit, Hit};

/// Articles shown under their document.
const ARTICLES_SHOWN: usize = 3;

/// How many of the words an extract marks each entry on a page holds, as the index says.
pub(super) struct WordsHeld(HashMap<DocAddress, usize>);

impl WordsHeld {
    pub(super) fn of(&self, entry: DocAddress) -> usize {
        self.0.get(&entry).copied().unwrap_or(0)
    }
}

impl SearchIndex {
    /// Which of the words searched for each of `entries` holds, read from the postings of
    /// the folded views (one lookup per word and segment, then a seek per entry). An extract
    /// walks its text until a window holds every word the text has: without knowing which,
    /// a text missing one word (an article of the Land Law never says `luật đất`) was read
    /// to its end.
    pub(super) fn words_held(
        &self,
        searcher: &Searcher,
        entries: &[DocAddress],
        wanted: &Highlight,
    ) -> Result<WordsHeld, SearchError> {
        let f = &self.fields;
        let terms: Vec<Term> = wanted
            .singles()
            .map(|w| Term::from_field_text(f.body_fold, w))
            .chain(
                wanted
                    .pairs()
                    .map(|p| Term::from_field_text(f.body_pairs_fold, p)),
            )
            .collect();
        let mut by_segment: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
        for entry in entries {
            by_segment
                .entry(entry.segment_ord)
                .or_default()
                .push(entry.doc_id);
        }
        let mut held = HashMap::with_capacity(entries.len());
        for (segment, mut docs) in by_segment {
            docs.sort_unstable();
            docs.dedup();
            let reader = searcher.segment_reader(segment);
            for term in &terms {
                let Some(mut postings) = reader
                    .inverted_index(term.field())?
                    .read_postings(term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                for &doc in &docs {
                    // A seek never goes back: past `doc` already means `doc` is not there.
                    let at = if postings.doc() >= doc {
                        postings.doc()
                    } else {
                        postings.seek(doc)
                    };
                    if at == doc {
                        *held.entry(DocAddress::new(segment, doc)).or_insert(0) += 1;
                    }
                }
            }
        }
        Ok(WordsHeld(held))
    }

    pub(super) fn hit(&self, doc: &TantivyDocument, score: f32, plan: &Plan, held: usize) -> Hit {
        self.hit_reading(doc, score, plan, MAX_READ, held)
    }

    /// A hit whose extract is found among the first `read` bytes of its text, which holds
    /// `held` of the words searched for.
    fn hit_reading(
        &self,
        doc: &TantivyDocument,
        score: f32,
        plan: &Plan,
        read: usize,
        held: usize,
    ) -> Hit {
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
            snippet: snippet_within(body, &plan.highlight, read, held),
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
                if self.has_articles(searcher, family)? {
                    continue;
                }
            }
            kept.push((score, address));
        }
        Ok(kept)
    }

    /// Whether the legal document of `family` has an article in the index now. Not the
    /// term's document frequency: that counts deleted entries until their segment is merged,
    /// and a law whose articles were all taken out would stay hidden behind none.
    fn has_articles(&self, searcher: &Searcher, family: u64) -> Result<bool, SearchError> {
        let its_articles = Term::from_field_u64(self.fields.parent_family, family);
        for reader in searcher.segment_readers() {
            let Some(mut postings) = reader
                .inverted_index(self.fields.parent_family)?
                .read_postings(&its_articles, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let alive = reader.alive_bitset();
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    return Ok(true);
                }
                doc = postings.advance();
            }
        }
        Ok(false)
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

    /// The hits of a page of entries, each with its extract.
    pub(super) fn entry_hits(
        &self,
        searcher: &Searcher,
        page: &[(f32, DocAddress)],
        plan: &Plan,
    ) -> Result<Vec<Hit>, SearchError> {
        let entries: Vec<DocAddress> = page.iter().map(|(_, a)| *a).collect();
        let held = self.words_held(searcher, &entries, &plan.highlight)?;
        page.iter()
            .map(|&(score, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(self.hit(&doc, score, plan, held.of(address)))
            })
            .collect()
    }

    /// The hits of a page of documents, each with its best articles.
    pub(super) fn document_hits(
        &self,
        searcher: &Searcher,
        page: Vec<Group>,
        plan: &Plan,
    ) -> Result<Vec<Hit>, SearchError> {
        let documents: Vec<Option<DocAddress>> = page
            .iter()
            .map(|group| self.document_of(searcher, group))
            .collect::<Result<_, _>>()?;
        let shown: Vec<DocAddress> = page
            .iter()
            .zip(&documents)
            .flat_map(|(group, document)| {
                let articles = group.articles.iter().take(ARTICLES_SHOWN);
                articles.chain(document.as_ref().or(group.articles.first()))
            })
            .copied()
            .collect();
        let held = self.words_held(searcher, &shown, &plan.highlight)?;
        page.into_iter()
            .zip(documents)
            .map(|(group, document)| self.document_hit(searcher, group, document, plan, &held))
            .collect()
    }

    /// The entry of a group's legal document: the one ranked, or else the one indexed.
    fn document_of(
        &self,
        searcher: &Searcher,
        group: &Group,
    ) -> Result<Option<DocAddress>, SearchError> {
        Ok(match (group.document, group.family) {
            (Some(a), _) => Some(a),
            (None, Some(family)) => searcher
                .search(
                    &TermQuery::new(
                        Term::from_field_u64(self.fields.doc_family, family),
                        IndexRecordOption::Basic,
                    ),
                    &TopDocs::with_limit(1).order_by_score(),
                )?
                .first()
                .map(|(_, a)| *a),
            (None, None) => None,
        })
    }

    fn document_hit(
        &self,
        searcher: &Searcher,
        group: Group,
        document: Option<DocAddress>,
        plan: &Plan,
        held: &WordsHeld,
    ) -> Result<Hit, SearchError> {
        let f = &self.fields;
        let mut articles = Vec::new();
        for address in group.articles.iter().take(ARTICLES_SHOWN) {
            let doc: TantivyDocument = searcher.doc(*address)?;
            articles.push(ArticleHit {
                key: text_value(&doc, f.key).unwrap_or_default(),
                number: text_value(&doc, f.article_number).unwrap_or_default(),
                title: text_value(&doc, f.title_text).unwrap_or_default(),
                url: text_value(&doc, f.url).unwrap_or_default(),
                snippet: snippet_within(
                    stored_text(&doc, f.body_text),
                    &plan.highlight,
                    MAX_READ,
                    held.of(*address),
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
                self.hit_reading(&doc, group.score, plan, read, held.of(a))
            }
            // Articles indexed before their document: name the document after them.
            None => {
                let first = group.articles[0];
                let doc: TantivyDocument = searcher.doc(first)?;
                let mut hit = self.hit(&doc, group.score, plan, held.of(first));
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
