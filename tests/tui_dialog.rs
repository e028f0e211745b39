//! The restore dialog, driven by messages: what it refuses before anything is sent, the
//! questions it asks (twice when another restore runs or nobody can tell), the single
//! submit, and what each kind of answer leaves on screen.

mod tui_support;

use crossterm::event::KeyCode;
use tui_support::*;
use whbackup::api::{BackupStatus, ItemType, ProgressStatus, RestoreAnswer};
use whbackup::journal::Scope;
use whbackup::tui::msg::{Command, Msg, SendFailure};
use whbackup::tui::poller::Watch;
use whbackup::tui::state::{DialogPhase, Load, NoticeKind, RestorePlan, RestoreStatus, State};
use whbackup::tui::tree::TypeTotal;
use whbackup::tui::update::update;

/// How often a key is pressed in a row to stand for a repeat or a double tap.
const PRESSES: usize = 10;

fn failure(reason: &str, may_have_started: bool) -> SendFailure {
    SendFailure { reason: reason.into(), may_have_started }
}

#[test]
fn a_confirmed_restore_sends_exactly_once() {
    let mut state = dialog_for_one_item();
    let commands = update(&mut state, key(KeyCode::Enter));
    assert_eq!(sends(&commands), 1);
    assert_eq!(commands.len(), 1);
    let Command::SendRestore { request_id, order } = &commands[0] else {
        panic!("expected a submit, got {commands:?}");
    };
    assert_eq!(order.hosting_id, "h-1");
    let Scope::Items(items) = &order.scope else { panic!("an items restore: {order:?}") };
    let ids: Vec<&str> = items.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids, ["wp_prod"]);
    assert_eq!(items[0].name, "wp_prod", "the journal gets the item's name too");
    let request_id = *request_id;

    for _ in 0..3 {
        assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
        assert!(update(&mut state, ch(' ')).is_empty(), "other keys do nothing either");
    }
    assert!(matches!(state.dialog.as_ref().unwrap().phase, DialogPhase::Sending { .. }));
    assert_eq!(state.restores.entries[0].status, RestoreStatus::Sending);

    let answer = RestoreAnswer { progress_id: Some("p-1".into()) };
    let commands =
        update(&mut state, Msg::RestoreSent { request_id, result: Ok(answer), journaled: None });
    assert!(matches!(
        &commands[..],
        [Command::Watch(Watch::Progress { hosting_id, progress_id })]
            if hosting_id == "h-1" && progress_id == "p-1"
    ));
    assert!(state.dialog.is_none());
    let screen = items_screen(&state);
    assert_eq!(screen.backup.status, BackupStatus::Restoring);
    assert_eq!(screen.load.loaded().unwrap().selection().items, 0, "sent ticks are cleared");

    update(&mut state, ch('r'));
    assert!(state.dialog.is_none(), "a restoring backup is refused");
}

#[test]
fn a_second_restore_while_one_is_sending_is_refused() {
    let mut state = dialog_for_one_item();
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, key(KeyCode::Esc));
    assert!(state.dialog.is_none(), "the dialog may be closed while sending");
    assert_eq!(state.restores.entries[0].status, RestoreStatus::Sending);
    assert!(update(&mut state, ch('r')).is_empty());
    assert!(state.dialog.is_none());
    let text = &state.notice.as_ref().expect("a refusal").text;
    assert!(text.contains("still being sent"), "{text}");
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 0);
}

#[test]
fn a_request_that_surely_never_arrived_reads_not_sent() {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    let result = Err(failure("could not connect to the API", false));
    let commands = update(&mut state, Msg::RestoreSent { request_id, result, journaled: None });
    assert!(commands.is_empty(), "nothing is resent");
    assert!(matches!(&state.restores.entries[0].status, RestoreStatus::NotSent(_)));
    let notice = state.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("not sent, and not retried"), "{}", notice.text);
    assert_eq!(items_screen(&state).backup.status, BackupStatus::Active, "nothing started");
    update(&mut state, ch('r'));
    assert!(state.dialog.is_some(), "sending it again is allowed, on purpose");
}

