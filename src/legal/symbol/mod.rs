//! Number-symbols (số ký hiệu) of legal and administrative documents: `17/2019/QĐ-UBND`,
//! `176/TTr-VPUBND`, `05/2015/TTLT-BTP-BNV`, `86/2015/QH13`, `123/UBND-KT`, `21-LCT/HĐNN8`.
//!
//! [`parse`] reads one number-symbol as people type it (any case, with or without
//! diacritics, hyphens for slashes, a leading `Số:` or type word) and gives its official
//! spelling and a folded key for matching. [`find_in_query`] spots number-symbols inside a
//! free-text search query. Both are pure and never panic.
//!
//! The layout follows Decree 30/2020/NĐ-CP (appendix I and III) and the Law on promulgation of
//! legal documents: `number[/year]/TYPE-ISSUER[-UNIT]`, where administrative documents carry
//! no year, official letters (công văn) carry no type, laws and resolutions of the National
//! Assembly carry only the issuer (`QH13`), and Party and pre-2000 documents are written
//! `number-TYPE/ISSUER`.

mod resolve;
mod scan;
mod tables;
mod tokens;

use resolve::*;
use scan::*;
use tables::*;
use tokens::*;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Serialize;
use unicode_normalization::char::is_combining_mark;

use crate::text::{fold, nfc};

/// A number-symbol (số ký hiệu) read from text, with its official spelling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberSymbol {
    /// The text as given (for [`find_in_query`], the matched part of the query).
    pub raw: String,
    /// The official spelling: `17/2019/QĐ-UBND`, `1234/QĐ-TTg`, `21-LCT/HĐNN8`.
    pub canonical: String,
    /// The key for matching: the canonical form folded (`17/2019/qd-ubnd`); every candidate
    /// spelling of an ambiguous input shares it.
    pub folded: String,
    /// The document number as written, leading zeros kept (`05`).
    pub number: String,
    /// The year of issue when the symbol carries one (legal documents do, administrative ones
    /// do not).
    pub year: Option<u16>,
    /// The type abbreviation (`QĐ`, `NĐ`, `TTLT`); `None` for official letters and laws.
    pub type_code: Option<String>,
    /// The type in words (`Quyết định`), from the abbreviation or from a leading type word.
    pub type_name: Option<String>,
    /// The issuing authority as written in the symbol; joint issuers joined by `-` (`BTP-BNV`).
    pub issuer_code: Option<String>,
    /// Each issuing authority: `["BTP", "BNV"]` for a joint circular.
    pub issuers: Vec<String>,
    /// The drafting unit of an official letter (`KT` in `123/UBND-KT`).
    pub unit: Option<String>,
    /// Every official spelling the input could mean, most likely first; empty unless ambiguous.
    pub candidates: Vec<String>,
    /// True when folding lost a distinction (`hd` is `HD` Hướng dẫn or `HĐ` Hợp đồng).
    pub ambiguous: bool,
}

impl fmt::Display for NumberSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl FromStr for NumberSymbol {
    type Err = SymbolError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text)
    }
}

/// Why a text is not a number-symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    /// The text cannot be read as a number-symbol; the reason says what is missing or wrong.
    #[error("not a number-symbol: {reason}")]
    NotANumberSymbol {
        /// A sentence for the person who typed it.
        reason: String,
    },
}

/// A number-symbol found inside a longer text by [`find_in_query`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// Byte range in the query, including a leading type word (`nghị định 43/2011`).
    pub span: Range<usize>,
    /// What the matched text means.
    pub symbol: NumberSymbol,
}

