//! Resolving scanned pieces into a number-symbol: which part is the type, the issuers and
//! the unit, the official spelling of each, and the layout.

use super::*;

/// Builds the number-symbol from scanned pieces: which part is the type, the issuers, the
/// unit; the official spelling of each; the layout.
pub(super) fn resolve(raw: String, s: &Scanned, mode: Mode) -> Result<NumberSymbol, SymbolError> {
    let hint = s.type_word.as_ref();
    let parts = &s.parts;

    // Options for each piece of the symbol, in the order they are written.
    let mut type_options: Vec<String> = Vec::new();
    let mut type_entry: Option<&TypeCode> = None;
    let mut issuer_options: Vec<Vec<String>> = Vec::new();
    let mut unit_options: Option<Vec<String>> = None;
    let mut old_style = false;
    let mut known = false;

    if parts.is_empty() {
        if s.year.is_none() {
            return Err(not_symbol(format!(
                "{} alone is a number, not a number-symbol: add the year or the symbol, like {}/2019/QĐ-UBND",
                s.number, s.number
            )));
        }
        let Some(word) = hint else {
            let bare = format!("{}/{}", s.number, s.year.unwrap_or_default());
            return Err(not_symbol(format!(
                "{bare} alone could be a date: add the type, like {bare}/QĐ-UBND or Quyết định {bare}"
            )));
        };
        type_options = word.codes.iter().map(|c| c.code.to_string()).collect();
        type_entry = word.codes.first().copied();
    } else {
        let mut types = if parts[0].digits.is_empty() {
            lookup(TYPES, |t| t.code, &parts[0].letters)
        } else {
            Vec::new()
        };
        // A type word before the symbol settles what folding left open (`Hợp đồng 5/hd-…`).
        if let Some(word) = hint.filter(|w| !w.codes.is_empty()) {
            let agreed: Vec<&TypeCode> = types
                .iter()
                .copied()
                .filter(|t| word.codes.iter().any(|w| w.code == t.code))
                .collect();
            if !agreed.is_empty() {
                types = agreed;
            }
        }
        let first_issuer = issuer_spellings(&parts[0]);
        let second_issuer = parts.get(1).map(issuer_spellings).unwrap_or_default();
        let rest: &[Part] = if !types.is_empty() {
            known = true;
            type_options = types.iter().map(|t| t.code.to_string()).collect();
            type_entry = types.first().copied();
            &parts[1..]
        } else if first_issuer.is_empty() && !second_issuer.is_empty() {
            // An unknown abbreviation before a known issuer is most likely a type.
            type_options = vec![upper_as_typed(&parts[0].letters)];
            &parts[1..]
        } else {
            parts
        };
        let joint = type_entry.is_some_and(|t| t.joint);
        for (n, part) in rest.iter().enumerate() {
            if n == 0 || joint {
                let spellings = issuer_spellings(part);
                if spellings.is_empty() {
                    issuer_options.push(vec![upper_as_typed(&format!(
                        "{}{}",
                        part.letters, part.digits
                    ))]);
                } else {
                    known = true;
                    old_style = spellings[0].1;
                    issuer_options.push(spellings.into_iter().map(|(s, _)| s).collect());
                }
            } else {
                // Everything after the issuer names the drafting unit (`KGVX`, `TH-KT`).
                let unit = unit_options.get_or_insert_with(|| vec![String::new()]);
                let spellings = unit_spellings(part);
                *unit = unit
                    .iter()
                    .flat_map(|u| {
                        spellings.iter().map(move |s| {
                            if u.is_empty() {
                                s.clone()
                            } else {
                                format!("{u}-{s}")
                            }
                        })
                    })
                    .take(MAX_CANDIDATES)
                    .collect();
            }
        }
    }

    if mode == Mode::Query && !parts.is_empty() {
        if s.year.is_none() && !known {
            return Err(not_symbol("no known type or issuer".into()));
        }
        let leads_known = !lookup(TYPES, |t| t.code, &parts[0].letters).is_empty()
            || !issuer_spellings(&parts[0]).is_empty();
        if !s.any_slash && !leads_known {
            return Err(not_symbol("no slash and no known abbreviation".into()));
        }
    }

    // Pre-2000 and Party documents: `21-LCT/HĐNN8`, `18-NQ/TW`, `64-CP`. Kept when typed
    // that way, or when the issuer only ever writes it so; a year means the modern layout.
    let first_sep = s.seps.first().copied();
    let old_layout = s.year.is_none()
        && !parts.is_empty()
        && (old_style
            || (first_sep == Some(Sep::Hyphen)
                && (s.seps.get(1) == Some(&Sep::Slash) || (parts.len() == 1 && !s.any_slash))));

    let has_type = !type_options.is_empty();
    let mut pieces: Vec<Vec<String>> = Vec::new();
    if has_type {
        pieces.push(type_options);
    }
    pieces.extend(issuer_options.iter().cloned());
    if let Some(unit) = &unit_options {
        pieces.push(unit.clone());
    }
    let spell = |choice: &[&str]| -> String {
        let mut out = s.number.clone();
        if let Some(y) = s.year {
            out.push('/');
            out.push_str(&y.to_string());
        }
        if let Some((first, rest)) = choice.split_first() {
            if old_layout {
                out.push('-');
                out.push_str(first);
                if !rest.is_empty() {
                    out.push('/');
                    out.push_str(&rest.join("-"));
                }
            } else {
                out.push('/');
                out.push_str(&choice.join("-"));
            }
        }
        out
    };
    let candidates = combinations(&pieces);
    let chosen: Vec<&str> = pieces.iter().map(|p| p[0].as_str()).collect();
    let canonical = spell(&chosen);
    let ambiguous = candidates.len() > 1;

    let type_code = has_type.then(|| chosen[0].to_string());
    let type_name = match type_entry {
        // `L` was the law itself before 2000 (`24-L/CTN`), the promulgating order since.
        Some(t) if t.code == "L" && old_layout => Some("Luật".to_string()),
        Some(t) => Some(t.name.to_string()),
        None => hint.and_then(|w| w.name).map(str::to_string),
    };
    let issuers: Vec<String> = issuer_options.iter().map(|o| o[0].clone()).collect();
    Ok(NumberSymbol {
        raw,
        folded: fold(&canonical),
        canonical,
        number: s.number.clone(),
        year: s.year,
        type_code,
        type_name,
        issuer_code: (!issuers.is_empty()).then(|| issuers.join("-")),
        issuers,
        unit: unit_options.map(|u| u[0].clone()),
        candidates: if ambiguous {
            candidates.iter().map(|c| spell(c)).collect()
        } else {
            Vec::new()
        },
        ambiguous,
    })
}

/// Every choice of one option per piece, the first options first; at most [`MAX_CANDIDATES`].
pub(super) fn combinations(pieces: &[Vec<String>]) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for options in pieces {
        out = out
            .iter()
            .flat_map(|prefix| {
                options.iter().map(move |o| {
                    let mut next = prefix.clone();
                    next.push(o.as_str());
                    next
                })
            })
            .take(MAX_CANDIDATES)
            .collect();
    }
    out
}
