//! The index on disk: its schema, opening it, building it from scratch into a new directory
//! that replaces the old one only when complete, and applying upserts and deletes with the
//! change-log id they bring the index up to.
//!
//! Layout of the index root (`data/search/`): one directory per build (`g1`, `g2`…) and a file
//! `CURRENT` naming the complete one. A reader opens only what `CURRENT` names, so it never sees
//! a half-built index; a crash during a rebuild leaves an orphan directory that the next rebuild
//! removes.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use parking_lot::Mutex;
use sha2::{Digest, Sha256};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::analyzer::{syllables, Syllable, View};
use super::answers::Answers;
use super::query::FilterSets;
use super::snippet;
use super::suggest::Vocabulary;
use super::{DocKind, Facets, SearchDoc, SearchError, SearchQuery, SearchResults};
use crate::legal::{citations, symbol};
use crate::text::fold;

/// The fast fields holding a legal document's [`family`]: on the document's own entry, and on
/// each of its articles. Ranking, grouping and facets read them by these names.
pub(crate) const DOC_FAMILY: &str = "doc_family";
pub(crate) const PARENT_FAMILY: &str = "parent_family";

/// A name as a key, from its syllables: folded, one space between them (`Luật Biển Việt Nam`
/// and `luat bien viet nam` give `luat bien viet nam`).
pub(crate) fn title_key(name: &[Syllable]) -> String {
    let folded: Vec<&str> = name.iter().map(|s| s.folded.as_str()).collect();
    folded.join(" ")
}

/// The file naming the complete build inside the index root.
const CURRENT: &str = "CURRENT";

/// Bumped when the schema or the analyzer changes: an index of another version is reported as
/// needing a rebuild rather than read wrongly.
const FORMAT: u32 = 7;

/// Entries up to which an index is merged into one segment after a bulk change (about two
/// seconds of one core for the 18,500 entries of the shared law corpus).
const MERGE_ALL_UP_TO: u64 = 200_000;

/// Memory the writer may use before it flushes a segment.
const WRITER_HEAP_BYTES: usize = 128 * 1024 * 1024;

