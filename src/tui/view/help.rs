//! The help overlay (`?`), written from the key table, in as many columns as fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Theme, centered};
use crate::tui::keys::{BINDINGS, Scope};
use crate::tui::state::State;

/// Columns of one help column: the keys, a gap, what they do.
const KEYS_WIDTH: usize = 10;
const COLUMN_WIDTH: u16 = 37;
/// The overlay leaves this many cells of the dashboard around it.
const MARGIN: u16 = 1;

const SCOPE_ORDER: [Scope; 8] = [
    Scope::Global,
    Scope::List,
    Scope::Hostings,
    Scope::Backups,
    Scope::Tree,
    Scope::Restores,
    Scope::Dialog,
    Scope::Input,
];

pub fn draw(frame: &mut Frame, state: &State, theme: Theme) {
    let lines = lines(state.read_only, theme);
    let outer = frame.area();
    let room = Rect {
        width: outer.width.saturating_sub(2 * MARGIN),
        height: outer.height.saturating_sub(2 * MARGIN),
        ..outer
    };
    let inner_height = usize::from(room.height.saturating_sub(2)).max(1);
    let fitting = usize::from(room.width.saturating_sub(2) / COLUMN_WIDTH).max(1);
    let columns = lines.len().div_ceil(inner_height).clamp(1, fitting);
    let columns = u16::try_from(columns).unwrap_or(1);
    let rows = u16::try_from(lines.len().div_ceil(usize::from(columns))).unwrap_or(u16::MAX);
    let area = centered(outer, columns * COLUMN_WIDTH + 2, rows + 2);

    let block = Block::bordered()
        .title(" Keys (any key closes) ")
        .title_style(theme.title())
        .border_style(theme.key());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let slots = Layout::horizontal(vec![Constraint::Length(COLUMN_WIDTH); usize::from(columns)])
        .split(inner);
    for (slot, chunk) in slots.iter().zip(lines.chunks(usize::from(rows.max(1)))) {
        frame.render_widget(Paragraph::new(chunk.to_vec()), *slot);
    }
}

/// A heading per scope, then a line per binding, skipping restore keys when read-only.
fn lines(read_only: bool, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for scope in SCOPE_ORDER {
        let bindings: Vec<_> = BINDINGS
            .iter()
            .filter(|binding| binding.scope == scope && !(read_only && binding.restores))
            .collect();
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::styled(scope.title(), theme.title()));
        for binding in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<KEYS_WIDTH$}", binding.label), theme.key()),
                Span::raw(binding.about),
            ]));
        }
    }
    lines
}
