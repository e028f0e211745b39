//! The road to a restore: the pre-flight rule of [`crate::restore`], the dialog, and the
//! single submit (journaled by the executor). Its answer is `sent`'s.
//!
//! Nothing is sent before the user confirms. When another restore runs on the hosting, or
//! nobody can tell whether one does, the dialog asks a second time and takes only its own
//! key for the answer, so a repeated Enter cannot pass both questions. A confirm while the
//! request is in flight does nothing.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::to_input_request;

use super::progress;
use crate::api::{BackupItem, BackupItemGroup};
use crate::journal::{ItemRef, Scope};
use crate::restore::{self, Cleared, Order, PreflightAsk, Refusal};
use crate::tui::format;
use crate::tui::keys::{self, Action};
use crate::tui::msg::Command;
use crate::tui::state::{
    DialogPhase, ItemsScreen, Load, NoticeKind, RestoreDialog, RestoreEntry, RestorePlan,
    RestoreStatus, Screen, State,
};
use crate::tui::tree::{self, TickedGroup};

/// `r` (items) or `R` (`full`): checks that a restore may be sent, then opens the dialog.
/// A full restore opened from the backups list asks for the backup's items, to show what
/// it overwrites by type. A refusal is a notice that says why; nothing is sent either way.
pub fn open_dialog(state: &mut State, full: bool) -> Vec<Command> {
    let mut dialog = match check(state, full) {
        Ok(dialog) => dialog,
        Err(reason) => {
            state.notify(NoticeKind::Error, reason);
            return Vec::new();
        }
    };
    let mut commands = Vec::new();
    if let RestorePlan::Full { by_type: by_type @ Load::Idle, generation } = &mut dialog.plan {
        *generation = state.next_id();
        *by_type = Load::Loading;
        commands.push(Command::LoadBreakdown {
            hosting_id: dialog.hosting_id.clone(),
            backup_id: dialog.backup.id.clone(),
            generation: *generation,
        });
    }
    state.dialog = Some(dialog);
    commands
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
    let (running, unknown) = running_on(state, hosting_id);
    let ask = PreflightAsk {
        backup,
        items: ticked.as_ref().map(|(items, _)| items.as_slice()),
        running_on_hosting: running,
        read_only: state.read_only,
    };
    let cleared = restore::preflight(&ask).map_err(|refusal| refusal_text(state, ask, refusal))?;
    let plan = match ticked {
        Some((items, groups)) => {
            RestorePlan::Items { items: items.iter().map(ItemRef::from).collect(), groups }
        }
        None => RestorePlan::Full { by_type: tree_totals(state), generation: 0 },
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
        running_warning: warning(cleared, unknown),
    })
}