/// The fields of the schema, by role.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub key: Field,
    pub kind: Field,
    pub site: Field,
    pub lang: Field,
    pub url: Field,
    /// Stored texts (shown and quoted), not searched.
    pub title_text: Field,
    pub doc_title_text: Field,
    pub body_text: Field,
    /// Searched views of the title (article heading for articles).
    pub title: Field,
    pub title_fold: Field,
    pub title_pairs_fold: Field,
    /// Searched views of the document's title (the law's name, on its articles too).
    pub doc_title: Field,
    pub doc_title_fold: Field,
    /// Searched views of the body.
    pub body: Field,
    pub body_fold: Field,
    pub body_pairs: Field,
    pub body_pairs_fold: Field,
    pub date: Field,
    pub number_symbol: Field,
    /// Folded number-symbol keys, whole and partial (`17/2019/qd-ubnd`, `17/2019/qd`,
    /// `17/2019`), so that `qđ 17/2019` finds the decision.
    pub symbol_key: Field,
    /// The same keys on an article, for its document's number-symbol: the articles follow
    /// the document itself.
    pub parent_symbol_key: Field,
    /// A legal document's whole name, folded ([`title_key`]): a query that is nothing but the
    /// name (`luật biển việt nam`) names that document, not another whose longer name holds
    /// the same words (`luật cảnh sát biển việt nam`).
    pub title_key: Field,
    pub doc_type: Field,
    pub issuer: Field,
    pub legal_field: Field,
    pub year: Field,
    pub status: Field,
    pub article_number: Field,
    pub parent_key: Field,
    /// A legal document's [`family`] on the document's own entry (searched: the documents of
    /// ranked articles are found by it) and on each of its articles (`parent_family`): ranking
    /// and grouping read a number per entry, not a key spelt out of a dictionary.
    pub doc_family: Field,
    pub parent_family: Field,
    /// On a Q&A answer: the articles it cites, as [`citation_key`]s, so that legal results
    /// show the answers beside the articles.
    pub cites: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let keyword = STRING | STORED | FAST;
        // Filtered and counted, never shown: not stored, since a page reads every stored
        // value of each entry it shows (two dozen entries for a page of documents).
        let filter = STRING | FAST;
        let view = |v: View| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(v.tokenizer_name())
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let fields = Fields {
            // Fast too: facets count documents, an article by its document's key.
            key: b.add_text_field("key", STRING | STORED | FAST),
            kind: b.add_text_field("kind", keyword.clone()),
            site: b.add_text_field("site", filter.clone()),
            lang: b.add_text_field("lang", filter.clone()),
            url: b.add_text_field("url", STORED),
            title_text: b.add_text_field("title_text", STORED),
            doc_title_text: b.add_text_field("doc_title_text", STORED),
            // Bytes: checked as UTF-8 by `stored_text`, much faster than the store's own check.
            body_text: b.add_bytes_field("body_text", STORED),
            title: b.add_text_field("title", view(View::Accented)),
            title_fold: b.add_text_field("title_fold", view(View::Folded)),
            title_pairs_fold: b.add_text_field("title_pairs_fold", view(View::FoldedPairs)),
            doc_title: b.add_text_field("doc_title", view(View::Accented)),
            doc_title_fold: b.add_text_field("doc_title_fold", view(View::Folded)),
            body: b.add_text_field("body", view(View::Accented)),
            body_fold: b.add_text_field("body_fold", view(View::Folded)),
            body_pairs: b.add_text_field("body_pairs", view(View::AccentedPairs)),
            body_pairs_fold: b.add_text_field("body_pairs_fold", view(View::FoldedPairs)),
            date: b.add_i64_field("date", STORED | FAST),
            number_symbol: b.add_text_field("number_symbol", STORED),
            symbol_key: b.add_text_field("symbol_key", STRING),
            parent_symbol_key: b.add_text_field("parent_symbol_key", STRING),
            title_key: b.add_text_field("title_key", STRING),
            doc_type: b.add_text_field("doc_type", filter.clone()),
            issuer: b.add_text_field("issuer", filter.clone()),
            legal_field: b.add_text_field("legal_field", filter.clone()),
            year: b.add_u64_field("year", INDEXED | FAST),
            status: b.add_text_field("status", filter.clone()),
            article_number: b.add_text_field("article_number", STRING | STORED),
            parent_key: b.add_text_field("parent_key", keyword),
            doc_family: b.add_u64_field(DOC_FAMILY, INDEXED | FAST),
            // Searched too: whether a document has articles (see `SearchIndex::through_articles`).
            parent_family: b.add_u64_field(PARENT_FAMILY, INDEXED | FAST),
            // Fast: which shown articles an answer cites is read without its stored body.
            cites: b.add_text_field("cites", STRING | FAST),
        };
        (b.build(), fields)
    }

    /// The tantivy document of a search entry.
    fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let mut d = TantivyDocument::new();
        d.add_text(self.key, &doc.key);
        d.add_text(self.kind, doc.kind.as_str());
        for site in &doc.site_ids {
            d.add_text(self.site, site.to_string());
        }
        d.add_text(self.lang, &doc.lang);
        d.add_text(self.url, &doc.url);
        d.add_text(self.title_text, &doc.title);
        // Only what an extract reads is stored: every stored text of an entry shown is
        // decompressed and checked as UTF-8 (a fifth of a short query's time with 16 KB).
        let stored = if doc.kind == DocKind::LegalDocument {
            snippet::OUTLINE_READ
        } else {
            snippet::MAX_READ
        };
        d.add_bytes(
            self.body_text,
            snippet::opening(&doc.body, stored).as_bytes(),
        );
        self.add_views(
            &mut d,
            &doc.title,
            &[
                (View::Accented, self.title),
                (View::Folded, self.title_fold),
                (View::FoldedPairs, self.title_pairs_fold),
            ],
        );
        self.add_views(
            &mut d,
            &doc.body,
            &[
                (View::Accented, self.body),
                (View::Folded, self.body_fold),
                (View::AccentedPairs, self.body_pairs),
                (View::FoldedPairs, self.body_pairs_fold),
            ],
        );
        if let Some(date) = doc.date {
            d.add_i64(self.date, date_number(date));
        }
        if doc.kind == DocKind::Question {
            for (symbol, article) in citations::cited_articles(&doc.body) {
                d.add_text(self.cites, citation_key(&symbol, &article));
            }
        }
        if let Some(legal) = &doc.legal {
            d.add_text(self.doc_title_text, &legal.document_title);
            self.add_views(
                &mut d,
                &legal.document_title,
                &[
                    (View::Accented, self.doc_title),
                    (View::Folded, self.doc_title_fold),
                ],
            );
            d.add_text(self.number_symbol, &legal.number_symbol);
            let symbol_field = if legal.article.is_some() {
                self.parent_symbol_key
            } else {
                self.symbol_key
            };
            for key in symbol_keys(&legal.number_symbol) {
                d.add_text(symbol_field, key);
            }
            if legal.article.is_none() {
                let name = syllables(&legal.document_title);
                d.add_text(self.title_key, title_key(&name));
            }
            d.add_text(self.doc_type, &legal.doc_type);
            for issuer in &legal.issuers {
                d.add_text(self.issuer, issuer);
            }
            for field in &legal.fields {
                d.add_text(self.legal_field, field);
            }
            if let Some(year) = legal.year {
                d.add_u64(self.year, u64::from(year));
            }
            d.add_text(self.status, &legal.status);
            if let Some(article) = &legal.article {
                d.add_text(self.article_number, &article.number);
            }
            if let Some(parent) = &legal.parent_key {
                d.add_text(self.parent_key, parent);
                d.add_u64(self.parent_family, family(parent));
            } else if doc.kind == DocKind::LegalDocument {
                d.add_u64(self.doc_family, family(&doc.key));
            }
        }
        d
    }

    /// Indexes a text in several views (each field's tokenizer is its view).
    fn add_views(&self, d: &mut TantivyDocument, text: &str, views: &[(View, Field)]) {
        // Pre-tokenized values would split the text once, but tantivy serialises them to JSON
        // on their way to the indexing threads, which costs more than splitting again.
        for &(_, field) in views {
            d.add_text(field, text);
        }
    }
}