/// Reads one number-symbol, alone or after `Số:` or a type word (`Quyết định số 17/2019`).
pub fn parse(text: &str) -> Result<NumberSymbol, SymbolError> {
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(not_symbol(format!(
            "longer than {MAX_INPUT_CHARS} characters"
        )));
    }
    let tokens = tokenize(text);
    let mut start = 0;
    // Quotes and brackets around a pasted symbol are not part of it.
    while tokens
        .get(start)
        .is_some_and(|t| t.kind == Kind::Space || (t.kind == Kind::Other && is_opening(t.text)))
    {
        start += 1;
    }
    if start == tokens.len() {
        return Err(not_symbol("the text is empty".into()));
    }
    let (core, end) = scan(text, &tokens, start)?;
    let rest = &text[tokens.get(end).map_or(text.len(), |t| t.start)..];
    if !rest
        .chars()
        .all(|c| c.is_whitespace() || ".,;:)]\"'”’".contains(c))
    {
        let reason = match &core.bad_year {
            Some(digits) => format!(
                "{digits} is not a year: a year has four digits, {}–{}",
                YEARS.start(),
                YEARS.end()
            ),
            None => format!("unexpected {:?} after the number-symbol", rest.trim()),
        };
        return Err(not_symbol(reason));
    }
    resolve(text.to_string(), &core, Mode::Whole)
}