#[test]
fn a_request_that_may_have_arrived_is_unconfirmed_and_not_sent_again() {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    let result = Err(failure("POST …/restore-backup-items: the connection was lost", true));
    let commands = update(&mut state, Msg::RestoreSent { request_id, result, journaled: None });
    assert!(commands.is_empty(), "nothing is resent");
    let status = &state.restores.entries[0].status;
    assert!(matches!(status, RestoreStatus::MayHaveStarted(_)), "{status:?}");
    let text = state.announcements.front().expect("an announcement that stays").notice.text.clone();
    assert!(
        text.contains("may have started") && text.contains("Watch the restores pane"),
        "{text}"
    );
    assert!(!text.contains("not sent"), "{text}");
    update(&mut state, ch('x'));

    assert_eq!(items_screen(&state).backup.status, BackupStatus::Restoring);
    send(&mut state, [key(KeyCode::End), ch(' '), ch('r')]);
    assert!(state.dialog.is_none(), "the pre-flight rule refuses the same backup");
    let text = &state.notice.as_ref().expect("a refusal").text;
    assert!(text.contains("already being restored"), "{text}");

    send(&mut state, [key(KeyCode::Esc), key(KeyCode::End), ch('R')]);
    let dialog = state.dialog.as_ref().expect("another backup may be restored");
    let warning = dialog.running_warning.as_deref().unwrap_or_default();
    assert!(warning.contains("already running"), "it counts as running: {warning}");
}

#[test]
fn cancel_sends_nothing() {
    let mut state = dialog_for_one_item();
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(state.dialog.is_none());
    assert!(state.restores.entries.is_empty());
}

#[test]
fn a_full_restore_asks_for_the_domain() {
    let mut state = with_items(80, 24);
    update(&mut state, ch('R'));
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty(), "nothing typed yet");
    assert!(state.dialog.as_ref().unwrap().problem.is_some());

    let typed = "example.com".chars().map(ch);
    send(&mut state, typed);
    let commands = update(&mut state, key(KeyCode::Enter));
    assert_eq!(sends(&commands), 1);
    assert!(matches!(
        &commands[0],
        Command::SendRestore { order, .. }
            if order.backup_id == "b-new" && order.scope == Scope::Full
    ));
    assert_eq!(state.restores.entries[0].what, "full");
}

#[test]
fn nothing_ticked_or_a_damaged_backup_is_refused_before_anything_is_sent() {
    let mut state = with_items(80, 24);
    assert!(update(&mut state, ch('r')).is_empty());
    assert!(state.dialog.is_none());
    assert!(state.notice.as_ref().unwrap().text.contains("Nothing is ticked"));

    let mut state = with_backups(80, 24);
    update(&mut state, ch('j'));
    assert!(update(&mut state, ch('R')).is_empty());
    assert!(state.dialog.is_none());
    let text = &state.notice.as_ref().unwrap().text;
    assert!(text.contains("2026-11-30 03:12: it is damaged"), "{text}");
}

#[test]
fn read_only_refuses_every_restore_action() {
    let mut state = with_items(80, 24);
    state.read_only = true;
    let commands = send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r')]);
    assert!(commands.is_empty());
    assert!(state.dialog.is_none());
    assert!(state.notice.as_ref().unwrap().text.contains("--read-only"));
    assert!(send(&mut state, [ch('R'), key(KeyCode::Enter)]).is_empty());
    assert!(state.dialog.is_none());
}

#[test]
fn a_restore_listed_before_its_answer_shows_once() {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    update(&mut state, recent(vec![listed("p-1", 1, 10, ProgressStatus::Processing)]));
    assert_eq!(state.restores.entries.len(), 2);

    let answer = RestoreAnswer { progress_id: Some("p-1".into()) };
    update(&mut state, Msg::RestoreSent { request_id, result: Ok(answer), journaled: None });
    assert_eq!(state.restores.entries.len(), 1);
    let entry = &state.restores.entries[0];
    assert_eq!(entry.request_id, Some(request_id));
    assert_eq!(entry.status, RestoreStatus::Progress(ProgressStatus::Processing));
    assert_eq!(entry.percentage, 10);
}

