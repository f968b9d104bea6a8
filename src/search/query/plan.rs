//! Reading a query text: number-symbols, article numbers, question words, synonyms, and the
//! weighted terms of every view searched; the filters as queries.

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::super::analyzer::{pair, syllables, Syllable};
use super::super::index::{title_key, Fields};
use super::super::snippet::Highlight;
use super::super::vocabulary::{lexicon, FOLDED_QUESTION_WORDS, QUESTION_WORDS};
use super::union::TermUnion;
use super::{Filters, MAX_QUERY_CHARS, MAX_QUERY_SYLLABLES};
use crate::legal::symbol;
use crate::text::{fold, nfc};

/// Syllables in more than this share of the entries (`của`, `các`, `quy định`) weigh almost
/// nothing in BM25 yet cost the most to walk: they are left out when rarer words remain
/// (their pairs stay, so phrases keep their precision).
const COMMON_SHARE: f64 = 0.2;
const MIN_ENTRIES_FOR_COMMON: u64 = 5_000;

// Weights of the clauses, relative to one accented syllable in the body. An article heading
// says what the article is about, but a question names its subject in its own words, and a
// heading of a few syllables already scores high in BM25 for its shortness: the heading
// weighs half again the body (four times, then twice, let the best-titled articles of one law
// crowd out the answer to real citizens' questions).
const W_BODY: f32 = 1.0;
const W_TITLE: f32 = 1.5;
const W_DOC_TITLE: f32 = 0.6;
const W_BODY_PAIR: f32 = 1.0;
const W_TITLE_PAIR: f32 = 1.0;
/// Folded views in a query with diacritics: a misplaced tone still finds, but ranks lower.
const W_FOLDED_WHEN_ACCENTED: f32 = 0.3;
/// Words added from the lexicon, relative to the words typed.
const W_SYNONYM: f32 = 0.5;
/// A number-symbol match outranks any word match.
const W_SYMBOL: f32 = 1000.0;
/// `điều 5`: the article numbered so.
const W_ARTICLE_NUMBER: f32 = 8.0;
/// Each of the pairs `giải thích`, `từ ngữ` in a heading, for a question asking for a
/// definition: together about what the subject's words weigh in a heading, since the
/// definitions article is long and names its terms among many others (1.0 left it
/// below the law's other articles that name the subject in their heading).
const W_DEFINITION: f32 = 3.0;

/// A query text once read: the weighted terms it searches for.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Term and weight, each term once.
    pub(super) terms: Vec<(Term, f32)>,
    /// The words typed, to mark in snippets.
    pub(super) highlight: Highlight,
    /// Folded number-symbol keys.
    pub(super) symbols: Vec<symbol::NumberSymbol>,
    /// Query syllables (for "did you mean").
    pub(super) syllables: Vec<Syllable>,
    /// The text actually read (cut to the limits).
    pub(super) text: String,
    /// The query names a document (its type and name, a number-symbol): its articles may
    /// borrow the standing of the document that best matches.
    pub(super) names_document: bool,
}

