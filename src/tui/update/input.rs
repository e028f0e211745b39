//! Key presses: find what has the keys (help, a text field, a dialog, a list), look the key
//! up in the key table for that context, and act.

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use tui_input::backend::crossterm::to_input_request;

use super::{history, loads, navigation, restore};

use crate::tui::keys::{self, Action, Scope};
use crate::tui::msg::Command;
use crate::tui::state::{Focus, Screen, State};

/// Handles one key event; `None` when it changed nothing.
pub fn key(state: &mut State, event: &KeyEvent) -> Option<Vec<Command>> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    if state.announcements.pop_front().is_some() {
        // An announcement stays until seen: a key dismisses it (the next one, if any, shows
        // then) and does nothing else, but quitting and suspending still work.
        return match keys::action(&[Scope::Global], event) {
            Some(Action::Quit) => Some(vec![Command::Quit]),
            Some(Action::Suspend) => Some(vec![Command::Suspend]),
            _ => Some(Vec::new()),
        };
    }
    let had_notice = state.notice.take().is_some();
    let outcome = if state.help {
        Some(help_key(state, event))
    } else if state.history.is_some() {
        Some(history::key(state, event))
    } else if state.filter_input.is_some() {
        filter_key(state, event)
    } else if state.dialog.is_some() {
        restore::dialog_key(state, event)
    } else {
        let action = keys::action(&main_scopes(state), event);
        action.and_then(|action| act(state, action))
    };
    match outcome {
        None if had_notice => Some(Vec::new()),
        outcome => outcome,
    }
}

/// Lines a page key scrolls the help overlay by.
const HELP_PAGE_LINES: usize = 8;

/// The scopes whose bindings apply when no dialog or text field has the keys.
pub fn main_scopes(state: &State) -> Vec<Scope> {
    let own = match (state.focus, state.screen()) {
        (Focus::Restores, _) => Some(Scope::Restores),
        (Focus::Main, None) => Some(Scope::Hostings),
        (Focus::Main, Some(Screen::Backups(_))) => Some(Scope::Backups),
        (Focus::Main, Some(Screen::Items(_))) => Some(Scope::Tree),
        (Focus::Main, Some(Screen::Restore(_))) => None,
    };
    own.into_iter().chain([Scope::List, Scope::Global]).collect()
}

fn act(state: &mut State, action: Action) -> Option<Vec<Command>> {
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => navigation::move_cursor(state, action).then(Vec::new),
        Action::Open => navigation::open(state),
        Action::Back => navigation::back(state),
        Action::Tick | Action::TickAll | Action::UntickAll => navigation::tick(state, action),
        Action::Filter => start_filter(state),
        Action::Restore => Some(restore::open_dialog(state, false)),
        Action::RestoreFull => Some(restore::open_dialog(state, true)),
        Action::Confirm | Action::RestoreAnyway | Action::Cancel => None,
        Action::SwitchFocus => {
            state.focus = match state.focus {
                Focus::Main => Focus::Restores,
                Focus::Restores => Focus::Main,
            };
            Some(Vec::new())
        }
        Action::Refresh => Some(loads::refresh(state)),
        Action::History => Some(history::open(state)),
        Action::Help => {
            state.help = true;
            Some(Vec::new())
        }
        Action::Quit => Some(vec![Command::Quit]),
        Action::Suspend => Some(vec![Command::Suspend]),
    }
}

/// With help shown, quitting still quits, the movement keys scroll it (it is taller than a
/// small window) and any other key closes it.
fn help_key(state: &mut State, event: &KeyEvent) -> Vec<Command> {
    let last_line = keys::help_line_count(state.read_only).saturating_sub(1);
    let scroll = &mut state.help_scroll;
    match keys::action(&[Scope::List, Scope::Global], event) {
        Some(Action::Quit) => return vec![Command::Quit],
        Some(Action::Suspend) => return vec![Command::Suspend],
        Some(Action::Down) => *scroll = (*scroll + 1).min(last_line),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll = (*scroll + HELP_PAGE_LINES).min(last_line),
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(HELP_PAGE_LINES),
        _ => {
            state.help = false;
            state.help_scroll = 0;
        }
    }
    Vec::new()
}

/// Opens the filter field of the hostings list or the item tree, holding the current filter.
fn start_filter(state: &mut State) -> Option<Vec<Command>> {
    let current = match state.screen() {
        None => state.hostings.filter.clone(),
        Some(Screen::Items(screen)) => screen.load.loaded()?.filter().to_owned(),
        Some(_) => return None,
    };
    state.filter_input = Some(tui_input::Input::new(current));
    Some(Vec::new())
}

/// Keys while the filter is typed: Enter keeps it, Esc clears it, the rest edit it and the
/// list narrows as the user types.
fn filter_key(state: &mut State, event: &KeyEvent) -> Option<Vec<Command>> {
    match keys::action(&[Scope::Input], event) {
        Some(Action::Confirm) => {
            state.filter_input = None;
            Some(Vec::new())
        }
        Some(Action::Cancel) => {
            state.filter_input = None;
            navigation::set_filter(state, "");
            Some(Vec::new())
        }
        Some(Action::Quit) => Some(vec![Command::Quit]),
        Some(Action::Suspend) => Some(vec![Command::Suspend]),
        _ => {
            let input = state.filter_input.as_mut()?;
            let request = to_input_request(&Event::Key(*event))?;
            input.handle(request)?;
            let value = input.value().to_owned();
            navigation::set_filter(state, &value);
            Some(Vec::new())
        }
    }
}
