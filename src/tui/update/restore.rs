//! The road to a restore: the pre-flight rule of [`crate::restore`], the dialog, the single
//! submit (journaled by the executor), and its answer.
//!
//! Nothing is sent before the user confirms, twice when another restore runs on the
//! hosting; a confirm while the request is in flight does nothing, and a failed request is
//! reported, never retried.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::to_input_request;

use crate::api::{BackupItem, BackupStatus, ProgressStatus, RestoreAnswer};
use crate::journal::{ItemRef, Scope};
use crate::restore::{self, Follow, Order, PreflightAsk, Refusal};
use crate::tui::format;
use crate::tui::keys::{self, Action};
use crate::tui::msg::Command;
use crate::tui::poller::Watch;
use crate::tui::state::{
    DialogPhase, ItemsScreen, NoticeKind, RestoreDialog, RestoreEntry, RestorePlan, RestoreStatus,
    Screen, State,
};
use crate::tui::tree::TickedGroup;

/// `r` (items) or `R` (`full`): checks that a restore may be sent, then opens the dialog.
/// A refusal is a notice that says why; nothing is sent either way.
pub fn open_dialog(state: &mut State, full: bool) -> Vec<Command> {
    match check(state, full) {
        Ok(dialog) => state.dialog = Some(dialog),
        Err(reason) => state.notify(NoticeKind::Error, reason),
    }
    Vec::new()
}

fn check(state: &State, full: bool) -> Result<RestoreDialog, String> {
    if let Some(sending) = sending_restore(state) {
        return Err(format!("A restore of {sending} is still being sent; wait for its answer"));
    }
    let (hosting_id, backup) = match state.screen() {
        Some(Screen::Backups(screen)) if full => {
            (&screen.hosting_id, screen.selected().ok_or("No backup selected")?)
        }
        Some(Screen::Items(screen)) => (&screen.hosting_id, &screen.backup),
        _ if state.read_only => return Err(READ_ONLY.into()),
        _ => return Err("Open a backup to restore from it".into()),
    };
    let ticked = match state.screen() {
        Some(Screen::Items(screen)) if !full => Some(ticked_items(screen)?),
        _ => None,
    };
    let ask = PreflightAsk {
        backup,
        items: ticked.as_ref().map(|(items, _)| items.as_slice()),
        running_on_hosting: running_on(state, hosting_id),
        read_only: state.read_only,
    };
    let cleared = restore::preflight(&ask).map_err(|refusal| refusal_text(state, ask, refusal))?;
    let plan = match ticked {
        Some((items, groups)) => {
            RestorePlan::Items { items: items.iter().map(ItemRef::from).collect(), groups }
        }
        None => RestorePlan::Full,
    };
    let (hosting_id, backup) = (hosting_id.clone(), backup.clone());
    Ok(RestoreDialog {
        domain: state.domain_of(&hosting_id),
        hosting_id,
        backup,
        plan,
        typed: tui_input::Input::default(),
        phase: DialogPhase::Confirming,
        problem: None,
        running_warning: cleared.warning(),
    })
}

/// A pre-flight refusal in the dashboard's words.
fn refusal_text(state: &State, ask: PreflightAsk<'_>, refusal: Refusal) -> String {
    match refusal {
        Refusal::ReadOnly => READ_ONLY.to_owned(),
        Refusal::Backup(reason) => {
            let date = format::date_or_unknown(ask.backup.created_at, &state.tz);
            format!("Cannot restore from the backup of {date}: {reason}")
        }
        Refusal::NoItems => format!(
            "Nothing is ticked: {} ticks items, {} restores the whole backup",
            keys::key_name(keys::Scope::Tree, Action::Tick),
            keys::key_name(keys::Scope::Tree, Action::RestoreFull),
        ),
        refusal @ Refusal::Item { .. } => capitalized(&refusal.to_string()),
    }
}