#[test]
fn an_answer_after_the_dialog_closed_still_marks_the_backup() {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    update(&mut state, key(KeyCode::Esc));
    let answer = RestoreAnswer { progress_id: None };
    update(&mut state, Msg::RestoreSent { request_id, result: Ok(answer), journaled: None });
    assert_eq!(items_screen(&state).backup.status, BackupStatus::Restoring);
    assert_eq!(state.restores.entries[0].status, RestoreStatus::SentUntracked);
}

#[test]
fn a_damaged_backup_is_refused_first_and_untickable_groups_say_why() {
    let mut state = with_backups(80, 24);
    let commands = send(&mut state, [ch('j'), key(KeyCode::Enter)]);
    let generation = generation(&commands);
    let mut groups = item_groups();
    for item in &mut groups[2].items {
        item.status = BackupStatus::Damaged;
    }
    let msg = Msg::ItemsLoaded {
        hosting_id: "h-1".into(),
        backup_id: "b-damaged".into(),
        generation,
        result: Ok(groups),
    };
    update(&mut state, msg);

    assert!(update(&mut state, ch('r')).is_empty());
    let text = &state.notice.as_ref().expect("a refusal").text;
    assert!(text.contains("it is damaged") && text.starts_with("Cannot restore"), "{text}");

    send(&mut state, [key(KeyCode::End), ch(' ')]);
    let text = &state.notice.as_ref().expect("a refusal").text;
    assert_eq!(text, "Nothing in web can be restored: it is damaged");
}

#[test]
fn a_running_restore_asks_again_and_only_y_answers() {
    let mut state = with_items(80, 24);
    update(&mut state, recent(vec![listed("p-7", 1, 10, ProgressStatus::Processing)]));
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r')]);
    let dialog = state.dialog.as_ref().expect("the dialog opens");
    assert!(dialog.running_warning.as_ref().unwrap().contains("already running"));

    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 0, "the first confirm asks");
    assert_eq!(state.dialog.as_ref().unwrap().phase, DialogPhase::ConfirmingAgain);
    let repeated = (0..PRESSES).map(|_| key(KeyCode::Enter));
    let sent: usize = repeated.map(|enter| sends(&update(&mut state, enter))).sum();
    assert_eq!(sent, 0, "Enter does not answer the second question");
    assert_eq!(state.dialog.as_ref().unwrap().phase, DialogPhase::ConfirmingAgain);

    assert_eq!(sends(&update(&mut state, ch('y'))), 1);
    let again: usize = (0..PRESSES).map(|_| sends(&update(&mut state, ch('y')))).sum();
    assert_eq!(again, 0, "and never twice");
}

#[test]
fn esc_on_the_second_question_sends_nothing() {
    let mut state = with_items(80, 24);
    update(&mut state, recent(vec![listed("p-7", 1, 10, ProgressStatus::Pending)]));
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r'), key(KeyCode::Enter)]);
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(state.dialog.is_none());
    assert!(state.restores.entries.iter().all(|entry| entry.request_id.is_none()));
}

#[test]
fn nothing_running_sends_at_the_first_confirm() {
    let mut state = dialog_for_one_item();
    assert!(state.dialog.as_ref().unwrap().running_warning.is_none());
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 1);
}

/// The item tree of `example.com`'s newest backup, opened before the poller listed the
/// hosting's restores, with `wp_prod` ticked.
fn ticked_before_the_list() -> State {
    let mut state = with_hostings(80, 24);
    let commands = update(&mut state, key(KeyCode::Enter));
    let msg = Msg::BackupsLoaded {
        hosting_id: "h-1".into(),
        generation: generation(&commands),
        result: Ok(backups()),
    };
    update(&mut state, msg);
    let commands = update(&mut state, key(KeyCode::Enter));
    update(&mut state, newest_items_loaded(generation(&commands), item_groups()));
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' ')]);
    state
}

