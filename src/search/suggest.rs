//! "Did you mean": for a query typed without diacritics, the most likely accented spelling,
//! chosen from the index's own vocabulary (each folded syllable's accented spellings with their
//! document frequencies) and its syllable-pair statistics (the accented pairs field), by a
//! Viterbi search over the candidate spellings.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::{Searcher, Term};

use super::analyzer::{pair, Syllable};
use super::index::SearchIndex;
use super::SearchError;

/// Spellings kept per folded syllable: enough for `ban` (bán, bàn, bản, bạn, băn, ban…).
const CANDIDATES: usize = 8;

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

    /// The accented spelling of `query` most likely meant, when it differs from what was typed:
    /// `quyet dinh cong thong tin` → `quyết định cổng thông tin`. `syllables` are the query's.
    pub(crate) fn did_you_mean(
        &self,
        searcher: &Searcher,
        query: &str,
        syllables: &[Syllable],
    ) -> Result<Option<String>, SearchError> {
        if syllables.is_empty() || syllables.iter().any(Syllable::has_diacritics) {
            return Ok(None);
        }
        let vocabulary = self.vocabulary(searcher)?;
        // Only real words are proposed: with a syllable the index has never seen (`doy`),
        // the spelling meant is not known.
        if syllables.iter().any(|s| {
            s.folded.chars().all(char::is_alphabetic)
                && !vocabulary.spellings.contains_key(&s.folded)
        }) {
            return Ok(None);
        }
        let total = searcher.num_docs().max(1) as f64;
        let pair_df = |a: &str, b: &str| {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.body_pairs, &pair(a, b)))
                .unwrap_or(0) as f64
        };
        // Candidates per position: the typed syllable itself when the index has nothing better.
        let options: Vec<Vec<(String, f64)>> = syllables
            .iter()
            .map(|s| match vocabulary.spellings.get(&s.folded) {
                Some(list) if !list.is_empty() => {
                    list.iter().map(|(w, n)| (w.clone(), *n as f64)).collect()
                }
                _ => vec![(s.accented.clone(), 0.0)],
            })
            .collect();
        // best[i][k]: log-probability of the best path ending in candidate k at position i.
        let mut best: Vec<Vec<(f64, usize)>> = Vec::with_capacity(options.len());
        best.push(
            options[0]
                .iter()
                .map(|(_, n)| (((n + 0.5) / total).ln(), 0))
                .collect(),
        );
        for i in 1..options.len() {
            let mut row = Vec::with_capacity(options[i].len());
            for (word, n) in &options[i] {
                let unigram = (n + 0.5) / total;
                let mut top = (f64::NEG_INFINITY, 0);
                for (k, (prev, prev_n)) in options[i - 1].iter().enumerate() {
                    // Interpolated bigram: pairs seen in the index dominate.
                    let p = if syllables[i].joined_to_previous && *prev_n > 0.0 {
                        0.9 * pair_df(prev, word) / prev_n + 0.1 * unigram
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
            out.push_str(&options[i][k].0);
            cursor = s.end;
        }
        out.push_str(&query[cursor..]);
        let typed: String = crate::text::fold(query);
        Ok((out != typed && out != query).then_some(out))
    }
}