/// Dates sort as `yyyymmdd` numbers: readable in the index and ordered like dates.
pub(crate) fn date_number(date: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// The date of a `yyyymmdd` number.
pub(crate) fn number_date(n: i64) -> Option<chrono::NaiveDate> {
    let year = i32::try_from(n / 10_000).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, (n / 100 % 100) as u32, (n % 100) as u32)
}

/// The keys a stored number-symbol is found by: its folded form, and the partial forms people
/// type (`17/2019` and `17/2019/qd` for `17/2019/QĐ-UBND`), as [`symbol::find_in_query`]
/// folds them.
pub fn symbol_keys(number_symbol: &str) -> Vec<String> {
    let mut keys = Vec::new();
    match symbol::parse(number_symbol) {
        Ok(s) => {
            keys.push(s.folded.clone());
            if let Some(year) = s.year {
                keys.push(format!("{}/{year}", s.number));
                if let Some(code) = &s.type_code {
                    keys.push(format!("{}/{year}/{}", s.number, fold(code)));
                }
            }
        }
        Err(_) => {
            let folded: String = fold(number_symbol)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if !folded.is_empty() {
                keys.push(folded);
            }
        }
    }
    keys.dedup();
    keys
}

/// A legal document's number among the entries of an index, from its key: the first eight
/// bytes of the key's SHA-256, so that it is the same in every build and on every node.
pub(crate) fn family(document_key: &str) -> u64 {
    let digest = Sha256::digest(document_key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

/// How an answer's citation of an article is indexed and looked up: a number-symbol key (see
/// [`symbol_keys`]) and the article's number, folded: `40/2009/qh12#24`.
pub fn citation_key(symbol_key: &str, article: &str) -> String {
    format!("{symbol_key}#{}", fold(article.trim()))
}

/// A search index open for reading; cheap to share between threads.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// The accented spellings behind each folded syllable, built from the index's own terms
    /// for "did you mean", rebuilt when the searcher changes.
    pub(crate) vocabulary: Mutex<Option<(u64, Arc<Vocabulary>)>>,
    /// Recent pages of results and facet counts; off unless [`SearchIndex::remember_answers`].
    pub(crate) answers: Answers<SearchQuery, SearchResults>,
    pub(crate) facet_answers: Answers<SearchQuery, Facets>,
    /// The entries each recent filter allows, per segment.
    pub(crate) filter_sets: FilterSets,
}

impl SearchIndex {
    /// Opens the complete index under `root`. [`SearchError::Missing`] and
    /// [`SearchError::Corrupt`] tell the app to [`SearchIndex::rebuild`] it.
    pub fn open(root: &Path) -> Result<SearchIndex, SearchError> {
        let name = match fs::read_to_string(root.join(CURRENT)) {
            Ok(name) => name.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SearchError::Missing(root.to_path_buf()))
            }
            Err(e) => return Err(e.into()),
        };
        let dir = root.join(&name);
        let corrupt = |reason: String| SearchError::Corrupt {
            path: dir.clone(),
            reason,
        };
        if name.is_empty() || name.contains(['/', '\\']) || !dir.is_dir() {
            return Err(corrupt(format!("{CURRENT} names no build: {name:?}")));
        }
        let index = Index::open_in_dir(&dir).map_err(|e| corrupt(e.to_string()))?;
        let search = SearchIndex::wrap(index)?;
        let format = search.commit_payload()?.map(|p| p.format);
        if format != Some(FORMAT) {
            return Err(corrupt(format!(
                "format {format:?}, this version reads {FORMAT}"
            )));
        }
        Ok(search)
    }

    /// Whether a complete index is still on disk under `root`: `CURRENT` names a build whose
    /// directory exists (false once someone or something deleted it).
    pub fn on_disk(root: &Path) -> bool {
        fs::read_to_string(root.join(CURRENT))
            .map(|name| {
                let name = name.trim();
                !name.is_empty() && root.join(name).join("meta.json").is_file()
            })
            .unwrap_or(false)
    }

    /// An empty index in memory, for tests and benchmarks.
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, _) = Fields::schema();
        SearchIndex::wrap(Index::create_in_ram(schema))
    }

    /// Starts building a complete index under `root`; readers keep the previous one until
    /// [`Rebuild::finish`].
    pub fn rebuild(root: &Path) -> Result<Rebuild, SearchError> {
        fs::create_dir_all(root)?;
        let current = fs::read_to_string(root.join(CURRENT)).unwrap_or_default();
        let current = current.trim();
        // Orphans of an interrupted rebuild go; the current build stays for its readers.
        let mut last = 0u64;
        for entry in fs::read_dir(root)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(n) = name.strip_prefix('g').and_then(|n| n.parse::<u64>().ok()) {
                last = last.max(n);
                if name != current {
                    fs::remove_dir_all(entry.path())?;
                }
            }
        }
        let name = format!("g{}", last + 1);
        let dir = root.join(&name);
        fs::create_dir_all(&dir)?;
        let (schema, _) = Fields::schema();
        let search = SearchIndex::wrap(Index::create_in_dir(&dir, schema)?)?;
        let updater = search.updater()?;
        Ok(Rebuild {
            root: root.to_path_buf(),
            name,
            previous: (!current.is_empty()).then(|| current.to_string()),
            search,
            updater,
        })
    }

    fn wrap(index: Index) -> Result<SearchIndex, SearchError> {
        for view in View::ALL {
            index
                .tokenizers()
                .register(view.tokenizer_name(), view.analyzer());
        }
        let (expected, fields) = Fields::schema();
        if index.schema() != expected {
            return Err(SearchError::Corrupt {
                path: PathBuf::new(),
                reason: "the schema differs from this version's".into(),
            });
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            vocabulary: Mutex::new(None),
            answers: Answers::new(0),
            facet_answers: Answers::new(0),
            filter_sets: FilterSets::default(),
        })
    }

    /// Keeps up to about `2 × capacity` recent answers of each sort (pages, facet counts)
    /// for as long as the index does not change; `0` keeps none.
    pub fn remember_answers(&mut self, capacity: usize) {
        self.answers = Answers::new(capacity);
        self.facet_answers = Answers::new(capacity);
    }

    /// A writer for upserts and deletes. One at a time: a second one fails while the first
    /// lives.
    pub fn updater(&self) -> Result<IndexUpdater, SearchError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        Ok(IndexUpdater {
            writer: self
                .index
                .writer(WRITER_HEAP_BYTES.max((threads * 16) << 20))?,
            fields: self.fields.clone(),
            reader: self.reader.clone(),
            statuses_on: self.statuses_on()?,
        })
    }

    /// The change-log id the index has applied up to, as the last commit recorded it.
    pub fn applied_change(&self) -> Result<Option<i64>, SearchError> {
        Ok(self.commit_payload()?.map(|p| p.applied_change))
    }

    /// The day the legal documents' statuses in the index were computed for.
    pub fn statuses_on(&self) -> Result<Option<NaiveDate>, SearchError> {
        Ok(self.commit_payload()?.and_then(|p| p.statuses_on))
    }

    /// Number of entries visible to searches.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when no entry is visible.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks every file of the index against its checksum (slow: reads it all), for a
    /// start-up or maintenance check.
    pub fn verify(&self) -> Result<(), SearchError> {
        let damaged = self.index.validate_checksum()?;
        if damaged.is_empty() {
            Ok(())
        } else {
            Err(SearchError::Corrupt {
                path: PathBuf::new(),
                reason: format!("{} damaged files", damaged.len()),
            })
        }
    }

    fn commit_payload(&self) -> Result<Option<Payload>, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()))
    }
}

