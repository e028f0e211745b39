//! The notice of a finished restore: a box over everything, naming the hosting, the outcome
//! and the time it took, until a key is pressed.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, centered};
use crate::tui::state::Notice;

const TITLE: &str = " Restore finished ";
const DISMISS: &str = "Press any key to dismiss";
/// Room for the borders around the two lines of text.
const CHROME_COLUMNS: u16 = 4;
const HEIGHT_ROWS: u16 = 5;
const MIN_WIDTH: u16 = 30;

pub fn draw(frame: &mut Frame, notice: &Notice, theme: Theme) {
    let text_width = notice.text.chars().count().max(DISMISS.len());
    let width = u16::try_from(text_width).unwrap_or(u16::MAX).saturating_add(CHROME_COLUMNS);
    let area = centered(frame.area(), width.max(MIN_WIDTH), HEIGHT_ROWS);
    let block = Block::bordered()
        .title(TITLE)
        .title_style(theme.title())
        .border_style(theme.notice(notice.kind));
    let lines = vec![
        Line::styled(notice.text.clone(), theme.notice(notice.kind)),
        Line::raw(""),
        Line::styled(DISMISS, theme.dim()),
    ];
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), area);
}
