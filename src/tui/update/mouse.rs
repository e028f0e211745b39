//! The mouse: a click selects a row (and ticks, on a checkbox), the wheel scrolls. Nothing
//! under an overlay, a dialog or a text field is reached.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::navigation::{focused_list, list_in};
use crate::tui::layout;
use crate::tui::msg::Command;
use crate::tui::state::{Focus, Screen, State};
use crate::tui::tree::Row;

/// Rows one notch of the wheel scrolls.
const WHEEL_ROWS: isize = 3;

pub fn handle(state: &mut State, event: MouseEvent) -> Option<Vec<Command>> {
    let covered = state.help
        || state.dialog.is_some()
        || state.filter_input.is_some()
        || state.history.is_some()
        || !state.announcements.is_empty();
    if covered {
        return None;
    }
    let at = Position::new(event.column, event.row);
    let pane = if layout::state_areas(state).restores.contains(at) {
        Focus::Restores
    } else if layout::main_list(state).contains(at) {
        Focus::Main
    } else {
        return None;
    };
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => click(state, pane, at),
        MouseEventKind::ScrollDown => scroll(state, pane, WHEEL_ROWS),
        MouseEventKind::ScrollUp => scroll(state, pane, -WHEEL_ROWS),
        _ => None,
    }
}

fn list_area(state: &State, pane: Focus) -> Rect {
    match pane {
        Focus::Main => layout::main_list(state),
        Focus::Restores => layout::state_areas(state).restores,
    }
}

fn click(state: &mut State, pane: Focus, at: Position) -> Option<Vec<Command>> {
    let area = list_area(state, pane);
    let focus_changed = state.focus != pane;
    state.focus = pane;
    let (cursor, len, rows) = focused_list(state);
    let index = cursor.offset + usize::from(at.y - area.y);
    if index >= len {
        return focus_changed.then(Vec::new);
    }
    cursor.select(index, len, rows);
    if pane == Focus::Main {
        tick_if_on_checkbox(state, index, at.x - area.x);
    }
    Some(Vec::new())
}

fn tick_if_on_checkbox(state: &mut State, index: usize, column: u16) {
    let Some(Screen::Items(screen)) = state.stack.last_mut() else { return };
    let Some(tree) = screen.load.loaded_mut() else { return };
    let Some(&row) = tree.rows().get(index) else { return };
    let depth = match row {
        Row::Group(_) => 0,
        Row::Item(_) => 1,
    };
    if layout::checkbox_columns(depth).contains(&column) {
        tree.toggle(row);
    }
}

fn scroll(state: &mut State, pane: Focus, delta: isize) -> Option<Vec<Command>> {
    let (cursor, len, rows) = list_in(state, pane);
    cursor.scroll_by(delta, len, rows).then(Vec::new)
}
