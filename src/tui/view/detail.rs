//! One restore in full: its status and gauge, then the item groups it brings back.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::Theme;
use super::common::{Placeholders, Window, gauge, placeholder, right, styled};
use crate::api::Progress;
use crate::tui::format;
use crate::tui::layout::{DETAIL_HEADER_ROWS, TREE_INDENT};
use crate::tui::state::{Focus, RestoreScreen, State};
use crate::tui::update::detail_rows;

const SIZE_WIDTH: u16 = 9;
const STATUS_WIDTH: u16 = 9;

/// Draws in `area`, with the item rows in its lower part `list`.
pub fn draw(
    frame: &mut Frame,
    state: &State,
    screen: &RestoreScreen,
    (area, list): (Rect, Rect),
    theme: Theme,
) {
    let words = Placeholders { what: "restore", empty: "This restore names no items" };
    let no_rows = |progress: &Progress| progress.backup_item_groups.is_empty();
    let header = Rect { height: DETAIL_HEADER_ROWS.min(area.height), ..area };
    if let Some(progress) = screen.load.loaded() {
        draw_summary(frame, state, screen, progress, header, theme);
    }
    let target = if screen.load.loaded().is_some() { list } else { area };
    if placeholder(frame, target, &screen.load, no_rows, &words, theme) {
        return;
    }
    let Some(progress) = screen.load.loaded() else { return };
    let window = Window {
        titles: None,
        widths: vec![
            Constraint::Fill(1),
            Constraint::Length(SIZE_WIDTH),
            Constraint::Length(STATUS_WIDTH),
        ],
        len: detail_rows(progress),
        cursor: screen.cursor,
        focused: state.focus == Focus::Main,
    };
    window.draw(frame, list, theme, |index| row(progress, row_at(progress, index), theme));
}

fn draw_summary(
    frame: &mut Frame,
    state: &State,
    screen: &RestoreScreen,
    progress: &Progress,
    area: Rect,
    theme: Theme,
) {
    let status = progress.status.as_str().replace('_', " ");
    let line = Line::from(vec![
        Span::styled(format!("Restore {}", format::short_id(&screen.progress_id)), theme.title()),
        Span::raw(format!("  {}  ", state.domain_of(&screen.hosting_id))),
        Span::styled(status, theme.progress_status(&progress.status)),
        Span::raw(format!("  {} {:>3}%", gauge(progress.percentage), progress.percentage)),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// Row `index` of the list, where each group's row is followed by its items' rows:
/// `(group, None)` is a group's own row, `(group, Some(item))` one of its items.
fn row_at(progress: &Progress, mut index: usize) -> (usize, Option<usize>) {
    for (group, items) in progress.backup_item_groups.iter().enumerate() {
        match index.checked_sub(1) {
            None => return (group, None),
            Some(within) if within < items.items.len() => return (group, Some(within)),
            Some(within) => index = within - items.items.len(),
        }
    }
    (0, None)
}

fn row(progress: &Progress, (group, item): (usize, Option<usize>), theme: Theme) -> Row<'static> {
    let group = &progress.backup_item_groups[group];
    match item {
        None => {
            let count = u64::try_from(group.items.len()).unwrap_or(u64::MAX);
            let label = format!("{} ({})", group.item_type.label(), format::count(count, "item"));
            let size = group.items.iter().map(|item| item.size).sum();
            Row::new(vec![
                styled(label, theme.title()),
                right(format::iec_size(size)),
                Cell::from(""),
            ])
        }
        Some(item) => {
            let item = &group.items[item];
            let indent = " ".repeat(usize::from(TREE_INDENT));
            let style = theme.backup_status(&item.status);
            Row::new(vec![
                styled(format!("{indent}{}", item.name), style),
                right(format::iec_size(item.size)),
                styled(item.status.as_str(), style),
            ])
        }
    }
}