impl Plan {
    pub(super) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Reads a query text.
    pub(crate) fn read(fields: &Fields, raw: &str) -> Plan {
        let cut: String = raw.chars().take(MAX_QUERY_CHARS).collect();
        let text = nfc(&cut);
        let mut plan = Plan::default();
        let mut weights: HashMap<(Field, String), f32> = HashMap::new();
        let mut add = |field: Field, term: String, w: f32| {
            *weights.entry((field, term)).or_default() += w;
        };

        // Number-symbols are matched as keywords and removed from the words.
        let mut words = text.clone();
        for found in symbol::find_in_query(&text).into_iter().rev() {
            add(fields.symbol_key, found.symbol.folded.clone(), W_SYMBOL);
            add(
                fields.parent_symbol_key,
                found.symbol.folded.clone(),
                W_SYMBOL / 2.0,
            );
            // Blanked out to the same length: the syllables' offsets stay those of `text`,
            // which "did you mean" rebuilds the query from.
            let blank = separator_of_len(found.span.len());
            words.replace_range(found.span, &blank);
            plan.symbols.insert(0, found.symbol);
        }

        // A query that is nothing but `17/2019` is a number-symbol typed without its type;
        // inside a sentence the same shape is more often a month (hence the parser's rule).
        if plan.symbols.is_empty() {
            if let Some(key) = bare_number_and_year(&text) {
                add(fields.symbol_key, key.clone(), W_SYMBOL);
                add(fields.parent_symbol_key, key, W_SYMBOL / 2.0);
            }
        }

        let mut syl = syllables(&words);
        // A query that is a legal document's whole name names that document.
        if plan.symbols.is_empty() && !syl.is_empty() && syl.len() <= MAX_QUERY_SYLLABLES {
            add(fields.title_key, title_key(&syl), W_SYMBOL);
        }
        syl.truncate(MAX_QUERY_SYLLABLES);
        let accented = syl.iter().any(Syllable::has_diacritics);
        plan.names_document = !plan.symbols.is_empty()
            || bare_number_and_year(&text).is_some()
            || names_a_document(&syl);
        let mut content = vec![true; syl.len()];

        // `điều 5`: the article number is a keyword, not two words.
        for i in 0..syl.len().saturating_sub(1) {
            if syl[i].folded == "dieu" && syl[i + 1].folded.chars().all(|c| c.is_ascii_digit()) {
                add(
                    fields.article_number,
                    syl[i + 1].folded.clone(),
                    W_ARTICLE_NUMBER,
                );
                content[i] = false;
                content[i + 1] = false;
            }
        }

        // Question words carry no subject; when nothing else is left, they are the subject.
        let stop_phrases = question_phrases(accented);
        let spelled = |s: &Syllable| {
            if accented {
                s.accented.clone()
            } else {
                s.folded.clone()
            }
        };
        let forms: Vec<String> = syl.iter().map(spelled).collect();
        let mut stop = vec![false; syl.len()];
        for start in 0..syl.len() {
            for phrase in stop_phrases {
                let end = start + phrase.len();
                if end <= syl.len()
                    && (start + 1..end).all(|i| syl[i].joined_to_previous)
                    && phrase.iter().zip(&forms[start..end]).all(|(a, b)| a == b)
                {
                    stop[start..end].iter_mut().for_each(|s| *s = true);
                }
            }
        }
        // The words asking for a definition (`khái niệm`, `được hiểu`) are not its subject.
        let definition = definition_cue(&syl);
        if let Some(cue) = definition.clone() {
            stop[cue].iter_mut().for_each(|s| *s = true);
        }
        if content.iter().zip(&stop).any(|(c, s)| *c && !*s) {
            for (c, s) in content.iter_mut().zip(&stop) {
                *c = *c && !*s;
            }
        }

        // `X là gì`, `khái niệm X`: the law defines its terms in one article, `Giải thích từ
        // ngữ`, which every such question should weigh up.
        if definition.is_some() {
            for (a, b) in [("giai", "thich"), ("tu", "ngu")] {
                add(fields.title_pairs_fold, pair(a, b), W_DEFINITION);
            }
        }

        let mut add_words = |syl: &[Syllable], content: &[bool], weight: f32| {
            // Content words, and the binding words next to them (`bị` thế chấp, quyền
            // `của`): the pair of the two keeps the phrase's proximity.
            let kept = |i: usize| content[i] || binds(&syl[i]);
            for (i, s) in syl.iter().enumerate() {
                if !content[i] && !kept(i) {
                    continue;
                }
                if content[i] {
                    if accented {
                        add(fields.body, s.accented.clone(), W_BODY * weight);
                        add(fields.title, s.accented.clone(), W_TITLE * weight);
                        add(fields.doc_title, s.accented.clone(), W_DOC_TITLE * weight);
                        let w = W_FOLDED_WHEN_ACCENTED * weight;
                        add(fields.body_fold, s.folded.clone(), W_BODY * w);
                        add(fields.title_fold, s.folded.clone(), W_TITLE * w);
                    } else {
                        add(fields.body_fold, s.folded.clone(), W_BODY * weight);
                        add(fields.title_fold, s.folded.clone(), W_TITLE * weight);
                        add(
                            fields.doc_title_fold,
                            s.folded.clone(),
                            W_DOC_TITLE * weight,
                        );
                    }
                }
                let paired =
                    i > 0 && s.joined_to_previous && (content[i] || content[i - 1]) && kept(i - 1);
                if paired {
                    let prev = &syl[i - 1];
                    let folded_pair = pair(&prev.folded, &s.folded);
                    if accented {
                        add(
                            fields.body_pairs,
                            pair(&prev.accented, &s.accented),
                            W_BODY_PAIR * weight,
                        );
                        let w = W_FOLDED_WHEN_ACCENTED * weight;
                        add(fields.body_pairs_fold, folded_pair.clone(), W_BODY_PAIR * w);
                    } else {
                        add(
                            fields.body_pairs_fold,
                            folded_pair.clone(),
                            W_BODY_PAIR * weight,
                        );
                    }
                    add(fields.title_pairs_fold, folded_pair, W_TITLE_PAIR * weight);
                }
            }
        };
        add_words(&syl, &content, 1.0);
        plan.highlight = Highlight::of_query(&syl, &content);

        // Citizens' words (the reviewed lexicon): the law's words are searched too, at a lower
        // weight. Keys are matched as spelled (with diacritics when the query has them),
        // longest first, each syllable by one key at most; question words count (`của`).
        let mut taken = vec![false; syl.len()];
        for entry in lexicon() {
            if !accented && !entry.matches_folded() {
                continue;
            }
            let key = if accented {
                &entry.key
            } else {
                &entry.folded_key
            };
            let found = (0..syl.len()).find(|&start| {
                let end = start + key.len();
                end <= syl.len()
                    && !taken[start..end].iter().any(|t| *t)
                    && (start + 1..end).all(|i| syl[i].joined_to_previous)
                    && key.iter().zip(&forms[start..end]).all(|(a, b)| a == b)
            });
            let Some(start) = found else {
                continue;
            };
            taken[start..start + key.len()]
                .iter_mut()
                .for_each(|t| *t = true);
            let exp = syllables(&entry.expansion);
            let exp: Vec<Syllable> = if accented {
                exp
            } else {
                exp.into_iter()
                    .map(|s| Syllable {
                        accented: s.folded.clone(),
                        ..s
                    })
                    .collect()
            };
            let all = vec![true; exp.len()];
            add_words(&exp, &all, W_SYNONYM);
        }

        plan.terms = weights
            .into_iter()
            .map(|((field, text), w)| (Term::from_field_text(field, &text), w))
            .collect();
        // A stable order keeps scores identical from run to run.
        plan.terms.sort_by(|a, b| a.0.cmp(&b.0));
        plan.syllables = syl;
        plan.text = text;
        plan
    }

