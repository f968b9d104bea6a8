//! Words of Vietnamese questions that say nothing about the subject (how, how much, may I…),
//! and legal vocabulary that citizens write differently from the law (`sổ đỏ` for the land use
//! right certificate, `ly dị` for `ly hôn`, `bhxh` for `bảo hiểm xã hội`).
//!
//! Both lists are hand-written from the vocabulary of laws and of questions sent to provincial
//! portals; they are data, tested for consistency, and safe to extend.

use super::analyzer::syllables;
use crate::text::nfc;

/// Phrases of questions and politeness, with diacritics, dropped from accented queries (longest
/// first matters not: the query reader tries every length).
pub const QUESTION_WORDS: &[&str] = &[
    "như thế nào",
    "thế nào",
    "ra sao",
    "bao nhiêu",
    "bao lâu",
    "bao giờ",
    "khi nào",
    "có được không",
    "được không",
    "có phải",
    "phải không",
    "hay không",
    "có không",
    "là gì",
    "gì",
    "những gì",
    "làm sao",
    "làm thế nào",
    "tại sao",
    "vì sao",
    "ở đâu",
    "cho hỏi",
    "xin hỏi",
    "cho tôi hỏi",
    "cho em hỏi",
    "tôi muốn hỏi",
    "xin cảm ơn",
    "cảm ơn",
    "tôi",
    "em",
    "mình",
    "ạ",
    "vậy",
    "nhé",
    "nhỉ",
    "à",
    "ơi",
    "thì",
    "mà",
    "nào",
    "không",
    "có",
    "bị",
    "được",
    "của",
    "và",
    "là",
    "các",
    "những",
    "cho",
    "với",
    "về",
    "nếu",
    "hiện nay",
    "hiện tại",
    "theo quy định",
    "quy định",
    "pháp luật",
    "luật",
    "ai",
    // How citizens frame a question around its subject.
    "có thể",
    "có cần",
    "có bị",
    "có phải là",
    "được hay không",
    "đúng không",
    "có đúng",
    "đúng quy định",
    "như vậy",
    "như trên",
    "làm gì",
    "cần làm gì",
    "phải làm gì",
    "bằng cách nào",
    "cách nào",
    "những ai",
    "lúc nào",
    "mấy",
    "đâu",
    "sao",
    "hả",
    "chứ",
    "đây",
    "đó",
    "sẽ",
    "đã",
    "đang",
    "rồi",
    "vẫn",
    "cũng",
    "xin",
    "hỏi",
    "muốn",
    // `biết` alone is content (`không biết chữ`, `biết hoặc phải biết`): only asking to
    // be told is scaffolding.
    "muốn biết",
    "cho biết",
    "giúp",
    "ơn",
    "có được",
    // How a question frames its subject: the manner, a comparison, alternatives, a purpose.
    "cách thức",
    "khác nhau",
    "khác biệt",
    "sự khác biệt",
    "giữa",
    "hay",
    "hoặc",
    "để",
];

/// The same phrases folded, for queries typed without diacritics. Only phrases whose folded
/// form is not also a common content word are kept (`thi` is `thì` but also `thi hành`,
/// `co` is `có` but also `cơ quan`, `ai` is `ai` but also `ải`).
pub const FOLDED_QUESTION_WORDS: &[&str] = &[
    "nhu the nao",
    "the nao",
    "ra sao",
    "bao nhieu",
    "bao lau",
    "bao gio",
    "khi nao",
    "co duoc khong",
    "duoc khong",
    "phai khong",
    "hay khong",
    "co khong",
    "la gi",
    "nhung gi",
    "lam sao",
    "lam the nao",
    "tai sao",
    "vi sao",
    "o dau",
    "cho hoi",
    "xin hoi",
    "cho toi hoi",
    "cho em hoi",
    "toi muon hoi",
    "muon biet",
    "cho biet",
    "xin cam on",
    "cam on",
    "toi",
    "minh",
    "a",
    "vay",
    "nhe",
    "khong",
    "duoc",
    "cua",
    "va",
    "la",
    "cac",
    "nhung",
    "voi",
    "neu",
    "hien nay",
    "hien tai",
    "theo quy dinh",
    "quy dinh",
    "phap luat",
    "luat",
    "co duoc",
    "co phai",
    "co phai la",
    "co can",
    "duoc hay khong",
    "dung khong",
    "co dung",
    "dung quy dinh",
    "nhu vay",
    "lam gi",
    "can lam gi",
    "phai lam gi",
    "bang cach nao",
    "cach nao",
    "nhung ai",
    "luc nao",
    "se",
    "cach thuc",
    "khac nhau",
    "khac biet",
    "su khac biet",
    "giua",
    "hay",
    "hoac",
];

