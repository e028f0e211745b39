//! Where each part of the window goes, computed from the window's size alone, so the views
//! that draw and the update code that maps a click or a page of rows agree.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

use super::state::{Screen, State};

/// Header: the title border and the breadcrumb line.
const HEADER_ROWS: u16 = 2;
/// Footer: its top border and its bottom border, around the status line.
const FOOTER_BORDER_ROWS: u16 = 2;
/// The status line takes a second row when a notice is too long for one, so its end (the
/// reason, what to do) is never cut off.
const MAX_STATUS_ROWS: u16 = 2;
/// The most restores the pane shows at once; it scrolls past that.
const MAX_RESTORE_ROWS: u16 = 5;
/// Below this window height the restores pane keeps a single row.
const ROOMY_HEIGHT: u16 = 20;
/// Rows a table spends on its column titles.
const TABLE_HEADER_ROWS: u16 = 1;
/// Rows the restore detail spends on its status and gauge above the item list.
pub const DETAIL_HEADER_ROWS: u16 = 2;

/// The inner areas of the window, inside the borders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The whole window, where the borders are drawn.
    pub frame: Rect,
    pub header_block: Rect,
    pub main_block: Rect,
    pub restores_block: Rect,
    pub footer_block: Rect,
    pub breadcrumb: Rect,
    pub main: Rect,
    pub restores: Rect,
    pub status: Rect,
}

/// Splits the window for a restores pane holding `restore_count` entries and a status line of
/// `status_rows` rows.
pub fn areas(frame: Rect, restore_count: usize, status_rows: u16) -> Areas {
    let wanted = u16::try_from(restore_count).unwrap_or(u16::MAX).clamp(1, MAX_RESTORE_ROWS);
    let restore_rows = if frame.height >= ROOMY_HEIGHT { wanted } else { 1 };
    let [header_block, main_block, restores_block, footer_block] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Min(0),
        Constraint::Length(1 + restore_rows),
        Constraint::Length(FOOTER_BORDER_ROWS + status_rows),
    ])
    .areas(frame);
    Areas {
        frame,
        header_block,
        main_block,
        restores_block,
        footer_block,
        breadcrumb: below_top_border(header_block),
        main: below_top_border(main_block),
        restores: below_top_border(restores_block),
        status: Rect {
            height: footer_block.height.saturating_sub(1).min(status_rows),
            ..below_top_border(footer_block)
        },
    }
}

/// The window's areas for the state as it is.
pub fn state_areas(state: &State) -> Areas {
    for_window(state, state.area)
}

/// The areas of a window `frame` for `state`.
pub fn for_window(state: &State, frame: Rect) -> Areas {
    areas(frame, state.restores.entries.len(), status_rows(state, frame.width))
}

/// One row for the status line, two when the notice on it needs them in a window
/// `window_width` wide.
fn status_rows(state: &State, window_width: u16) -> u16 {
    let width = usize::from(window_width.saturating_sub(2));
    match &state.notice {
        Some(notice) if Line::raw(notice.text.as_str()).width() > width => MAX_STATUS_ROWS,
        _ => 1,
    }
}

/// A block's content area when it draws its top, left and right borders.
fn below_top_border(block: Rect) -> Rect {
    Rect {
        x: block.x.saturating_add(1),
        y: block.y.saturating_add(1),
        width: block.width.saturating_sub(2),
        height: block.height.saturating_sub(1),
    }
}

/// Where the rows of the main list are drawn, below any column titles.
pub fn main_list(state: &State) -> Rect {
    list_in(state_areas(state).main, state.screen())
}

/// The rows part of the main area `main` for `screen` (`None`: the hostings list).
pub fn list_in(main: Rect, screen: Option<&Screen>) -> Rect {
    let skip = match screen {
        None | Some(Screen::Backups(_)) => TABLE_HEADER_ROWS,
        Some(Screen::Items(_)) => 0,
        Some(Screen::Restore(_)) => DETAIL_HEADER_ROWS,
    };
    Rect { y: main.y + skip.min(main.height), height: main.height.saturating_sub(skip), ..main }
}

/// Columns a tree level is indented by.
pub const TREE_INDENT: u16 = 4;
/// Columns of a checkbox, `[x]`.
const CHECKBOX_WIDTH: u16 = 3;

/// The columns of a tree row's checkbox at `depth`, counted from the list's left edge.
pub fn checkbox_columns(depth: u16) -> std::ops::Range<u16> {
    let start = depth * TREE_INDENT;
    start..start + CHECKBOX_WIDTH
}

/// How many rows of the main list fit on screen.
pub fn main_page(state: &State) -> usize {
    usize::from(main_list(state).height)
}

/// How many restores fit in the pane.
pub fn restores_page(state: &State) -> usize {
    usize::from(state_areas(state).restores.height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_fit_at_80_by_24() {
        let areas = areas(Rect::new(0, 0, 80, 24), 2, 1);
        assert_eq!(areas.breadcrumb, Rect::new(1, 1, 78, 1));
        assert_eq!(areas.restores.height, 2);
        assert_eq!(areas.status, Rect::new(1, 22, 78, 1));
        assert_eq!(areas.main.height, 24 - 2 - 1 - 3 - 3);

        let two = super::areas(Rect::new(0, 0, 80, 24), 2, MAX_STATUS_ROWS);
        assert_eq!(two.status, Rect::new(1, 21, 78, 2));
        assert_eq!(two.main.height, areas.main.height - 1);
    }

    #[test]
    fn zero_size_is_safe() {
        let areas = areas(Rect::ZERO, 0, MAX_STATUS_ROWS);
        assert_eq!(areas.main.area(), 0);
        assert_eq!(areas.status.area(), 0);
    }
}