    /// Leaves out the words found in more than [`COMMON_SHARE`] of the entries, unless
    /// nothing else would be searched for.
    pub(super) fn leave_out_common(&mut self, searcher: &Searcher, fields: &Fields) {
        // In a small index shares say little, and every query is fast anyway.
        if searcher.num_docs() < MIN_ENTRIES_FOR_COMMON {
            return;
        }
        let limit = (searcher.num_docs() as f64 * COMMON_SHARE) as u64;
        let common: Vec<bool> = self
            .terms
            .iter()
            .map(|(t, _)| {
                !keyword_field(fields, t.field()) && searcher.doc_freq(t).unwrap_or(0) > limit
            })
            .collect();
        let rare_word = self
            .terms
            .iter()
            .zip(&common)
            .any(|((t, _), c)| !c && !keyword_field(fields, t.field()));
        if rare_word {
            let mut common = common.into_iter();
            self.terms.retain(|_| !common.next().unwrap_or(false));
        }
    }

    /// The plan reduced to the `n` terms that can weigh most (weight × IDF), keywords first.
    pub(super) fn strongest(&self, searcher: &Searcher, fields: &Fields, n: usize) -> Plan {
        let total = searcher.num_docs().max(1) as f32;
        let mut weighed: Vec<(f32, &(Term, f32))> = self
            .terms
            .iter()
            .map(|entry| {
                let (t, w) = entry;
                let df = searcher.doc_freq(t).unwrap_or(0) as f32;
                let idf = (1.0 + (total - df + 0.5) / (df + 0.5)).ln();
                let keyword = if keyword_field(fields, t.field()) {
                    f32::INFINITY
                } else {
                    0.0
                };
                (keyword + w * idf, entry)
            })
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0));
        Plan {
            terms: weighed
                .into_iter()
                .take(n)
                .map(|(_, e)| e.clone())
                .collect(),
            ..Plan::default()
        }
    }

    /// The flat union of boosted term queries: tantivy prunes it with block-max WAND.
    pub(super) fn query(&self, fields: &Fields) -> Box<dyn Query> {
        union(fields, self.terms.iter().cloned())
    }
}

