//! Moving through the lists, opening and leaving screens, ticking items and filtering.

use super::open_backups;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::Action;
use crate::tui::layout;
use crate::tui::msg::Command;
use crate::tui::poller::Watch;
use crate::tui::state::{
    Focus, ItemsScreen, Load, NoticeKind, RestoreScreen, RestoreStatus, Screen, State,
};
use crate::tui::tree::{ItemTree, Row};

/// The cursor of the list that has focus, with the list's length and page height.
pub fn focused_list(state: &mut State) -> (&mut ListCursor, usize, usize) {
    list_in(state, state.focus)
}

/// The cursor of the main list or of the restores pane, with its length and page height.
pub fn list_in(state: &mut State, part: Focus) -> (&mut ListCursor, usize, usize) {
    if part == Focus::Restores {
        let rows = layout::restores_page(state);
        let restores = &mut state.restores;
        return (&mut restores.cursor, restores.entries.len(), rows);
    }
    let page = layout::main_page(state);
    match state.stack.last_mut() {
        None => {
            let screen = &mut state.hostings;
            (&mut screen.cursor, screen.shown.len(), page)
        }
        Some(Screen::Backups(screen)) => {
            let len = screen.load.loaded().map_or(0, Vec::len);
            (&mut screen.cursor, len, page)
        }
        Some(Screen::Items(screen)) => {
            let len = screen.load.loaded().map_or(0, |tree| tree.rows().len());
            (&mut screen.cursor, len, page)
        }
        Some(Screen::Restore(screen)) => {
            let len = screen.load.loaded().map_or(0, super::progress::detail_rows);
            (&mut screen.cursor, len, page)
        }
    }
}

/// Moves the focused list's cursor; reports whether it moved.
pub fn move_cursor(state: &mut State, action: Action) -> bool {
    let (cursor, len, page) = focused_list(state);
    let page_step = isize::try_from(page.max(1)).unwrap_or(isize::MAX);
    match action {
        Action::Up => cursor.move_by(-1, len, page),
        Action::Down => cursor.move_by(1, len, page),
        Action::PageUp => cursor.move_by(-page_step, len, page),
        Action::PageDown => cursor.move_by(page_step, len, page),
        Action::Home => cursor.select(0, len, page),
        Action::End => cursor.select(len.saturating_sub(1), len, page),
        _ => false,
    }
}

/// Clamps every cursor after the window or a list changed size.
pub fn keep_cursors_visible(state: &mut State) {
    for part in [Focus::Main, Focus::Restores] {
        let (cursor, len, page) = list_in(state, part);
        cursor.keep_visible(len, page);
    }
}

/// Enter: opens what is under the cursor.
pub fn open(state: &mut State) -> Option<Vec<Command>> {
    if state.focus == Focus::Restores {
        return open_restore(state);
    }
    match state.stack.last_mut() {
        None => {
            let hosting_id = state.hostings.selected()?.id.clone();
            Some(open_backups(state, hosting_id))
        }
        Some(Screen::Backups(screen)) => {
            let backup = screen.selected()?.clone();
            let hosting_id = screen.hosting_id.clone();
            let generation = state.next_id();
            let command = Command::LoadItems {
                hosting_id: hosting_id.clone(),
                backup_id: backup.id.clone(),
                generation,
            };
            state.stack.push(Screen::Items(ItemsScreen {
                hosting_id,
                backup,
                load: Load::Loading,
                generation,
                cursor: ListCursor::default(),
                kept_ticks: Vec::new(),
            }));
            Some(vec![command])
        }
        Some(Screen::Items(screen)) => {
            let tree = screen.load.loaded_mut()?;
            let Some(&Row::Group(group)) = tree.rows().get(screen.cursor.selected) else {
                return None;
            };
            tree.toggle_expanded(group).then(Vec::new)
        }
        Some(Screen::Restore(_)) => None,
    }
}

