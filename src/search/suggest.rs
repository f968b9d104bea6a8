//! "Did you mean", asked only when the results are poor (few matches, or a word the index has
//! never seen): the most likely spelling of the query in the index's own words. Each folded
//! syllable's accented spellings come with their document frequencies; a syllable the index
//! does not hold is replaced by the real syllables one edit away (`doy` → `doi`, `tinn` →
//! `tin`); the syllable-pair statistics (the accented pairs field) then choose, by a Viterbi
//! search over the candidates: `chuyen doy so` → `chuyển đổi số`.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::{Searcher, Term};

use super::analyzer::{pair, Syllable};
use super::index::SearchIndex;
use super::SearchError;

/// Spellings kept per folded syllable: enough for `ban` (bán, bàn, bản, bạn, băn, ban…).
const CANDIDATES: usize = 8;

/// Spellings kept for a syllable the index does not hold, among all those one edit away: with
/// [`MAX_QUERY_SYLLABLES`](super::query::MAX_QUERY_SYLLABLES) of them a query looks up at most
/// 32 × 16² pairs (a few milliseconds).
const NEAR_CANDIDATES: usize = 16;

/// Fewer results than this are poor: a better spelling may find more.
pub(crate) const POOR_BELOW: usize = 5;

/// Letters a folded syllable is made of (edits try each).
const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// The accented spellings of each folded syllable, most frequent first.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    spellings: HashMap<String, Vec<(String, u64)>>,
}