/// The reviewed lexicon of citizens' words and the law's words (`src/search/lexicon.txt`).
const LEXICON: &str = include_str!("lexicon.txt");

/// One line of the lexicon: what people write and what the law writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconEntry {
    /// The citizens' words, lower-case, NFC, one syllable each.
    pub key: Vec<String>,
    /// The same folded (no diacritics).
    pub folded_key: Vec<String>,
    /// The law's words searched in addition.
    pub expansion: String,
}

impl LexiconEntry {
    /// Whether a query typed without diacritics may use it: a one-syllable key with
    /// diacritics (`tù`) would also read `tư`, `từ`, `tự` there.
    pub fn matches_folded(&self) -> bool {
        self.key.len() > 1 || self.key == self.folded_key
    }
}

/// Why a lexicon line is not an entry.
#[derive(Debug, PartialEq, Eq)]
pub struct LexiconError {
    /// Line number, from 1.
    pub line: usize,
    /// What is wrong.
    pub reason: &'static str,
}

/// Reads lexicon lines (`words = the law's words`, `#` comments), longest keys first so that
/// `sổ hộ khẩu` is taken before `hộ khẩu`.
pub fn parse_lexicon(text: &str) -> Result<Vec<LexiconEntry>, LexiconError> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |reason| LexiconError {
            line: i + 1,
            reason,
        };
        let (key, expansion) = line.split_once('=').ok_or(error("no `=`"))?;
        // Spelled as the analyzer spells a query's syllables (`giải toả` meets `giải tỏa`).
        let key = syllables(key);
        let expansion = nfc(expansion.trim());
        if key.is_empty() || expansion.is_empty() {
            return Err(error("an empty side"));
        }
        entries.push(LexiconEntry {
            folded_key: key.iter().map(|s| s.folded.clone()).collect(),
            key: key.into_iter().map(|s| s.accented).collect(),
            expansion,
        });
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.key.len()));
    Ok(entries)
}

/// The lexicon, read once (its tests keep it readable).
pub fn lexicon() -> &'static [LexiconEntry] {
    static ENTRIES: std::sync::OnceLock<Vec<LexiconEntry>> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| parse_lexicon(LEXICON).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn folded_question_words_are_folded_and_come_from_the_accented_list() {
        let accented: std::collections::HashSet<String> =
            QUESTION_WORDS.iter().map(|w| fold(w)).collect();
        for w in FOLDED_QUESTION_WORDS {
            assert_eq!(&fold(w), w, "{w}");
            assert!(accented.contains(*w), "{w} has no accented form");
        }
    }

    #[test]
    fn the_lexicon_reads_and_each_key_appears_once() {
        let entries = parse_lexicon(LEXICON).expect("lexicon.txt reads");
        assert!(entries.len() > 150, "{}", entries.len());
        let mut seen = std::collections::HashSet::new();
        for e in &entries {
            assert!(seen.insert(e.key.clone()), "{:?} twice", e.key);
            assert_ne!(e.key.join(" "), e.expansion, "{:?} adds nothing", e.key);
        }
        let get = |k: &str| {
            entries
                .iter()
                .find(|e| e.key.join(" ") == k)
                .map(|e| e.expansion.as_str())
        };
        assert_eq!(get("sổ đỏ"), Some("giấy chứng nhận quyền sử dụng đất"));
        assert_eq!(get("tiền cọc"), Some("đặt cọc"));
        assert_eq!(get("bhxh"), Some("bảo hiểm xã hội"));
        assert_eq!(get("ubnd"), Some("ủy ban nhân dân"));
    }

    #[test]
    fn longer_keys_come_first_and_one_accented_syllable_is_not_read_folded() {
        let entries =
            parse_lexicon("# c\ntù = phạt tù\nbhxh = bảo hiểm xã hội\nsổ hộ khẩu = thường trú\n")
                .expect("reads");
        assert_eq!(entries[0].key, vec!["sổ", "hộ", "khẩu"]);
        assert_eq!(entries[0].folded_key, vec!["so", "ho", "khau"]);
        let tu = entries.iter().find(|e| e.key == ["tù"]).expect("tù");
        assert!(!tu.matches_folded());
        assert!(entries
            .iter()
            .all(|e| e.key != ["tù"] || e.expansion == "phạt tù"));
        assert!(entries[0].matches_folded());
        let bhxh = entries.iter().find(|e| e.key == ["bhxh"]).expect("bhxh");
        assert!(bhxh.matches_folded());
    }

    #[test]
    fn a_malformed_lexicon_line_is_named() {
        assert_eq!(
            parse_lexicon("a = b\nno equals sign\n"),
            Err(LexiconError {
                line: 2,
                reason: "no `=`"
            })
        );
        assert_eq!(
            parse_lexicon("= b\n").map_err(|e| e.reason),
            Err("an empty side")
        );
    }
}
