//! Answers to list requests, and the refresh that asks again. An answer whose identity (the
//! hosting, the backup, the generation) no longer matches a screen is dropped, errors too.

use super::newest_first;
use crate::api::{Backup, BackupItemGroup, Hosting, Progress};
use crate::tui::layout;
use crate::tui::msg::Command;
use crate::tui::state::{Load, Screen, State};
use crate::tui::tree::ItemTree;

/// What an answer about a backup's items or a restore answers: two ids and a generation.
type Identity<'a> = (&'a str, &'a str, u64);

/// How many hostings, from the top of the list, get their details (the control panel)
/// fetched once the list loads; the others get them when opened.
const DETAILED_HOSTINGS: usize = 200;

pub fn reload_hostings(state: &mut State) -> Vec<Command> {
    let generation = state.next_id();
    state.hostings.generation = generation;
    state.hostings.load = Load::Loading;
    state.hostings.apply_filter();
    vec![Command::LoadHostings { generation }]
}

pub fn hostings(
    state: &mut State,
    generation: u64,
    result: Result<Vec<Hosting>, String>,
) -> Option<Vec<Command>> {
    if generation != state.hostings.generation {
        return None;
    }
    let page = layout::main_page(state);
    let screen = &mut state.hostings;
    let mut commands = Vec::new();
    screen.load = match result {
        Ok(hostings) => {
            let hosting_ids: Vec<String> =
                hostings.iter().take(DETAILED_HOSTINGS).map(|h| h.id.clone()).collect();
            if !hosting_ids.is_empty() {
                commands.push(Command::LoadHostingDetails { generation, hosting_ids });
            }
            Load::Loaded(hostings)
        }
        Err(reason) => Load::Failed(reason),
    };
    screen.apply_filter();
    screen.cursor.keep_visible(screen.shown.len(), page);
    Some(commands)
}

/// GetHosting's answer fills in what ListHostings leaves out (the control panel); dropped
/// when it answers an older list. A failure only costs the column, so it is logged and not
/// shown.
pub fn hosting(
    state: &mut State,
    (hosting_id, generation): (&str, u64),
    result: Result<Hosting, String>,
) -> Option<Vec<Command>> {
    if generation != state.hostings.generation {
        return None;
    }
    let full = match result {
        Ok(full) => full,
        Err(reason) => {
            tracing::info!(hosting_id, %reason, "hosting details unavailable");
            return None;
        }
    };
    let hostings = state.hostings.load.loaded_mut()?;
    let known = hostings.iter_mut().find(|hosting| hosting.id == hosting_id)?;
    let offer_name = std::mem::take(&mut known.offer_name);
    *known = Hosting { offer_name, ..full };
    Some(Vec::new())
}

pub fn backups(
    state: &mut State,
    hosting_id: &str,
    generation: u64,
    result: Result<Vec<Backup>, String>,
) -> Option<Vec<Command>> {
    let page = layout::main_page(state);
    let screen = state.stack.iter_mut().find_map(|screen| match screen {
        Screen::Backups(s) if s.hosting_id == hosting_id && s.generation == generation => Some(s),
        _ => None,
    })?;
    screen.load = match result {
        Ok(mut backups) => {
            newest_first(&mut backups);
            Load::Loaded(backups)
        }
        Err(reason) => Load::Failed(reason),
    };
    let len = screen.load.loaded().map_or(0, Vec::len);
    screen.cursor.keep_visible(len, page);
    let fresh = screen.load.loaded().cloned().unwrap_or_default();
    refresh_open_backup(state, hosting_id, &fresh);
    Some(Vec::new())
}

/// Gives an open item tree the fresh copy of its backup, whose status may have moved (from
/// `restoring` back to `active`, for example).
fn refresh_open_backup(state: &mut State, hosting_id: &str, fresh: &[Backup]) {
    for screen in &mut state.stack {
        if let Screen::Items(screen) = screen
            && screen.hosting_id == hosting_id
            && let Some(backup) = fresh.iter().find(|backup| backup.id == screen.backup.id)
        {
            screen.backup = backup.clone();
        }
    }
}

pub fn items(
    state: &mut State,
    (hosting_id, backup_id, generation): Identity<'_>,
    result: Result<Vec<BackupItemGroup>, String>,
) -> Option<Vec<Command>> {
    let page = layout::main_page(state);
    let screen = state.stack.iter_mut().find_map(|screen| match screen {
        Screen::Items(s)
            if s.hosting_id == hosting_id
                && s.backup.id == backup_id
                && s.generation == generation =>
        {
            Some(s)
        }
        _ => None,
    })?;
    screen.load = match result {
        Ok(groups) => {
            let mut tree = ItemTree::new(groups);
            tree.tick_ids(&std::mem::take(&mut screen.kept_ticks));
            Load::Loaded(tree)
        }
        Err(reason) => Load::Failed(reason),
    };
    let len = screen.load.loaded().map_or(0, |tree| tree.rows().len());
    screen.cursor.keep_visible(len, page);
    Some(Vec::new())
}

pub fn progress(
    state: &mut State,
    (hosting_id, progress_id, generation): Identity<'_>,
    result: Result<Progress, String>,
) -> Option<Vec<Command>> {
    let screen = state.stack.iter_mut().find_map(|screen| match screen {
        Screen::Restore(s)
            if s.hosting_id == hosting_id
                && s.progress_id == progress_id
                && s.generation == generation =>
        {
            Some(s)
        }
        _ => None,
    })?;
    screen.load = match result {
        Ok(progress) => Load::Loaded(progress),
        Err(reason) => Load::Failed(reason),
    };
    Some(Vec::new())
}

/// Ctrl-R: asks again for what the screen shows, under a new generation so an answer to
/// the old request is dropped. The item tree keeps its ticks across the reload.
pub fn refresh(state: &mut State) -> Vec<Command> {
    let generation = state.next_id();
    match state.stack.last_mut() {
        None => reload_hostings(state),
        Some(Screen::Backups(screen)) => {
            screen.generation = generation;
            screen.load = Load::Loading;
            vec![Command::LoadBackups { hosting_id: screen.hosting_id.clone(), generation }]
        }
        Some(Screen::Items(screen)) => {
            if let Some(tree) = screen.load.loaded() {
                screen.kept_ticks = tree.ticked_ids();
            }
            screen.generation = generation;
            screen.load = Load::Loading;
            vec![Command::LoadItems {
                hosting_id: screen.hosting_id.clone(),
                backup_id: screen.backup.id.clone(),
                generation,
            }]
        }
        Some(Screen::Restore(screen)) => {
            screen.generation = generation;
            screen.load = Load::Loading;
            vec![Command::LoadProgress {
                hosting_id: screen.hosting_id.clone(),
                progress_id: screen.progress_id.clone(),
                generation,
            }]
        }
    }
}

/// Reloads the backups of a hosting whose list is open, for example after one of its
/// restores ended and its backup no longer reads `restoring`.
pub fn reload_backups_of(state: &mut State, hosting_id: &str) -> Vec<Command> {
    let generation = state.next_id();
    let screen = state.stack.iter_mut().find_map(|screen| match screen {
        Screen::Backups(s) if s.hosting_id == hosting_id => Some(s),
        _ => None,
    });
    let Some(screen) = screen else { return Vec::new() };
    screen.generation = generation;
    vec![Command::LoadBackups { hosting_id: hosting_id.to_owned(), generation }]
}
