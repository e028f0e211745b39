//! An announcement: a box over everything that stays until a key is pressed, for a restore
//! that ended (the hosting, the outcome, the time it took) or one whose answer was lost.
//! When several wait, the box says how many more follow.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::wrap::wrap;
use super::{Theme, centered};
use crate::tui::state::{Announced, Announcement};

const DISMISS: &str = "Press any key to dismiss";
/// The most columns the box takes; a longer text wraps.
const MAX_WIDTH: u16 = 72;
const MIN_WIDTH: u16 = 30;
/// Cells the border takes around the text, on each axis.
const BORDER_CELLS: u16 = 2;
/// Columns of room left and right of the text inside the border.
const PADDING_COLUMNS: u16 = 2;

/// Draws `first`, saying how many more announcements wait behind it.
pub fn draw(frame: &mut Frame, first: &Announcement, waiting: usize, theme: Theme) {
    let notice = &first.notice;
    let dismiss = match waiting {
        0 => DISMISS.to_owned(),
        waiting => format!("{DISMISS} ({waiting} more)"),
    };
    let text_width = notice.text.chars().count().max(dismiss.len());
    let wanted = u16::try_from(text_width).unwrap_or(u16::MAX).saturating_add(BORDER_CELLS);
    let width =
        wanted.saturating_add(PADDING_COLUMNS).clamp(MIN_WIDTH, MAX_WIDTH).min(frame.area().width);
    let inner_width = usize::from(width.saturating_sub(BORDER_CELLS));
    let mut lines =
        wrap(&Line::styled(notice.text.clone(), theme.notice(notice.kind)), inner_width);
    lines.push(Line::raw(""));
    lines.extend(wrap(&Line::styled(dismiss, theme.dim()), inner_width));
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let area = centered(frame.area(), width, rows.saturating_add(BORDER_CELLS));
    let block = Block::bordered()
        .title(title(first.about))
        .title_style(theme.title())
        .border_style(theme.notice(notice.kind));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn title(about: Announced) -> &'static str {
    match about {
        Announced::RestoreEnded => " Restore finished ",
        Announced::AnswerLost => " Restore unconfirmed ",
    }
}
