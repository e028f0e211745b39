//! A plain text table: a header and rows, columns padded to their widest cell.

use std::fmt;

/// Space between two columns.
const GAP: &str = "  ";

/// Which side of its column a cell keeps to; numbers read best on the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table to print; `Display` lays it out. Lines carry no trailing blanks, so the output
/// diffs and greps cleanly.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles; titles print in capitals.
    pub fn new(columns: &[(&'static str, Align)]) -> Self {
        Self { columns: columns.to_vec(), rows: Vec::new() }
    }

    /// Adds a row; missing cells print empty and extra cells are dropped.
    pub fn push(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.columns.iter().map(|(title, _)| title.len()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        widths
    }

    fn write_line<'a>(
        &self,
        f: &mut fmt::Formatter<'_>,
        widths: &[usize],
        cells: impl Iterator<Item = &'a str>,
    ) -> fmt::Result {
        let mut cells = cells.fuse();
        let padded: Vec<String> = self
            .columns
            .iter()
            .zip(widths)
            .map(|((_, align), width)| {
                let cell = cells.next().unwrap_or_default();
                match align {
                    Align::Left => format!("{cell:<width$}"),
                    Align::Right => format!("{cell:>width$}"),
                }
            })
            .collect();
        let line = padded.join(GAP);
        writeln!(f, "{}", line.trim_end())
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths = self.widths();
        let titles: Vec<String> =
            self.columns.iter().map(|(title, _)| title.to_uppercase()).collect();
        self.write_line(f, &widths, titles.iter().map(String::as_str))?;
        for row in &self.rows {
            self.write_line(f, &widths, row.iter().map(String::as_str))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_to_their_widest_cell() {
        let mut table = Table::new(&[("name", Align::Left), ("size", Align::Right)]);
        table.push(vec!["wp_prod".into(), "640 MiB".into()]);
        table.push(vec!["é".into(), "1 B".into()]);
        let expected = "\
NAME        SIZE
wp_prod  640 MiB
é            1 B
";
        assert_eq!(table.to_string(), expected);
    }

    #[test]
    fn short_rows_leave_no_trailing_blanks() {
        let mut table = Table::new(&[("id", Align::Left), ("status", Align::Left)]);
        table.push(vec!["a".into()]);
        assert_eq!(table.to_string(), "ID  STATUS\na\n");
    }

    #[test]
    fn an_empty_table_is_its_header() {
        let table = Table::new(&[("id", Align::Left)]);
        assert_eq!(table.to_string(), "ID\n");
    }
}