/// What each commit records beside the data.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Payload {
    format: u32,
    applied_change: i64,
    /// Absent from indexes written before statuses were refreshed daily.
    #[serde(default)]
    statuses_on: Option<NaiveDate>,
}

/// Applies changes to an index; nothing is visible until [`IndexUpdater::commit`].
pub struct IndexUpdater {
    writer: IndexWriter,
    fields: Fields,
    reader: IndexReader,
    statuses_on: Option<NaiveDate>,
}

impl IndexUpdater {
    /// Adds the entry, replacing any entry with the same key.
    pub fn upsert(&mut self, doc: &SearchDoc) -> Result<(), SearchError> {
        self.delete(&doc.key);
        self.writer.add_document(self.fields.document(doc))?;
        Ok(())
    }

    /// Adds an entry known to be new (a rebuild), skipping the delete of its key.
    pub fn add(&mut self, doc: &SearchDoc) -> Result<(), SearchError> {
        self.writer.add_document(self.fields.document(doc))?;
        Ok(())
    }

    /// Removes the entry with this key, if any.
    pub fn delete(&mut self, key: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.key, key));
    }

    /// Removes a legal document and every article of it.
    pub fn delete_document_with_articles(&mut self, key: &str) {
        self.delete(key);
        self.writer
            .delete_term(Term::from_field_text(self.fields.parent_key, key));
    }

    /// Records, with the next commit, that legal documents' statuses are now those of `day`.
    pub fn set_statuses_on(&mut self, day: NaiveDate) {
        self.statuses_on = Some(day);
    }

    /// The day statuses were computed for, as this writer will record it.
    pub fn statuses_on(&self) -> Option<NaiveDate> {
        self.statuses_on
    }

    /// Merges every segment into one when the index is small enough to do it in seconds;
    /// whether it did. The writer splits a bulk load into a segment per thread, and a query
    /// pays per segment for each of its dozens of terms (after the shared law corpus was
    /// imported, five segments: see benches/README.md for what one gained). The merge keeps
    /// the last commit's payload.
    pub fn merge_all(&mut self) -> Result<bool, SearchError> {
        let metas = self.writer.index().searchable_segment_metas()?;
        let entries: u64 = metas.iter().map(|m| u64::from(m.max_doc())).sum();
        if metas.len() < 2 || entries > MERGE_ALL_UP_TO {
            return Ok(false);
        }
        let ids: Vec<_> = metas.iter().map(|m| m.id()).collect();
        self.writer.merge(&ids).wait()?;
        self.reader.reload()?;
        Ok(true)
    }

    /// Makes the changes visible and durable, recording that the index now reflects the
    /// change log up to `applied_change`.
    pub fn commit(&mut self, applied_change: i64) -> Result<(), SearchError> {
        let payload = serde_json::to_string(&Payload {
            format: FORMAT,
            applied_change,
            statuses_on: self.statuses_on,
        })
        .map_err(std::io::Error::other)?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }
}

