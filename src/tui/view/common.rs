//! Pieces the screens share: the loading, empty and failed messages, a text gauge, and the
//! table of the rows that fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Row, Table, TableState, Wrap};

use super::Theme;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::{self, Action, Scope};
use crate::tui::state::Load;

/// Cells of a restore's gauge.
pub const GAUGE_CELLS: u64 = 10;
const PERCENT_FULL: u64 = 100;

/// What a list says when it has no rows to show.
pub struct Placeholders<'a> {
    /// `hostings`, `backups`: the words after "Loading the" and "Could not load the".
    pub what: &'a str,
    /// Why the loaded list is empty, in a sentence.
    pub empty: &'a str,
}

/// Draws the loading, failed or empty message of `load` and returns `true`, or returns
/// `false` when there are rows for the caller to draw.
pub fn placeholder<T>(
    frame: &mut Frame,
    area: Rect,
    load: &Load<T>,
    is_empty: impl Fn(&T) -> bool,
    words: &Placeholders<'_>,
    theme: Theme,
) -> bool {
    let text = match load {
        Load::Idle | Load::Loading => {
            Text::styled(format!("Loading the {}…", words.what), theme.dim())
        }
        // The way out comes first, so a long reason wrapping past the area cannot hide it.
        Load::Failed(reason) => Text::from(vec![
            Line::styled(
                format!(
                    "Could not load the {}. {} retries.",
                    words.what,
                    keys::key_name(Scope::Global, Action::Refresh)
                ),
                theme.error(),
            ),
            Line::raw(reason.clone()),
        ]),
        Load::Loaded(value) if is_empty(value) => Text::styled(words.empty.to_owned(), theme.dim()),
        Load::Loaded(_) => return false,
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
    true
}

/// A ten-cell bar for a percentage: `███████░░░`.
pub fn gauge(percentage: u64) -> String {
    let filled = percentage.min(PERCENT_FULL) * GAUGE_CELLS / PERCENT_FULL;
    let filled = usize::try_from(filled).unwrap_or(0);
    let cells = usize::try_from(GAUGE_CELLS).unwrap_or(0);
    format!("{}{}", "█".repeat(filled), "░".repeat(cells - filled))
}

/// A table of the rows in view: `row(index)` builds one row of the full list, and only the
/// indexes that fit under the column titles are asked for.
pub struct Window<'a> {
    pub titles: Option<Row<'a>>,
    pub widths: Vec<Constraint>,
    pub len: usize,
    pub cursor: ListCursor,
    pub focused: bool,
}

impl<'a> Window<'a> {
    pub fn draw(self, frame: &mut Frame, area: Rect, theme: Theme, row: impl Fn(usize) -> Row<'a>) {
        let title_rows = u16::from(self.titles.is_some());
        let height = usize::from(area.height.saturating_sub(title_rows));
        let visible = self.cursor.visible(self.len, height);
        let selected = self.cursor.selected.checked_sub(visible.start);
        let rows: Vec<Row<'a>> = visible.map(row).collect();
        let mut table = Table::new(rows, self.widths)
            .column_spacing(1)
            .row_highlight_style(theme.selected(self.focused));
        if let Some(titles) = self.titles {
            table = table.header(titles.style(theme.column_titles()));
        }
        let mut table_state = TableState::new().with_selected(selected);
        frame.render_stateful_widget(table, area, &mut table_state);
    }
}

/// A style for a cell, kept apart from the row's so the selection reverse shows over it.
pub fn styled(text: impl Into<String>, style: Style) -> ratatui::widgets::Cell<'static> {
    ratatui::widgets::Cell::from(Line::styled(text.into(), style))
}

/// Right-aligned text in a cell, for sizes and counts.
pub fn right(text: impl Into<String>) -> ratatui::widgets::Cell<'static> {
    ratatui::widgets::Cell::from(Line::raw(text.into()).right_aligned())
}

#[cfg(test)]
mod tests {
    use super::gauge;

    #[test]
    fn gauge_fills_by_tenths() {
        assert_eq!(gauge(0), "░░░░░░░░░░");
        assert_eq!(gauge(68), "██████░░░░");
        assert_eq!(gauge(100), "██████████");
        assert_eq!(gauge(250), "██████████");
    }
}