impl Vocabulary {
    /// Reads every accented syllable of the body and title fields.
    fn build(searcher: &Searcher, fields: &[tantivy::schema::Field]) -> Result<Self, SearchError> {
        let mut df: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    let Ok(word) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if word.chars().all(char::is_alphabetic) {
                        *df.entry(word.to_string()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        let mut spellings: HashMap<String, Vec<(String, u64)>> = HashMap::new();
        for (word, n) in df {
            spellings
                .entry(crate::text::fold(&word))
                .or_default()
                .push((word, n));
        }
        for list in spellings.values_mut() {
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            list.truncate(CANDIDATES);
        }
        Ok(Vocabulary { spellings })
    }

    /// The folded syllable's accented spellings, most frequent first.
    fn spellings(&self, folded: &str) -> Option<&[(String, u64)]> {
        self.spellings.get(folded).map(Vec::as_slice)
    }

    /// Whether the index holds the syllable as spelt (any accented spelling, when typed
    /// without diacritics).
    fn holds(&self, s: &Syllable) -> bool {
        self.spellings(&s.folded)
            .is_some_and(|list| !s.has_diacritics() || list.iter().any(|(w, _)| *w == s.accented))
    }

    /// The folded syllables the index holds one edit (a letter deleted, added, replaced, or
    /// two swapped) away from `folded`.
    fn one_edit_away(&self, folded: &str) -> Vec<&str> {
        let b = folded.as_bytes();
        let mut edits: Vec<Vec<u8>> = Vec::new();
        for i in 0..=b.len() {
            for &c in LETTERS {
                edits.push([&b[..i], &[c], &b[i..]].concat());
                if i < b.len() && b[i] != c {
                    edits.push([&b[..i], &[c], &b[i + 1..]].concat());
                }
            }
            if i < b.len() {
                edits.push([&b[..i], &b[i + 1..]].concat());
            }
            if i + 1 < b.len() && b[i] != b[i + 1] {
                edits.push([&b[..i], &[b[i + 1], b[i]], &b[i + 2..]].concat());
            }
        }
        let mut found: Vec<&str> = edits
            .iter()
            .filter_map(|e| std::str::from_utf8(e).ok())
            .filter_map(|e| self.spellings.get_key_value(e).map(|(k, _)| k.as_str()))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// One spelling a query's syllable may have meant.
struct Candidate {
    /// As it would be written in the suggestion.
    shown: String,
    /// As the index spells it (for its pairs).
    spelling: String,
    /// In how many entries the index holds it.
    df: f64,
}

impl Candidate {
    fn of((spelling, df): &(String, u64)) -> Candidate {
        Candidate {
            shown: spelling.clone(),
            spelling: spelling.clone(),
            df: *df as f64,
        }
    }
}

/// Whether the index holds every word of the query as typed (in a body or a title; with its
/// diacritics when typed with them).
pub(crate) fn all_known(
    searcher: &Searcher,
    fields: &super::index::Fields,
    syllables: &[Syllable],
) -> bool {
    syllables.iter().filter(|s| is_word(s)).all(|s| {
        let (views, spelling) = if s.has_diacritics() {
            ([fields.body, fields.title], &s.accented)
        } else {
            ([fields.body_fold, fields.title_fold], &s.folded)
        };
        views.iter().any(|&f| {
            searcher
                .doc_freq(&Term::from_field_text(f, spelling))
                .is_ok_and(|n| n > 0)
        })
    })
}

/// A syllable of letters only (numbers and codes are never respelt).
fn is_word(s: &Syllable) -> bool {
    s.folded.chars().all(|c| c.is_ascii_alphabetic())
}

impl SearchIndex {
    /// The vocabulary of the current searcher, built once per index generation.
    fn vocabulary(&self, searcher: &Searcher) -> Result<Arc<Vocabulary>, SearchError> {
        let generation = searcher.generation().generation_id();
        let mut cache = self.vocabulary.lock();
        if let Some((g, v)) = cache.as_ref() {
            if *g == generation {
                return Ok(Arc::clone(v));
            }
        }
        let v = Arc::new(Vocabulary::build(
            searcher,
            &[self.fields.body, self.fields.title],
        )?);
        *cache = Some((generation, Arc::clone(&v)));
        Ok(v)
    }

    /// The spelling of `query` most likely meant, when it differs from what was typed:
    /// `quyet dinh cong thong tin` → `quyết định cổng thông tin`, `chuyen doy so` →
    /// `chuyển đổi số`. `syllables` are the query's. Syllables typed with diacritics that the
    /// index holds are kept as typed; `None` when a word has nothing near it in the index
    /// (only real words are proposed).
    pub(crate) fn did_you_mean(
        &self,
        searcher: &Searcher,
        query: &str,
        syllables: &[Syllable],
    ) -> Result<Option<String>, SearchError> {
        if syllables.is_empty() {
            return Ok(None);
        }
        let vocabulary = self.vocabulary(searcher)?;
        let total = searcher.num_docs().max(1) as f64;
        let pair_df = |a: &str, b: &str| {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.body_pairs, &pair(a, b)))
                .unwrap_or(0) as f64
        };
        // Candidates per position.
        let mut options: Vec<Vec<Candidate>> = Vec::with_capacity(syllables.len());
        for s in syllables {
            let list = if !is_word(s) || (s.has_diacritics() && vocabulary.holds(s)) {
                let df = vocabulary
                    .spellings(&s.folded)
                    .and_then(|l| l.iter().find(|(w, _)| *w == s.accented))
                    .map_or(0, |(_, n)| *n);
                vec![Candidate {
                    shown: query[s.start..s.end].to_string(),
                    spelling: s.accented.clone(),
                    df: df as f64,
                }]
            } else if let Some(known) = vocabulary.spellings(&s.folded) {
                known.iter().map(Candidate::of).collect()
            } else {
                // A slip of the keyboard: the real syllables one edit away compete, the
                // pairs they form with their neighbours decide.
                let mut near: Vec<Candidate> = vocabulary
                    .one_edit_away(&s.folded)
                    .into_iter()
                    .filter_map(|f| vocabulary.spellings(f))
                    .flatten()
                    .map(Candidate::of)
                    .collect();
                // The most frequent: the pairs looked up grow with the square of the candidates.
                near.sort_by(|a, b| b.df.total_cmp(&a.df).then_with(|| a.shown.cmp(&b.shown)));
                near.truncate(NEAR_CANDIDATES);
                if near.is_empty() {
                    return Ok(None);
                }
                near
            };
            options.push(list);
        }
        // best[i][k]: log-probability of the best path ending in candidate k at position i.
        let mut best: Vec<Vec<(f64, usize)>> = Vec::with_capacity(options.len());
        best.push(
            options[0]
                .iter()
                .map(|c| (((c.df + 0.5) / total).ln(), 0))
                .collect(),
        );
        for i in 1..options.len() {
            let mut row = Vec::with_capacity(options[i].len());
            for c in &options[i] {
                let unigram = (c.df + 0.5) / total;
                let mut top = (f64::NEG_INFINITY, 0);
                for (k, prev) in options[i - 1].iter().enumerate() {
                    // Interpolated bigram: pairs seen in the index dominate.
                    let p = if syllables[i].joined_to_previous && prev.df > 0.0 {
                        0.9 * pair_df(&prev.spelling, &c.spelling) / prev.df + 0.1 * unigram
                    } else {
                        unigram
                    };
                    let score = best[i - 1][k].0 + p.ln();
                    if score > top.0 {
                        top = (score, k);
                    }
                }
                row.push(top);
            }
            best.push(row);
        }
        // Walk back from the best final candidate.
        let mut chosen = vec![0usize; options.len()];
        let last = best.len() - 1;
        chosen[last] = (0..best[last].len())
            .max_by(|&a, &b| best[last][a].0.total_cmp(&best[last][b].0))
            .unwrap_or(0);
        for i in (1..options.len()).rev() {
            chosen[i - 1] = best[i][chosen[i]].1;
        }
        let mut out = String::with_capacity(query.len() + 16);
        let mut cursor = 0;
        for (i, (s, &k)) in syllables.iter().zip(&chosen).enumerate() {
            out.push_str(&query[cursor..s.start]);
            out.push_str(&options[i][k].shown);
            cursor = s.end;
        }
        out.push_str(&query[cursor..]);
        let typed: String = crate::text::fold(query);
        Ok((out != typed && out != query).then_some(out))
    }
}