/// A complete index being built in a new directory.
pub struct Rebuild {
    root: PathBuf,
    name: String,
    previous: Option<String>,
    search: SearchIndex,
    updater: IndexUpdater,
}

impl Rebuild {
    /// The day the statuses of the documents added are computed for.
    pub fn set_statuses_on(&mut self, day: NaiveDate) {
        self.updater.set_statuses_on(day);
    }

    /// Adds one entry (keys must be unique: nothing is replaced during a rebuild).
    pub fn add(&mut self, doc: &SearchDoc) -> Result<(), SearchError> {
        self.updater.add(doc)
    }

    /// Commits, waits for segment merges, then makes this build the current one (an atomic
    /// rename) and removes the previous build.
    pub fn finish(self, applied_change: i64) -> Result<SearchIndex, SearchError> {
        let Rebuild {
            root,
            name,
            previous,
            search,
            mut updater,
        } = self;
        updater.commit(applied_change)?;
        if let Err(e) = updater.merge_all() {
            tracing::warn!(error = %e, "search index: merging the new build's segments failed");
        }
        updater.writer.wait_merging_threads()?;
        search.reader.reload()?;
        let tmp = root.join(format!("{CURRENT}.tmp"));
        fs::write(&tmp, &name)?;
        fs::File::open(&tmp)?.sync_all()?;
        fs::rename(&tmp, root.join(CURRENT))?;
        if let Some(previous) = previous {
            // Open readers of the old build keep their files open (unlinked files stay
            // readable on Unix); failing to remove it only costs space until the next rebuild.
            let _ = fs::remove_dir_all(root.join(previous));
        }
        Ok(search)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_keys_include_the_partial_forms_people_type() {
        assert_eq!(
            symbol_keys("17/2019/QĐ-UBND"),
            ["17/2019/qd-ubnd", "17/2019", "17/2019/qd"]
        );
        assert_eq!(symbol_keys("45/2013/QH13"), ["45/2013/qh13", "45/2013"]);
        assert_eq!(symbol_keys("102-SL/L-004"), ["102-sl/l-004"]);
    }

    #[test]
    fn date_numbers_round_trip() {
        let d = chrono::NaiveDate::from_ymd_opt(2019, 6, 12).expect("date");
        assert_eq!(date_number(d), 20190612);
        assert_eq!(number_date(20190612), Some(d));
    }
}

#[cfg(test)]
mod disk_tests {
    use super::*;
    use crate::search::{DocKind, SearchDoc, SearchQuery};