/// The question words' phrases as syllables, with or without diacritics; split once.
fn question_phrases(accented: bool) -> &'static [Vec<&'static str>] {
    static SPLIT: OnceLock<[Vec<Vec<&'static str>>; 2]> = OnceLock::new();
    let split = |phrases: &[&'static str]| -> Vec<Vec<&'static str>> {
        phrases.iter().map(|p| p.split(' ').collect()).collect()
    };
    let [with, without] =
        SPLIT.get_or_init(|| [split(QUESTION_WORDS), split(FOLDED_QUESTION_WORDS)]);
    if accented {
        with
    } else {
        without
    }
}

/// Words that carry no subject alone but bind to the next or previous word in the law's
/// phrases (`không được`, `được hưởng`, `bị thế chấp`, `có thẩm quyền`, `quyền của`): a query
/// searches their pairs with a content word, not the words themselves.
const BINDING_WORDS: [&str; 6] = ["được", "không", "có", "bị", "của", "cho"];

fn binds(s: &Syllable) -> bool {
    BINDING_WORDS.contains(&s.accented.as_str())
        || BINDING_WORDS
            .iter()
            .any(|w| fold(w) == s.folded && s.accented == s.folded)
}

/// Phrases that ask what a term means (folded). Telling two things apart (`phân biệt nơi
/// thường trú và nơi tạm trú`) is asking what each of them is.
const DEFINITION_CUES: [&[&str]; 8] = [
    &["la", "gi"],
    &["khai", "niem"],
    &["duoc", "hieu"],
    &["nghia", "la"],
    &["the", "nao", "la"],
    &["dinh", "nghia"],
    &["hieu", "nhu", "the", "nao"],
    &["phan", "biet"],
];

/// Where the question asks what something is: `nơi thường trú là gì`, `khái niệm gia
/// đình`, `thế nào là tạm trú`, `người lao động được hiểu như thế nào`. Not `phân biệt đối
/// xử` (discrimination), a subject of its own.
pub(super) fn definition_cue(syl: &[Syllable]) -> Option<std::ops::Range<usize>> {
    let folded: Vec<&str> = syl.iter().map(|s| s.folded.as_str()).collect();
    DEFINITION_CUES.iter().find_map(|cue| {
        (0..(folded.len() + 1).saturating_sub(cue.len()))
            .find(|&start| {
                folded[start..start + cue.len()] == **cue
                    && !(cue[0] == "phan" && folded.get(start + 2) == Some(&"doi"))
            })
            .map(|start| start..start + cue.len())
    })
}

/// What follows `luật` when it is not a law's name: `luật sư`, `luật quy định`, `luật thì`.
const NOT_A_LAW_NAME: [&str; 16] = [
    "su", "quy", "thi", "la", "co", "khong", "duoc", "nay", "moi", "hien", "hanh", "cua", "va",
    "ve", "nao", "gi",
];

/// Whether the words name a kind of document followed by its name or number (`luật đất
/// đai`, `bộ luật dân sự`, `nghị định 43`, `quyết định số 17`), as opposed to a question that
/// only says `theo quy định của pháp luật` or asks about a `luật sư`.
pub(super) fn names_a_document(syl: &[Syllable]) -> bool {
    let folded: Vec<&str> = syl.iter().map(|s| s.folded.as_str()).collect();
    let next_is_number = |i: usize| {
        folded
            .get(i)
            .is_some_and(|w| w == &"so" || w.starts_with(|c: char| c.is_ascii_digit()))
    };
    (0..folded.len()).any(|i| {
        let at = |k: usize| folded.get(i + k).copied();
        match (at(0), at(1)) {
            // `luật` then a name, not `luật sư` (lawyer) nor the tail of `pháp luật` (law).
            (Some("luat"), Some(next)) => {
                let after_phap = i > 0 && folded[i - 1] == "phap";
                !after_phap && !NOT_A_LAW_NAME.contains(&next) && syl[i + 1].joined_to_previous
            }
            (Some("hien"), Some("phap")) | (Some("phap"), Some("lenh")) => true,
            (Some("nghi"), Some("dinh")) | (Some("thong"), Some("tu")) => next_is_number(i + 2),
            (Some("quyet"), Some("dinh")) | (Some("nghi"), Some("quyet")) => next_is_number(i + 2),
            _ => false,
        }
    })
}

/// `17/2019` (or `số 17/2019`) as the whole query: the key partial symbols are indexed by.
/// A run of `len` bytes that no pair crosses (` || `), standing for a removed number-symbol.
fn separator_of_len(len: usize) -> String {
    match len {
        0..=2 => " ".repeat(len),
        _ => format!(" {} ", "|".repeat(len - 2)),
    }
}

pub(super) fn bare_number_and_year(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_prefix("số ")
        .or_else(|| t.strip_prefix("so "))
        .unwrap_or(t)
        .trim();
    let (number, year) = t.split_once('/')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(number) && number.len() <= 4 && digits(year) && year.len() == 4)
        .then(|| format!("{number}/{year}"))
}

pub(super) fn union(fields: &Fields, terms: impl Iterator<Item = (Term, f32)>) -> Box<dyn Query> {
    let terms = terms
        .map(|(term, w)| {
            let option = if keyword_field(fields, term.field()) {
                IndexRecordOption::Basic
            } else {
                IndexRecordOption::WithFreqs
            };
            (term, w, option)
        })
        .collect();
    Box::new(TermUnion::new(terms))
}

pub(super) fn keyword_field(fields: &Fields, field: Field) -> bool {
    [
        fields.symbol_key,
        fields.parent_symbol_key,
        fields.title_key,
        fields.article_number,
        fields.parent_key,
        fields.key,
    ]
    .contains(&field)
}

/// The filters as lists of alternatives: an entry passes when it has one term of every list.
pub(super) fn filter_terms(fields: &Fields, filters: &Filters) -> Vec<Vec<Term>> {
    let text = |field: Field, values: &[String]| -> Vec<Term> {
        values
            .iter()
            .map(|v| Term::from_field_text(field, v))
            .collect()
    };
    let lists = vec![
        filters
            .kinds
            .iter()
            .map(|k| Term::from_field_text(fields.kind, k.as_str()))
            .collect(),
        filters
            .site_id
            .iter()
            .map(|s| Term::from_field_text(fields.site, &s.to_string()))
            .collect(),
        filters
            .lang
            .iter()
            .map(|l| Term::from_field_text(fields.lang, l))
            .collect(),
        text(fields.doc_type, &filters.doc_types),
        text(fields.issuer, &filters.issuers),
        text(fields.legal_field, &filters.fields),
        filters
            .years
            .iter()
            .map(|y| Term::from_field_u64(fields.year, u64::from(*y)))
            .collect(),
        text(fields.status, &filters.statuses),
    ];
    lists
        .into_iter()
        .filter(|l: &Vec<Term>| !l.is_empty())
        .collect()
}

/// The filters as one query that scores nothing, or `None` when nothing is filtered.
pub(super) fn filter_query(fields: &Fields, filters: &Filters) -> Option<Box<dyn Query>> {
    terms_filter(&filter_terms(fields, filters))
}

/// Lists of alternative terms (see [`filter_terms`]) as one query that scores nothing.
pub(super) fn terms_filter(lists: &[Vec<Term>]) -> Option<Box<dyn Query>> {
    let must: Vec<(Occur, Box<dyn Query>)> = lists
        .iter()
        .map(|alternatives| {
            let any: Vec<(Occur, Box<dyn Query>)> = alternatives
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            let q: Box<dyn Query> = Box::new(BooleanQuery::new(any));
            (Occur::Must, q)
        })
        .collect();
    (!must.is_empty()).then(|| -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(must)), 0.0))
    })
}

/// At most the share of the entries the filters allow: that of the narrowest filter.
pub(super) fn filter_share(searcher: &Searcher, lists: &[Vec<Term>]) -> f64 {
    let total = searcher.num_docs().max(1) as f64;
    lists
        .iter()
        .map(|alternatives| {
            let n: u64 = alternatives
                .iter()
                .map(|t| searcher.doc_freq(t).unwrap_or(0))
                .sum();
            n as f64 / total
        })
        .fold(1.0, f64::min)
}

/// The words' query restricted by the filters; `None` when there is nothing to search.
pub(super) fn full_query(
    fields: &Fields,
    plan: &Plan,
    filters: &Filters,
) -> Option<Box<dyn Query>> {
    let filter = filter_query(fields, filters);
    match (plan.is_empty(), filter) {
        (true, None) => None,
        (true, Some(filter)) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::Must, filter),
        ]))),
        (false, None) => Some(plan.query(fields)),
        (false, Some(filter)) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, plan.query(fields)),
            (Occur::Must, filter),
        ]))),
    }
}