#[test]
fn an_unknown_running_state_says_why_and_asks_again() {
    let mut state = ticked_before_the_list();
    update(&mut state, ch('r'));
    let warning = state.dialog.as_ref().unwrap().running_warning.clone().unwrap_or_default();
    assert!(warning.contains("cannot tell") && warning.contains("not loaded yet"), "{warning}");
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 0);
    let sent: usize = (0..PRESSES).map(|_| sends(&update(&mut state, key(KeyCode::Enter)))).sum();
    assert_eq!(sent, 0);
    assert_eq!(sends(&update(&mut state, ch('y'))), 1);

    let mut state = ticked_before_the_list();
    update(&mut state, recent(Vec::new()));
    let failed =
        Msg::PollFailed { hosting_id: "h-1".into(), progress_id: None, error: "timed out".into() };
    update(&mut state, failed);
    update(&mut state, ch('r'));
    let warning = state.dialog.as_ref().unwrap().running_warning.clone().unwrap_or_default();
    assert!(warning.contains("listing its restores failed (timed out)"), "{warning}");
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 0, "asked again");
}

#[test]
fn a_restore_that_starts_while_the_dialog_is_open_makes_it_ask_again() {
    let mut state = dialog_for_one_item();
    assert!(state.dialog.as_ref().unwrap().running_warning.is_none());
    update(&mut state, recent(vec![listed("p-8", 3, 0, ProgressStatus::Pending)]));
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 0);
    let dialog = state.dialog.as_ref().unwrap();
    assert_eq!(dialog.phase, DialogPhase::ConfirmingAgain);
    assert!(dialog.running_warning.as_ref().unwrap().contains("already running"));
}

#[test]
fn a_full_restore_from_the_backups_list_fetches_what_it_overwrites() {
    let mut state = with_backups(80, 24);
    let commands = update(&mut state, ch('R'));
    let Some(Command::LoadBreakdown { hosting_id, backup_id, generation }) = commands.first()
    else {
        panic!("the backup's items are asked for: {commands:?}");
    };
    assert_eq!((hosting_id.as_str(), backup_id.as_str()), ("h-1", "b-new"));
    let generation = *generation;
    let by_type = |state: &State| match &state.dialog.as_ref().unwrap().plan {
        RestorePlan::Full { by_type, .. } => by_type.clone(),
        plan @ RestorePlan::Items { .. } => panic!("a full restore: {plan:?}"),
    };
    assert_eq!(by_type(&state), Load::Loading);

    let older = Msg::BreakdownLoaded {
        backup_id: "b-new".into(),
        generation: generation - 1,
        result: Ok(item_groups()),
    };
    state.dirty = false;
    assert!(update(&mut state, older).is_empty());
    assert!(!state.dirty && by_type(&state) == Load::Loading, "a stale answer is dropped");
    let fresh =
        Msg::BreakdownLoaded { backup_id: "b-new".into(), generation, result: Ok(item_groups()) };
    update(&mut state, fresh);
    let Load::Loaded(totals) = by_type(&state) else { panic!("{:?}", by_type(&state)) };
    let db = TypeTotal { item_type: ItemType::Db, count: 3, size_bytes: 812 * MIB };
    assert_eq!(totals[0], db);
    assert_eq!(totals.len(), 3);

    let mut state = with_backups(80, 24);
    let generation = generation_of_breakdown(&update(&mut state, ch('R')));
    let failed =
        Msg::BreakdownLoaded { backup_id: "b-new".into(), generation, result: Err("boom".into()) };
    update(&mut state, failed);
    assert_eq!(by_type(&state), Load::Failed("boom".into()));
    send(&mut state, "example.com".chars().map(ch));
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 1, "it may still be sent");
}

fn generation_of_breakdown(commands: &[Command]) -> u64 {
    commands
        .iter()
        .find_map(|command| match command {
            Command::LoadBreakdown { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("a breakdown request")
}

#[test]
fn a_full_restore_from_the_tree_reads_the_tree() {
    let mut state = with_items(80, 24);
    let commands = update(&mut state, ch('R'));
    assert!(commands.is_empty(), "nothing to fetch: {commands:?}");
    let RestorePlan::Full { by_type: Load::Loaded(totals), .. } =
        &state.dialog.as_ref().unwrap().plan
    else {
        panic!("the tree's totals");
    };
    let types: Vec<&ItemType> = totals.iter().map(|total| &total.item_type).collect();
    assert_eq!(types, [&ItemType::Db, &ItemType::Mail, &ItemType::Web]);
}