    fn page(key: &str, title: &str) -> SearchDoc {
        SearchDoc {
            key: key.into(),
            kind: DocKind::Page,
            site_ids: vec![1],
            lang: "vi".into(),
            url: format!("/trang/{key}"),
            title: title.into(),
            body: title.into(),
            date: None,
            legal: None,
        }
    }

    #[test]
    fn a_missing_index_is_reported_as_missing() {
        let dir = tempfile::tempdir().expect("tmp");
        assert!(matches!(
            SearchIndex::open(dir.path()),
            Err(SearchError::Missing(_))
        ));
    }

    #[test]
    fn a_rebuild_replaces_the_current_index_only_when_finished() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut first = SearchIndex::rebuild(dir.path()).expect("rebuild");
        first.add(&page("page:1", "Giới thiệu chung")).expect("add");
        // Not finished: nothing to open yet.
        assert!(matches!(
            SearchIndex::open(dir.path()),
            Err(SearchError::Missing(_))
        ));
        let first = first.finish(7).expect("finish");
        assert_eq!(first.len(), 1);
        let opened = SearchIndex::open(dir.path()).expect("open");
        assert_eq!(opened.applied_change().expect("payload"), Some(7));

        let mut second = SearchIndex::rebuild(dir.path()).expect("rebuild");
        second
            .add(&page("page:2", "Lịch tiếp công dân"))
            .expect("add");
        // Readers of the current build still see it during the rebuild.
        let during = SearchIndex::open(dir.path()).expect("open");
        assert_eq!(
            during
                .search(&SearchQuery::new("giới thiệu"))
                .expect("search")
                .hits
                .len(),
            1
        );
        second.finish(9).expect("finish");
        let after = SearchIndex::open(dir.path()).expect("open");
        assert_eq!(after.applied_change().expect("payload"), Some(9));
        assert_eq!(
            after
                .search(&SearchQuery::new("tiếp công dân"))
                .expect("search")
                .hits
                .len(),
            1
        );
        assert!(after
            .search(&SearchQuery::new("giới thiệu"))
            .expect("search")
            .hits
            .is_empty());
        let builds = fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(
            builds, 2,
            "the previous build is removed: CURRENT and one build remain"
        );
    }

