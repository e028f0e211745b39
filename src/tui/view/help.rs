//! The help overlay (`?`), written from the key table, in as many columns as fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Theme, centered};
use crate::tui::keys::{HELP_ORDER, help_bindings};
use crate::tui::state::State;

/// Columns of one help column: the keys, a gap, what they do.
const KEYS_WIDTH: usize = 10;
const COLUMN_WIDTH: u16 = 37;
const TITLE: &str = " Keys (any key closes) ";
const SCROLLED_TITLE: &str = " Keys (↑↓ scroll, other keys close) ";
/// Two columns read better than one tall one, when the window is wide enough.
const PREFERRED_COLUMNS: usize = 2;
/// The overlay leaves this many cells of the dashboard around it.
const MARGIN: u16 = 1;

pub fn draw(frame: &mut Frame, state: &State, theme: Theme) {
    let sections = sections(state.read_only, theme);
    let outer = frame.area();
    let room_rows = usize::from(outer.height.saturating_sub(2 * MARGIN + 2)).max(1);
    let room_width = outer.width.saturating_sub(2 * MARGIN + 2);
    let fitting = usize::from(room_width / COLUMN_WIDTH).max(1);
    let total: usize = sections.iter().map(Vec::len).sum();
    let scrolled = total > fitting * room_rows;
    let columns = if scrolled {
        let skip = state.help_scroll.min(total - room_rows);
        vec![sections.concat().into_iter().skip(skip).take(room_rows).collect()]
    } else {
        into_columns(&sections, room_rows, fitting)
    };
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let count = u16::try_from(columns.len()).unwrap_or(1);
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let area = centered(outer, count * COLUMN_WIDTH + 2, height);

    let title = if scrolled { SCROLLED_TITLE } else { TITLE };
    let block = Block::bordered().title(title).title_style(theme.title()).border_style(theme.key());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let slots =
        Layout::horizontal(vec![Constraint::Length(COLUMN_WIDTH); columns.len()]).split(inner);
    for (slot, column) in slots.iter().zip(columns) {
        frame.render_widget(Paragraph::new(column), *slot);
    }
}

/// Flows the sections into at most `fitting` columns of at most `room_rows` lines, as
/// evenly as it can, never leaving a heading alone at the foot of a column. What does not
/// fit in the last column is cut.
fn into_columns(
    sections: &[Vec<Line<'static>>],
    room_rows: usize,
    fitting: usize,
) -> Vec<Vec<Line<'static>>> {
    let total: usize = sections.iter().map(Vec::len).sum();
    let wanted = total.div_ceil(room_rows).max(PREFERRED_COLUMNS).clamp(1, fitting);
    let mut rows = total.div_ceil(wanted).min(room_rows);
    loop {
        let columns = flow(sections, rows.max(2));
        if columns.len() <= wanted || rows >= room_rows {
            return columns.into_iter().take(fitting).collect();
        }
        rows += 1;
    }
}

/// Fills columns of `rows` lines in order, moving a heading that would end a column to the
/// top of the next one.
fn flow(sections: &[Vec<Line<'static>>], rows: usize) -> Vec<Vec<Line<'static>>> {
    let mut columns = vec![Vec::new()];
    for section in sections {
        for (index, line) in section.iter().enumerate() {
            let column = columns.last_mut().expect("there is always a column");
            let heading_at_foot = index == 0 && column.len() + 1 >= rows;
            if column.len() >= rows || (heading_at_foot && !column.is_empty()) {
                columns.push(Vec::new());
            }
            columns.last_mut().expect("just pushed").push(line.clone());
        }
    }
    columns
}

/// A heading and a line per binding for each scope, without restore keys when read-only.
fn sections(read_only: bool, theme: Theme) -> Vec<Vec<Line<'static>>> {
    let mut sections = Vec::new();
    for scope in HELP_ORDER {
        let bindings: Vec<_> = help_bindings(scope, read_only).collect();
        if bindings.is_empty() {
            continue;
        }
        let mut lines = vec![Line::styled(scope.title(), theme.title())];
        for binding in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<KEYS_WIDTH$}", binding.label), theme.key()),
                Span::raw(binding.about),
            ]));
        }
        sections.push(lines);
    }
    sections
}
