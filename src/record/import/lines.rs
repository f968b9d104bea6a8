//! An import file's lines: JSON Lines or CSV (with a header row), each numbered as the file
//! numbers it and parsed into a kind's line, or the reason it could not be read.

/// Why a whole import could not start.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Csv(String),
}

/// The text of an import file (without the byte-order mark some editors write first), and
/// whether it is CSV (`.csv`) rather than JSON Lines.
pub fn read_text(path: &std::path::Path) -> Result<(String, bool), ImportError> {
    let mut text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.display().to_string(),
        source,
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    Ok((text, is_csv))
}

/// An import file's lines: CSV (`.csv`) read by `csv`, JSON Lines (anything else) a line of
/// the kind's shape each.
pub fn read_file<L: serde::de::DeserializeOwned>(
    path: &std::path::Path,
    csv: impl FnOnce(&str) -> Result<NumberedLines<L>, ImportError>,
) -> Result<NumberedLines<L>, ImportError> {
    let (text, is_csv) = read_text(path)?;
    if is_csv {
        csv(&text)
    } else {
        Ok(jsonl_lines(&text))
    }
}

/// A list given in one CSV cell: its parts between `separator`s, trimmed, empty ones left out.
pub fn cell_list(cell: &str, separator: char) -> Vec<String> {
    cell.split(separator)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A reader of CSV text with a header row (a byte-order mark allowed, rows of any length,
/// cells trimmed).
pub fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
}

/// Refuses a CSV file whose header row lacks a column every line needs, naming the header
/// expected once (rather than "required" on every row). Each entry lists a column and the
/// other names it may go by.
pub fn require_columns(
    headers: &csv::StringRecord,
    required: &[&[&str]],
) -> Result<(), ImportError> {
    let has = |name: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
    let missing: Vec<&str> = required
        .iter()
        .filter(|names| !names.iter().any(|n| has(n)))
        .map(|names| names[0])
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let expected: Vec<String> = required
        .iter()
        .map(|names| match names {
            [one] => one.to_string(),
            [first, others @ ..] => format!("{first} (or {})", others.join(", ")),
            [] => String::new(),
        })
        .collect();
    Err(ImportError::Csv(format!(
        "the CSV header row must name the columns {}; missing: {}; the file's header row: {}",
        expected.join(", "),
        missing.join(", "),
        headers.iter().collect::<Vec<_>>().join(",")
    )))
}

/// An import file's lines by number (from 1; a CSV's header is line 1): each a line of the
/// kind's import, or why it could not be read.
pub type NumberedLines<L> = Vec<(usize, Result<L, String>)>;

/// JSON Lines: one line of the import a line, blank lines skipped.
pub fn jsonl_lines<L: serde::de::DeserializeOwned>(text: &str) -> NumberedLines<L> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            (
                i + 1,
                serde_json::from_str::<L>(l).map_err(|e| format!("not JSON: {e}")),
            )
        })
        .collect()
}

/// CSV with a header row (a byte-order mark allowed, cells trimmed): each row made into a line
/// by `line`, which reads the row's cells by column name (case-insensitive; a missing column
/// reads as empty). A header lacking a `required` column is refused once, naming it.
pub fn csv_lines<L>(
    text: &str,
    required: &[&[&str]],
    line: impl Fn(&dyn Fn(&str) -> String) -> Result<L, String>,
) -> Result<NumberedLines<L>, ImportError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Csv(format!("no header row: {e}")))?
        .clone();
    require_columns(&headers, required)?;
    let mut lines = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let parsed = row
            .map_err(|e| format!("unreadable CSV row: {e}"))
            .and_then(|row| {
                let get = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h.eq_ignore_ascii_case(name))
                        .and_then(|p| row.get(p))
                        .unwrap_or("")
                        .to_string()
                };
                line(&get)
            });
        lines.push((i + 2, parsed));
    }
    Ok(lines)
}