    #[test]
    fn a_damaged_index_is_reported_as_corrupt() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut b = SearchIndex::rebuild(dir.path()).expect("rebuild");
        b.add(&page("page:1", "Giới thiệu")).expect("add");
        b.finish(1).expect("finish");
        let current = fs::read_to_string(dir.path().join(CURRENT)).expect("current");
        fs::write(
            dir.path().join(current.trim()).join("meta.json"),
            "{not json",
        )
        .expect("write");
        assert!(matches!(
            SearchIndex::open(dir.path()),
            Err(SearchError::Corrupt { .. })
        ));
        fs::write(dir.path().join(CURRENT), "../elsewhere").expect("write");
        assert!(matches!(
            SearchIndex::open(dir.path()),
            Err(SearchError::Corrupt { .. })
        ));
    }

    #[test]
    fn an_updater_commit_is_visible_after_reopening() {
        let dir = tempfile::tempdir().expect("tmp");
        let index = SearchIndex::rebuild(dir.path())
            .expect("rebuild")
            .finish(0)
            .expect("finish");
        let mut w = index.updater().expect("writer");
        w.upsert(&page("page:3", "Thủ tục hành chính"))
            .expect("upsert");
        w.commit(5).expect("commit");
        drop(w);
        let reopened = SearchIndex::open(dir.path()).expect("open");
        assert_eq!(reopened.applied_change().expect("payload"), Some(5));
        assert_eq!(reopened.len(), 1);
    }
}