/// How the dashboard words the read-only refusal.
const READ_ONLY: &str = "Restores are off: the dashboard was started with --read-only";

/// The ticked items and their groups; none ticked is for the pre-flight rule to refuse.
fn ticked_items(screen: &ItemsScreen) -> Result<(Vec<BackupItem>, Vec<TickedGroup>), String> {
    let tree = screen.load.loaded().ok_or("The backup's items are not loaded yet")?;
    Ok((tree.ticked_backup_items(), tree.ticked_groups()))
}

/// How many restores of `hosting_id` the pane shows running.
fn running_on(state: &State, hosting_id: &str) -> usize {
    let entries = state.restores.entries.iter();
    entries
        .filter(|e| e.hosting_id == hosting_id && e.progress_id.is_some() && !e.status.is_final())
        .count()
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The domain of a restore whose request is in flight, if one is.
fn sending_restore(state: &State) -> Option<String> {
    let entry = state.restores.entries.iter().find(|e| e.status == RestoreStatus::Sending)?;
    Some(state.domain_of(&entry.hosting_id))
}

/// Keys while the dialog is open. A full restore's dialog has a text field for the domain.
pub fn dialog_key(state: &mut State, event: &KeyEvent) -> Option<Vec<Command>> {
    let dialog = state.dialog.as_mut()?;
    let typing = dialog.plan == RestorePlan::Full && dialog.phase == DialogPhase::Confirming;
    let scopes: &[keys::Scope] =
        if typing { &[keys::Scope::Input] } else { &[keys::Scope::Dialog, keys::Scope::Global] };
    match keys::action(scopes, event) {
        Some(Action::Confirm) => confirm(state),
        Some(Action::Cancel) => {
            state.dialog = None;
            Some(Vec::new())
        }
        Some(Action::Quit) => Some(vec![Command::Quit]),
        Some(Action::Suspend) => Some(vec![Command::Suspend]),
        Some(Action::Help) => {
            state.help = true;
            Some(Vec::new())
        }
        None if typing => {
            let request = to_input_request(&Event::Key(*event))?;
            dialog.typed.handle(request)?;
            dialog.problem = None;
            Some(Vec::new())
        }
        Some(_) | None => None,
    }
}

/// The one place a restore is sent from. Returns exactly one `SendRestore` the first time;
/// once the dialog is sending, it returns nothing and changes nothing.
pub fn confirm(state: &mut State) -> Option<Vec<Command>> {
    let dialog = state.dialog.as_mut()?;
    match dialog.phase {
        DialogPhase::Sending { .. } => return None,
        DialogPhase::Confirming => {
            if dialog.plan == RestorePlan::Full && dialog.typed.value().trim() != dialog.domain {
                dialog.problem = Some(format!("Type {} exactly to confirm", dialog.domain));
                return Some(Vec::new());
            }
            if dialog.running_warning.is_some() {
                dialog.phase = DialogPhase::ConfirmingAgain;
                dialog.problem = None;
                return Some(Vec::new());
            }
        }
        DialogPhase::ConfirmingAgain => {}
    }
    let (scope, what) = match &dialog.plan {
        RestorePlan::Full => (Scope::Full, "full".to_owned()),
        RestorePlan::Items { items, .. } => {
            let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
            (Scope::Items(items.clone()), format::count(count, "item"))
        }
    };
    let order = Order {
        hosting_id: dialog.hosting_id.clone(),
        domain: dialog.domain.clone(),
        backup_id: dialog.backup.id.clone(),
        backup_created_at: dialog.backup.created_at,
        scope,
    };
    let request_id = state.next_id();
    if let Some(dialog) = state.dialog.as_mut() {
        dialog.phase = DialogPhase::Sending { request_id };
    }
    state.restores.entries.insert(
        0,
        RestoreEntry {
            hosting_id: order.hosting_id.clone(),
            backup_id: Some(order.backup_id.clone()),
            progress_id: None,
            request_id: Some(request_id),
            what,
            status: RestoreStatus::Sending,
            percentage: 0,
            poll_error: None,
            follow: None,
            elsewhere: false,
        },
    );
    state.restores.cursor.selected = 0;
    state.restores.cursor.offset = 0;
    Some(vec![Command::SendRestore { request_id, order }])
}

/// The API's answer to a restore request: the pane's entry learns its progress id (and the
/// poller is told to watch it), or shows why it was not sent.
pub fn sent(
    state: &mut State,
    request_id: u64,
    result: Result<RestoreAnswer, String>,
    journaled: Option<Follow>,
) -> Option<Vec<Command>> {
    let listed = match &result {
        Ok(RestoreAnswer { progress_id: Some(progress_id) }) => take_listed(state, progress_id),
        _ => None,
    };
    let entry = state.restores.entries.iter_mut().find(|e| e.request_id == Some(request_id))?;
    let (hosting_id, backup_id) = (entry.hosting_id.clone(), entry.backup_id.clone());
    let mut commands = Vec::new();
    match &result {
        Ok(RestoreAnswer { progress_id: Some(progress_id) }) => {
            entry.progress_id = Some(progress_id.clone());
            entry.follow = journaled;
            state.journal_known.insert(progress_id.clone());
            entry.status = RestoreStatus::Progress(ProgressStatus::Pending);
            if let Some(listed) = listed {
                entry.status = listed.status;
                entry.percentage = listed.percentage;
            }
            let progress_id = progress_id.clone();
            let hosting_id = hosting_id.clone();
            commands.push(Command::Watch(Watch::Progress { hosting_id, progress_id }));
        }
        Ok(RestoreAnswer { progress_id: None }) => entry.status = RestoreStatus::SentUntracked,
        Err(reason) => entry.status = RestoreStatus::NotSent(reason.clone()),
    }

    if state.dialog.as_ref().is_some_and(|d| d.phase == DialogPhase::Sending { request_id }) {
        state.dialog = None;
    }
    let domain = state.domain_of(&hosting_id);
    let (kind, text) = match result {
        Ok(_) => {
            if let Some(backup_id) = backup_id {
                mark_restoring(state, &hosting_id, &backup_id);
            }
            (NoticeKind::Info, format!("Restore of {domain} sent; the restores pane follows it"))
        }
        Err(reason) => (
            NoticeKind::Error,
            format!(
                "Restore of {domain} not sent, and not retried: {reason}. \
                 Its restores list shows whether it started anyway"
            ),
        ),
    };
    state.notify(kind, text);
    Some(commands)
}

/// Removes the entry the poller's list added for `progress_id` before the answer to our own
/// request named it, so the restore shows once.
fn take_listed(state: &mut State, progress_id: &str) -> Option<RestoreEntry> {
    let entries = &mut state.restores.entries;
    let index = entries
        .iter()
        .position(|e| e.request_id.is_none() && e.progress_id.as_deref() == Some(progress_id))?;
    let entry = entries.remove(index);
    let len = entries.len();
    state.restores.cursor.keep_visible(len, 0);
    Some(entry)
}

/// After a restore was taken: its backup reads `restoring` (as the API will say too), and
/// the ticks that were sent are cleared so a second `r` cannot send them again by accident.
fn mark_restoring(state: &mut State, hosting_id: &str, backup_id: &str) {
    for screen in &mut state.stack {
        match screen {
            Screen::Backups(screen) if screen.hosting_id == hosting_id => {
                let backups = screen.load.loaded_mut().into_iter().flatten();
                for backup in backups.filter(|backup| backup.id == backup_id) {
                    backup.status = BackupStatus::Restoring;
                }
            }
            Screen::Items(screen) if screen.backup.id == backup_id => {
                screen.backup.status = BackupStatus::Restoring;
                if let Some(tree) = screen.load.loaded_mut() {
                    tree.untick_all();
                }
            }
            _ => {}
        }
    }
}
