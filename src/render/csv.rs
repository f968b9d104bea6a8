//! The one CSV writer of every export (audit log, inbox report…): RFC 4180 through the
//! `csv` crate, and every text cell neutralised for spreadsheets, so that a name typed by
//! one person cannot make another person's spreadsheet run a formula.

use std::borrow::Cow;

/// A table being written as CSV: a header line, then rows.
pub struct CsvTable {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    /// A table with its header line.
    pub fn new(header: &[&str]) -> CsvTable {
        let mut table = CsvTable {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
        };
        table.row(header.iter().copied());
        table
    }

    /// Appends a row; each cell is neutralised.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        // Writing to memory fails only on a broken record, which owned strings never are.
        if let Err(e) = self.writer.write_record(&cells) {
            tracing::error!(error = %e, "a CSV row was not written");
        }
    }

    /// The finished file.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer
            .into_inner()
            .unwrap_or_else(|e| e.into_inner().get_ref().clone())
    }
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return first) gets a leading apostrophe, which spreadsheets show as text (OWASP's advice
/// for CSV injection). Numbers, negative ones included, stay numbers.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://evil.example\")"),
            "'=HYPERLINK(\"http://evil.example\")"
        );
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\t=1"), "'\t=1");
        assert_eq!(neutralise("-5"), "-5");
        assert_eq!(neutralise("Sở Xây dựng"), "Sở Xây dựng");
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        let mut t = CsvTable::new(&["a", "b"]);
        t.row(["x,y", "say \"hi\""]);
        let text = String::from_utf8(t.into_bytes()).unwrap();
        assert_eq!(text, "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n");
    }
}