/// Spots number-symbols in a search query (`qđ 17/2019`, `nghị định 43/2011`,
/// `luật số 91/2015/QH13`, `123/UBND-KT`), left to right, without overlaps.
///
/// Stricter than [`parse`] so that ordinary words and dates are not taken for symbols: a
/// number and a year need a type word before them, a symbol without a year needs a known type
/// or issuer abbreviation, and one written without any slash must start with one.
pub fn find_in_query(text: &str) -> Vec<Found> {
    // Every number-symbol starts with its number: most questions have no digit at all, and
    // reading their words as candidate symbols was a twentieth of a question's search.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let tokens = tokenize(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_word = matches!(tokens[i].kind, Kind::Letters | Kind::Digits)
            && !(i > 0 && matches!(tokens[i - 1].kind, Kind::Letters | Kind::Digits));
        if starts_word {
            if let Ok((core, end)) = scan(text, &tokens, i) {
                let span = tokens[i].start..tokens[end - 1].end();
                if let Ok(symbol) = resolve(text[span.clone()].to_string(), &core, Mode::Query) {
                    found.push(Found { span, symbol });
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// The name of a document type abbreviation (`QĐ` → `Quyết định`), spelled officially.
pub fn type_name(code: &str) -> Option<&'static str> {
    TYPES.iter().find(|t| t.code == code).map(|t| t.name)
}

/// The name of an issuer abbreviation (`UBND` → `Ủy ban nhân dân`); `QH13` → `Quốc hội`.
pub fn issuer_name(code: &str) -> Option<&'static str> {
    let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
    ISSUERS
        .iter()
        .find(|i| i.code == letters && (i.numbered || letters.len() == code.len()))
        .map(|i| i.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> NumberSymbol {
        parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn reason(text: &str) -> String {
        match parse(text) {
            Ok(s) => panic!("{text:?} parsed as {}", s.canonical),
            Err(SymbolError::NotANumberSymbol { reason }) => reason,
        }
    }

    /// Official number-symbols from the seed regulations and national legislation, each as
    /// published and as people type it.
    const REAL_WORLD: &[(&str, &str)] = &[
        // provincial decisions from the seeds
        ("17/2019/QĐ-UBND", "17/2019/qd-ubnd"),
        ("20/2012/QĐ-UBND", "20/2012/QD-UBND"),
        ("16/2017/QĐ-UBND", "16-2017-qd-ubnd"),
        ("06/2012/QĐ-UBND", "Số: 06/2012/QĐ-UBND"),
        ("58/2023/QĐ-UBND", "quyet dinh so 58/2023/qd-ubnd"),
        ("18/2019/QĐ-UBND", "18 / 2019 / QĐ - UBND"),
        ("55/2019/QĐ-UBND", "55.2019.qd.ubnd"),
        ("206/2004/QĐ-UB", "206/2004/qd-ub"),
        ("945/QĐ-UBND", "945/qđ-ubnd"),
        ("2605/QĐ-UBND", "so 2605/QD-UBND"),
        // proposals, reports, official letters (no year)
        ("176/TTr-VPUBND", "176/ttr-vpubnd"),
        ("51/TTr-STTTT", "51/TTR-STTTT"),
        ("45/TTr-SNV", "Tờ trình số 45/TTr-SNV"),
        ("437/TTr-VP", "437-ttr-vp"),
        ("90/BC-STP", "bao cao 90/bc-stp"),
        ("123/UBND-KT", "123/ubnd-kt"),
        ("8726/VPCP-KGVX", "8726/vpcp-kgvx"),
        ("5015/TB-LĐTBXH", "5015/tb-ldtbxh"),
        ("9441/TB-BNV", "Số 9441/TB-BNV"),
        // decrees
        ("43/2011/NĐ-CP", "Nghị định số 43/2011/NĐ-CP"),
        ("42/2022/NĐ-CP", "nghi dinh 42/2022/nd-cp"),
        ("30/2020/NĐ-CP", "30_2020_ND_CP"),
        ("64/2007/NĐ-CP", "64\\2007\\ND-CP"),
        ("130/2018/NĐ-CP", "130/2018/Nđ-Cp"),
        ("145/2020/NĐ-CP", "145 /2020/ NĐ–CP"),
        ("47/2020/NĐ-CP", "47/2020/NÐ-CP"),
        // laws and the National Assembly
        ("91/2015/QH13", "Luật số 91/2015/QH13"),
        ("86/2015/QH13", "86/2015/qh13"),
        ("80/2015/QH13", "80/2015/QH 13"),
        ("45/2019/QH14", "luat 45-2019-qh14"),
        // circulars
        ("05/2015/TTLT-BTP-BNV", "05/2015/ttlt-btp-bnv"),
        ("01/2011/TT-BNV", "Thông tư 01/2011/TT-BNV"),
        ("01/2019/TT-BNV", "thong tu so 01/2019/tt-bnv"),
        ("12/2023/TT-BTC", "12/2023/tt-btc"),
        ("02/2023/TT-BTTTT", "Số ký hiệu: 02/2023/TT-BTTTT"),
        ("39/2017/TT-BTTTT", "39/2017/tt-btttt"),
        ("01/2018/TT-VPCP", "01/2018/tt-vpcp"),
        // the Prime Minister
        ("28/2018/QĐ-TTg", "28/2018/qd-ttg"),
        ("1234/QĐ-TTg", "1234/QD-TTG"),
        ("28/CT-TTg", "28/ct-ttg"),
        ("34/2008/CT-TTg", "chỉ thị 34/2008/ct-ttg"),
        ("395/QĐ-BTTTT", "395/qd-btttt"),
        // courts
        ("01/2019/NQ-HĐTP", "01/2019/nq-hdtp"),
        // before 2000 and the Party
        ("21-LCT/HĐNN8", "21-lct/hdnn8"),
        ("24-L/CTN", "24/L-CTN"),
        ("18-NQ/TW", "18/nq/tw"),
        ("64-CP", "Nghị định 64-CP"),
        ("388-HĐBT", "388-hdbt"),
    ];

    #[test]
    fn real_world_spellings_read_as_published_and_as_typed() {
        assert!(REAL_WORLD.len() >= 40);
        for (official, typed) in REAL_WORLD {
            for text in [official, typed] {
                let s = ok(text);
                assert_eq!(&s.canonical, official, "{text:?}");
                assert_eq!(s.folded, fold(official), "{text:?}");
                assert!(!s.ambiguous, "{text:?}: {:?}", s.candidates);
            }
        }
    }

    #[test]
    fn a_decision_yields_its_parts() {
        let s = ok("17/2019/qd-ubnd");
        assert_eq!(s.raw, "17/2019/qd-ubnd");
        assert_eq!(s.canonical, "17/2019/QĐ-UBND");
        assert_eq!(s.folded, "17/2019/qd-ubnd");
        assert_eq!(s.number, "17");
        assert_eq!(s.year, Some(2019));
        assert_eq!(s.type_code.as_deref(), Some("QĐ"));
        assert_eq!(s.type_name.as_deref(), Some("Quyết định"));
        assert_eq!(s.issuer_code.as_deref(), Some("UBND"));
        assert_eq!(s.issuers, ["UBND"]);
        assert_eq!(s.unit, None);
        assert!(s.candidates.is_empty());
    }

    #[test]
    fn leading_zeros_of_the_number_are_kept() {
        assert_eq!(ok("05/2015/TTLT-BTP-BNV").number, "05");
        assert_eq!(ok("006/QĐ-UBND").canonical, "006/QĐ-UBND");
    }

    #[test]
    fn administrative_documents_have_no_year() {
        let s = ok("176/TTr-VPUBND");
        assert_eq!(s.year, None);
        assert_eq!(s.type_code.as_deref(), Some("TTr"));
        assert_eq!(s.type_name.as_deref(), Some("Tờ trình"));
        assert_eq!(s.issuer_code.as_deref(), Some("VPUBND"));
    }

    #[test]
    fn an_official_letter_has_an_issuer_and_a_unit_but_no_type() {
        let s = ok("123/ubnd-kt");
        assert_eq!(s.canonical, "123/UBND-KT");
        assert_eq!(s.type_code, None);
        assert_eq!(s.issuer_code.as_deref(), Some("UBND"));
        assert_eq!(s.unit.as_deref(), Some("KT"));
        let s = ok("Công văn 8726/VPCP-KGVX");
        assert_eq!(s.type_name.as_deref(), Some("Công văn"));
        assert_eq!(s.issuers, ["VPCP"]);
        assert_eq!(s.unit.as_deref(), Some("KGVX"));
    }

    #[test]
    fn units_keep_the_letter_d_stroke_they_officially_have() {
        assert_eq!(ok("123/vpcp-dmdn").canonical, "123/VPCP-ĐMDN");
        assert_eq!(ok("123/ubnd-xyz").unit.as_deref(), Some("XYZ"));
    }

    #[test]
    fn a_joint_circular_lists_every_issuer() {
        let s = ok("05/2015/ttlt-btp-bnv");
        assert_eq!(s.type_code.as_deref(), Some("TTLT"));
        assert_eq!(s.issuers, ["BTP", "BNV"]);
        assert_eq!(s.issuer_code.as_deref(), Some("BTP-BNV"));
        assert_eq!(s.unit, None);
    }

    #[test]
    fn a_law_carries_only_the_legislature() {
        let s = ok("86/2015/QH13");
        assert_eq!(s.type_code, None);
        assert_eq!(s.type_name, None);
        assert_eq!(s.issuer_code.as_deref(), Some("QH13"));
        assert_eq!(
            ok("Luật số 91/2015/QH13").type_name.as_deref(),
            Some("Luật")
        );
        assert_eq!(issuer_name("QH13"), Some("Quốc hội"));
        assert_eq!(issuer_name("UBND"), Some("Ủy ban nhân dân"));
        assert_eq!(issuer_name("UBND13"), None);
    }

    #[test]
    fn mixed_case_abbreviations_get_their_official_case() {
        assert_eq!(ok("1234/QD-TTG").canonical, "1234/QĐ-TTg");
        assert_eq!(ok("12/ctr-ubnd").canonical, "12/CTr-UBND");
        assert_eq!(ok("12/qyd-ubnd").canonical, "12/QyĐ-UBND");
        assert_eq!(ok("45/tb-sngv").canonical, "45/TB-SNgV");
        assert_eq!(ok("12/2020/nq-hdnd").canonical, "12/2020/NQ-HĐND");
        assert_eq!(ok("5/2021/qd-bgddt").canonical, "5/2021/QĐ-BGDĐT");
        assert_eq!(type_name("QyĐ"), Some("Quy định"));
    }

    #[test]
    fn unknown_abbreviations_are_kept_upper_case_as_typed() {
        let s = ok("12/2020/QĐ-xyz");
        assert_eq!(s.canonical, "12/2020/QĐ-XYZ");
        assert_eq!(s.issuers, ["XYZ"]);
        // An unknown abbreviation before a known issuer is taken for the type.
        let s = ok("12/abc-ubnd");
        assert_eq!(s.type_code.as_deref(), Some("ABC"));
        assert_eq!(s.issuer_code.as_deref(), Some("UBND"));
        assert_eq!(ok("7/sđt-kt").canonical, "7/SĐT-KT");
    }

    #[test]
    fn a_type_word_and_number_year_make_a_partial_symbol() {
        let s = ok("Quyết định 17/2019");
        assert_eq!(s.canonical, "17/2019/QĐ");
        assert_eq!(s.number, "17");
        assert_eq!(s.year, Some(2019));
        assert_eq!(s.type_code.as_deref(), Some("QĐ"));
        assert_eq!(s.issuer_code, None);
        assert!(s.issuers.is_empty());
        assert_eq!(ok("nghi dinh so 43/2011").canonical, "43/2011/NĐ");
        assert_eq!(ok("QĐ 17/2019").canonical, "17/2019/QĐ");
        let law = ok("Luật 91/2015");
        assert_eq!(law.canonical, "91/2015");
        assert_eq!(law.type_code, None);
        assert_eq!(law.type_name.as_deref(), Some("Luật"));
    }

    #[test]
    fn decomposed_input_reads_like_precomposed() {
        let nfd = "Quye\u{302}\u{301}t đi\u{323}nh so\u{302}\u{301} 17/2019/Q\u{110}-UBND";
        assert_eq!(ok(nfd).canonical, "17/2019/QĐ-UBND");
        let nfc_symbol = ok("Quyết định số 17/2019/QĐ-UBND");
        assert_eq!(nfc_symbol.folded, ok(nfd).folded);
        assert_eq!(nfc_symbol.type_name, ok(nfd).type_name);
    }

    #[test]
    fn folded_hd_is_ambiguous_and_prefers_guidance() {
        let s = ok("hd 05/2020");
        assert!(s.ambiguous);
        assert_eq!(s.canonical, "05/2020/HD");
        assert_eq!(s.candidates, ["05/2020/HD", "05/2020/HĐ"]);
        assert_eq!(s.folded, "05/2020/hd");
        let s = ok("12/hd-ubnd");
        assert_eq!(s.candidates, ["12/HD-UBND", "12/HĐ-UBND"]);
        assert_eq!(s.type_name.as_deref(), Some("Hướng dẫn"));
    }

    #[test]
    fn folded_da_is_ambiguous_and_prefers_a_scheme() {
        let s = ok("3/da-ubnd");
        assert_eq!(s.canonical, "3/ĐA-UBND");
        assert_eq!(s.candidates, ["3/ĐA-UBND", "3/DA-UBND"]);
        for c in &s.candidates {
            assert_eq!(fold(c), s.folded);
        }
    }

    #[test]
    fn a_typed_d_stroke_or_type_word_settles_the_ambiguity() {
        let s = ok("12/HĐ-UBND");
        assert!(!s.ambiguous);
        assert_eq!(s.canonical, "12/HĐ-UBND");
        assert_eq!(s.type_name.as_deref(), Some("Hợp đồng"));
        let s = ok("Hợp đồng số 12/hd-ubnd");
        assert!(!s.ambiguous);
        assert_eq!(s.canonical, "12/HĐ-UBND");
        assert!(!ok("hop dong 05/2020").ambiguous);
        assert!(!ok("Hướng dẫn 12/HD-UBND").ambiguous);
        // Only the type is ambiguous: as an issuer `hd` can only be a council.
        assert_eq!(ok("Hướng dẫn 12/hd-hd").canonical, "12/HD-HĐ");
    }

    #[test]
    fn old_and_party_layouts_are_kept() {
        let s = ok("21-LCT/HĐNN8");
        assert_eq!(s.number, "21");
        assert_eq!(s.type_code.as_deref(), Some("LCT"));
        assert_eq!(s.issuer_code.as_deref(), Some("HĐNN8"));
        assert_eq!(s.folded, "21-lct/hdnn8");
        assert_eq!(ok("24-L/CTN").type_name.as_deref(), Some("Luật"));
        assert_eq!(ok("05/2015/L-CTN").type_name.as_deref(), Some("Lệnh"));
        assert_eq!(ok("05/2015/L-CTN").canonical, "05/2015/L-CTN");
        assert_eq!(ok("123-cv/tu").canonical, "123-CV/TU");
        let s = ok("08-qdi/tw");
        assert_eq!(s.canonical, "08-QĐi/TW");
        assert_eq!(s.type_name.as_deref(), Some("Quy định"));
    }

    #[test]
    fn quotes_brackets_and_trailing_punctuation_are_ignored() {
        assert_eq!(ok("(17/2019/QĐ-UBND).").canonical, "17/2019/QĐ-UBND");
        assert_eq!(ok("“86/2015/QH13”, ").canonical, "86/2015/QH13");
        assert_eq!(ok("  123/UBND-KT  ").canonical, "123/UBND-KT");
    }

    #[test]
    fn two_digit_years_and_out_of_range_years_are_refused() {
        assert!(reason("17/19/QĐ-UBND").contains("19 is not a year"));
        assert!(reason("17/1944/QĐ-UBND").contains("1944 is not a year"));
        assert!(reason("17/2101/QĐ-UBND").contains("not a year"));
        assert_eq!(ok("1/1945/SL").year, Some(1945));
    }

    #[test]
    fn texts_that_are_not_symbols_say_why() {
        assert!(reason("").contains("empty"));
        assert!(reason("   ").contains("empty"));
        assert!(reason("UBND tỉnh").contains("number"));
        assert!(reason("17").contains("alone is a number"));
        assert!(reason("Số 17").contains("alone is a number"));
        assert!(reason("17/2019").contains("could be a date"));
        assert!(reason("1234567/QĐ-UBND").contains("more than 6 digits"));
        assert!(reason("0/2019/QĐ-UBND").contains("numbered from 1"));
        assert!(reason("Quyết định 17/2019 của UBND tỉnh").contains("unexpected"));
        assert!(reason("17/2019/QĐ-UBND ngày 12/6/2019").contains("unexpected"));
        assert!(reason("17/2019/Q1-A2-B3-C4-D5-E6-F7").contains("parts"));
        assert!(reason(&"1".repeat(400)).contains("longer than"));
    }

    #[test]
    fn errors_render_as_a_sentence() {
        let err = parse("17/2019").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("not a number-symbol: 17/2019 alone could be a date: add the type, like 17/2019/QĐ-UBND or Quyết định 17/2019")
        );
    }

    #[test]
    fn display_and_from_str_use_the_canonical_form() {
        let s: NumberSymbol = "43/2011/nd-cp".parse().expect("a decree");
        assert_eq!(s.to_string(), "43/2011/NĐ-CP");
    }

    #[test]
    fn serialises_to_the_json_the_command_prints() {
        let json = serde_json::to_value(ok("hd 05/2020")).expect("json");
        for key in [
            "canonical",
            "folded",
            "number",
            "year",
            "type_code",
            "issuer_code",
            "candidates",
            "ambiguous",
        ] {
            assert!(json.get(key).is_some(), "{key}");
        }
        let json = serde_json::to_value(ok("123/UBND-KT")).expect("json");
        assert_eq!(json["year"], serde_json::Value::Null);
    }

    fn found(query: &str) -> Vec<(String, String)> {
        find_in_query(query)
            .into_iter()
            .map(|f| (query[f.span].to_string(), f.symbol.canonical))
            .collect()
    }

    #[test]
    fn queries_reveal_symbols_with_their_spans() {
        assert_eq!(
            found("qđ 17/2019"),
            [("qđ 17/2019".into(), "17/2019/QĐ".into())]
        );
        assert_eq!(
            found("nghị định 43/2011 về cổng thông tin"),
            [("nghị định 43/2011".into(), "43/2011/NĐ".into())]
        );
        assert_eq!(
            found("luật số 91/2015/QH13 ban hành văn bản"),
            [("luật số 91/2015/QH13".into(), "91/2015/QH13".into())]
        );
        assert_eq!(
            found("thay thế 20/2012/qd-ubnd theo 123/ubnd-kt"),
            [
                ("20/2012/qd-ubnd".into(), "20/2012/QĐ-UBND".into()),
                ("123/ubnd-kt".into(), "123/UBND-KT".into())
            ]
        );
        assert_eq!(
            found("quyết định 17/2019 của UBND"),
            [("quyết định 17/2019".into(), "17/2019/QĐ".into())]
        );
        assert_eq!(
            found("Thông tư 01/2011/TT-BNV ngày 19/01/2011"),
            [("Thông tư 01/2011/TT-BNV".into(), "01/2011/TT-BNV".into())]
        );
        assert_eq!(found("17-2019-qd-ubnd")[0].1, "17/2019/QĐ-UBND");
    }

    #[test]
    fn query_spans_index_the_original_text_even_when_decomposed() {
        let query = "tìm nghi\u{323} đi\u{323}nh 43/2011/ND-CP nhé";
        let hits = find_in_query(query);
        assert_eq!(hits.len(), 1);
        assert_eq!(&query[hits[0].span.clone()], hits[0].symbol.raw);
        assert_eq!(hits[0].symbol.canonical, "43/2011/NĐ-CP");
        assert!(hits[0].symbol.raw.starts_with("nghi"));
    }

    #[test]
    fn dates_amounts_and_ordinary_words_are_not_symbols_in_queries() {
        for query in [
            "17/2019",
            "ngày 12/6/2019",
            "tháng 12/2019",
            "khách sạn 5-sao",
            "500.000 đồng/tháng",
            "phục vụ 100/ngày",
            "covid-19 năm 2021",
            "2 lần/tháng",
            "tỷ lệ 3/4",
            "QH13",
            "quyết định số",
            "",
        ] {
            assert!(found(query).is_empty(), "{query:?}: {:?}", found(query));
        }
    }

    #[test]
    fn ambiguity_is_reported_in_queries_too() {
        let hits = find_in_query("hướng dẫn thực hiện hd 05/2020");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].symbol.ambiguous);
    }

    #[test]
    fn no_input_makes_it_panic() {
        use rand::{Rng, SeedableRng};
        let alphabet: Vec<char> = "0123456789/-_.\\ :;,()QĐđdDhHuUbBnNtTgGsốSỐệ\u{302}\u{301}\u{323}ÐðÆ😀🇻🇳\u{200d}\t\n—–"
            .chars()
            .collect();
        let mut rng = rand::rngs::StdRng::seed_from_u64(17_2019);
        for _ in 0..3_000 {
            let len = rng.random_range(0..40);
            let text: String = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            let _ = parse(&text);
            for f in find_in_query(&text) {
                assert_eq!(&text[f.span.clone()], f.symbol.raw);
            }
        }
        let long: String = (0..10_000)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        assert!(parse(&long).is_err());
        let _ = find_in_query(&long);
        let _ = find_in_query(&"17/2019/QĐ-UBND ".repeat(700));
        let _ = find_in_query(&"1/".repeat(5_000));
        let _ = find_in_query(&"Quyết định ".repeat(1_000));
        for text in [
            "/////",
            "-_-.\\",
            "::",
            "😀😀😀",
            "🇻🇳 17/2019",
            "\u{301}17/2019/QĐ",
            "ǅ",
        ] {
            let _ = parse(text);
            let _ = find_in_query(text);
        }
    }

    #[test]
    fn only_intended_spellings_collide_when_folded() {
        let mut seen: std::collections::HashMap<String, Vec<&str>> = Default::default();
        for t in TYPES {
            seen.entry(fold(t.code)).or_default().push(t.code);
        }
        let mut collisions: Vec<Vec<&str>> = seen.into_values().filter(|v| v.len() > 1).collect();
        collisions.sort();
        assert_eq!(collisions, [vec!["HD", "HĐ"], vec!["ĐA", "DA"]]);
        let mut issuers = std::collections::HashSet::new();
        for i in ISSUERS {
            assert!(issuers.insert(fold(i.code)), "{} twice", i.code);
        }
    }

    #[test]
    fn every_type_word_names_an_abbreviation_in_the_table() {
        for (_, name, code) in TYPE_WORDS {
            if let Some(code) = code {
                assert!(type_name(code).is_some(), "{name}: {code}");
            }
        }
    }
}