/// Enter on the restores pane: the restore's detail, loaded fresh.
fn open_restore(state: &mut State) -> Option<Vec<Command>> {
    let entry = state.restores.entries.get(state.restores.cursor.selected)?;
    let hosting_id = entry.hosting_id.clone();
    let Some(progress_id) = entry.progress_id.clone() else {
        let (kind, text) = match &entry.status {
            RestoreStatus::NotSent(reason) => (NoticeKind::Error, format!("Not sent: {reason}")),
            RestoreStatus::MayHaveStarted(reason) => {
                (NoticeKind::Error, format!("May have started; no answer came: {reason}"))
            }
            _ => (NoticeKind::Info, "This restore has no progress id, so no details".into()),
        };
        state.notify(kind, text);
        return Some(Vec::new());
    };
    if matches!(state.screen(), Some(Screen::Restore(_))) {
        state.stack.pop();
    }
    let generation = state.next_id();
    state.stack.push(Screen::Restore(RestoreScreen {
        hosting_id: hosting_id.clone(),
        progress_id: progress_id.clone(),
        load: Load::Loading,
        generation,
        cursor: ListCursor::default(),
    }));
    state.focus = Focus::Main;
    Some(vec![Command::LoadProgress { hosting_id, progress_id, generation }])
}

/// Esc: the restores pane gives focus back; a set filter is cleared; else the screen closes.
pub fn back(state: &mut State) -> Option<Vec<Command>> {
    if state.focus == Focus::Restores {
        state.focus = Focus::Main;
        return Some(Vec::new());
    }
    if set_filter(state, "") {
        return Some(Vec::new());
    }
    match state.stack.pop()? {
        Screen::Backups(_) => Some(vec![Command::Watch(Watch::Hosting(None))]),
        Screen::Items(_) | Screen::Restore(_) => Some(Vec::new()),
    }
}

/// Space, `a` and `n` on the item tree. Space on an item that may not be restored says why.
pub fn tick(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let Some(Screen::Items(screen)) = state.stack.last_mut() else { return None };
    let tree = screen.load.loaded_mut()?;
    match action {
        Action::Tick => {
            let row = *tree.rows().get(screen.cursor.selected)?;
            if tree.toggle(row) {
                return Some(Vec::new());
            }
            let text = untickable(tree, row)?;
            state.notify(NoticeKind::Error, text);
            Some(Vec::new())
        }
        Action::TickAll => tree.tick_shown().then(Vec::new),
        Action::UntickAll => tree.untick_all().then(Vec::new),
        _ => None,
    }
}

/// Why Space on `row` ticked nothing: the item, or every shown item of the group, may not
/// be restored. `None` when there was simply nothing to change.
fn untickable(tree: &ItemTree, row: Row) -> Option<String> {
    match row {
        Row::Item(item) => {
            let item = tree.item(item);
            let reason = crate::restore::status_refusal(&item.status)?;
            Some(format!("{} cannot be restored: {reason}", item.name))
        }
        Row::Group(group) => {
            let items = &tree.group(group).items;
            let reason =
                items.iter().find_map(|&i| crate::restore::status_refusal(&tree.item(i).status))?;
            let label = tree.group(group).item_type.label();
            let none_tickable = items.iter().all(|&i| !tree.is_tickable(i));
            none_tickable.then(|| format!("Nothing in {label} can be restored: {reason}"))
        }
    }
}

/// Applies a filter to the list on screen, keeping the cursor on the same row when it
/// survives the filter. Reports whether the filter changed.
pub fn set_filter(state: &mut State, filter: &str) -> bool {
    let page = layout::main_page(state);
    match state.stack.last_mut() {
        None => {
            let screen = &mut state.hostings;
            let filter = filter.trim().to_lowercase();
            if screen.filter == filter {
                return false;
            }
            let selected = screen.shown.get(screen.cursor.selected).copied();
            screen.filter = filter;
            screen.apply_filter();
            let position = selected.and_then(|index| screen.shown.iter().position(|&i| i == index));
            screen.cursor.select(position.unwrap_or(0), screen.shown.len(), page);
            true
        }
        Some(Screen::Items(screen)) => {
            let Some(tree) = screen.load.loaded_mut() else { return false };
            let selected = tree.rows().get(screen.cursor.selected).copied();
            if !tree.set_filter(filter) {
                return false;
            }
            let position = selected.and_then(|row| tree.position(row));
            screen.cursor.select(position.unwrap_or(0), tree.rows().len(), page);
            true
        }
        Some(_) => false,
    }
}
