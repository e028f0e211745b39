//! The history overlay (`H`): every restore in the journal, across hostings, with how it
//! ended, as the `history` script command prints it.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Theme, centered};
use crate::journal;
use crate::tui::state::{HistoryView, Load, State};

const TITLE: &str = " Restore history (↑↓ scroll, other keys close) ";
/// The overlay leaves this many cells of the dashboard around it.
const MARGIN: u16 = 1;

pub fn draw(frame: &mut Frame, state: &State, view: &HistoryView, theme: Theme) {
    let outer = frame.area();
    let area = centered(
        outer,
        outer.width.saturating_sub(2 * MARGIN),
        outer.height.saturating_sub(2 * MARGIN),
    );
    let lines: Vec<Line<'static>> = match &view.load {
        Load::Idle | Load::Loading => vec![Line::styled("Reading the journal…", theme.dim())],
        Load::Failed(error) => vec![Line::styled(error.clone(), theme.error())],
        Load::Loaded(entries) => {
            let inner_width = usize::from(area.width.saturating_sub(2));
            let table = journal::history_table_within(entries, &state.tz, inner_width);
            let mut lines = table.lines().map(|line| Line::raw(line.to_owned()));
            let header = lines.next().map(|line| line.style(theme.column_titles()));
            header.into_iter().chain(lines.skip(view.scroll)).collect()
        }
    };
    let block = Block::bordered().title(TITLE).title_style(theme.title()).border_style(theme.key());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