/// What the open item tree holds by type, or `Idle` when no tree is loaded to tell.
fn tree_totals(state: &State) -> Load<Vec<tree::TypeTotal>> {
    match state.screen() {
        Some(Screen::Items(screen)) => {
            screen.load.loaded().map_or(Load::Idle, |tree| Load::Loaded(tree.type_totals()))
        }
        _ => Load::Idle,
    }
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

/// How many restores of `hosting_id` the pane shows running (a request that may have
/// started one counts), and why nobody can tell whether others run: the hosting's list of
/// restores has not answered yet, or its last poll failed.
pub(super) fn running_on(state: &State, hosting_id: &str) -> (usize, Option<String>) {
    let pane = &state.restores;
    let running = pane
        .entries
        .iter()
        .filter(|entry| entry.hosting_id == hosting_id)
        .filter(|entry| {
            let polled = entry.progress_id.is_some() && !entry.status.is_final();
            polled || matches!(entry.status, RestoreStatus::MayHaveStarted(_))
        })
        .count();
    let unknown = match (&pane.poll_error, &pane.listed) {
        (Some(error), _) => Some(format!("listing its restores failed ({error})")),
        (None, Some(listed)) if listed == hosting_id => None,
        (None, _) => Some("its list of restores has not loaded yet".to_owned()),
    };
    (running, unknown)
}

/// The note that makes the dialog ask twice: restores running, or why nobody can tell.
fn warning(cleared: Cleared, unknown: Option<String>) -> Option<String> {
    cleared.warning().or_else(|| {
        unknown.map(|why| {
            format!("whbackup cannot tell whether a restore already runs on this hosting: {why}")
        })
    })
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

/// The dialog's own bindings in its present phase; the footer and the dialog show them.
pub fn dialog_scope(dialog: &RestoreDialog) -> keys::Scope {
    match dialog.phase {
        DialogPhase::ConfirmingAgain => keys::Scope::AskAgain,
        DialogPhase::Confirming if dialog.plan.is_full() => keys::Scope::Input,
        DialogPhase::Confirming => keys::Scope::Dialog,
        DialogPhase::Sending { .. } => keys::Scope::Sending,
    }
}

/// Keys while the dialog is open. A full restore's dialog has a text field for the domain.
pub fn dialog_key(state: &mut State, event: &KeyEvent) -> Option<Vec<Command>> {
    let dialog = state.dialog.as_mut()?;
    let own = dialog_scope(dialog);
    let typing = own == keys::Scope::Input;
    let scopes: &[keys::Scope] = if typing { &[own] } else { &[own, keys::Scope::Global] };
    match keys::action(scopes, event) {
        Some(Action::Confirm) => confirm(state),
        Some(Action::RestoreAnyway) => confirm_anyway(state),
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

/// The first confirmation. Sends the restore unless a full restore's domain is not typed
/// right, or a restore runs on the hosting (or nobody can tell) as it is now, which turns
/// the dialog to the second question. Does nothing in any other phase.
pub fn confirm(state: &mut State) -> Option<Vec<Command>> {
    let dialog = state.dialog.as_ref()?;
    if dialog.phase != DialogPhase::Confirming {
        return None;
    }
    if dialog.plan.is_full() && dialog.typed.value().trim() != dialog.domain {
        let problem = format!("Type {} exactly to confirm", dialog.domain);
        state.dialog.as_mut()?.problem = Some(problem);
        return Some(Vec::new());
    }
    let (running, unknown) = running_on(state, &dialog.hosting_id);
    let warning = warning(Cleared { running_on_hosting: running }, unknown);
    let dialog = state.dialog.as_mut()?;
    if warning.is_some() {
        dialog.running_warning = warning;
        dialog.phase = DialogPhase::ConfirmingAgain;
        dialog.problem = None;
        return Some(Vec::new());
    }
    dialog.running_warning = None;
    Some(send(state))
}

/// The second, deliberate confirmation; does nothing unless the dialog asks it.
pub fn confirm_anyway(state: &mut State) -> Option<Vec<Command>> {
    if state.dialog.as_ref()?.phase != DialogPhase::ConfirmingAgain {
        return None;
    }
    Some(send(state))
}

/// The one place a restore is sent from: exactly one `SendRestore`, after which the dialog
/// is sending and takes no confirmation any more.
fn send(state: &mut State) -> Vec<Command> {
    let Some(dialog) = state.dialog.as_ref() else { return Vec::new() };
    let (scope, what) = match &dialog.plan {
        RestorePlan::Full { .. } => (Scope::Full, "full".to_owned()),
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
    let entry = RestoreEntry {
        hosting_id: order.hosting_id.clone(),
        backup_id: Some(order.backup_id.clone()),
        progress_id: None,
        request_id: Some(request_id),
        started_at: Some(state.now),
        what,
        status: RestoreStatus::Sending,
        percentage: 0,
        poll_error: None,
        follow: None,
        elsewhere: false,
        end_announced: false,
    };
    // Asked for just now, so the newest of all.
    progress::insert(state, 0, entry);
    vec![Command::SendRestore { request_id, order }]
}

/// The items of the backup a full restore's dialog waits for, shown by type; dropped when
/// the dialog closed or asks for another generation meanwhile.
pub fn breakdown(
    state: &mut State,
    backup_id: &str,
    generation: u64,
    result: Result<Vec<BackupItemGroup>, String>,
) -> Option<Vec<Command>> {
    let dialog = state.dialog.as_mut()?;
    let RestorePlan::Full { by_type, generation: awaited } = &mut dialog.plan else {
        return None;
    };
    if *awaited != generation || dialog.backup.id != backup_id {
        return None;
    }
    *by_type = match result {
        Ok(groups) => Load::Loaded(tree::type_totals(&groups)),
        Err(reason) => Load::Failed(reason),
    };
    Some(Vec::new())
}
