//! What the dashboard draws over its screens, in a test terminal: the restore dialog in each
//! phase, the help and history overlays and the notice of a finished restore, snapshotted at
//! 80x24, 120x40 and 40x12, with the checks that matter most for the dialog: the hosting and
//! the backup's date always show, whatever the window's size.

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_support::view::{at_sizes, find, render, text};
use tui_support::*;
use whbackup::api::{ProgressStatus, RestoreAnswer};
use whbackup::tui::msg::{Command, Msg, SendFailure};
use whbackup::tui::state::{Announced, Announcement, Notice, NoticeKind, State};
use whbackup::tui::update::update;
use whbackup::tui::view;

fn ticked_tree(width: u16, height: u16) -> State {
    let mut state = with_items(width, height);
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('j'), ch('j'), ch('j')]);
    state
}

fn item_dialog(width: u16, height: u16) -> State {
    let mut state = ticked_tree(width, height);
    send(&mut state, [key(KeyCode::End), ch(' '), ch('r')]);
    assert!(state.dialog.is_some(), "{:?}", state.notice);
    state
}

/// The item dialog, asked twice because a restore runs on the hosting.
fn ask_again(width: u16, height: u16) -> State {
    let mut state = ticked_tree(width, height);
    update(&mut state, recent(vec![listed("3f2a1b2c", 2, 68, ProgressStatus::Processing)]));
    send(&mut state, [ch('r'), key(KeyCode::Enter)]);
    state
}

/// The item dialog, opened before the poller listed the hosting's restores.
fn unknown_running(width: u16, height: u16) -> State {
    let mut state = with_hostings(width, height);
    let opened = update(&mut state, key(KeyCode::Enter));
    let msg = Msg::BackupsLoaded {
        hosting_id: "h-1".into(),
        generation: generation(&opened),
        result: Ok(backups()),
    };
    update(&mut state, msg);
    let opened = update(&mut state, key(KeyCode::Enter));
    update(&mut state, newest_items_loaded(generation(&opened), item_groups()));
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r')]);
    state
}

/// The full restore's dialog opened with `R` on the backups list, its items asked for.
fn full_from_backups(width: u16, height: u16) -> (State, u64) {
    let mut state = with_backups(width, height);
    let commands = update(&mut state, ch('R'));
    let Some(Command::LoadBreakdown { generation, .. }) = commands.first() else {
        panic!("the breakdown is asked for: {commands:?}");
    };
    (state, *generation)
}

fn breakdown(generation: u64, result: Result<Vec<whbackup::api::BackupItemGroup>, String>) -> Msg {
    Msg::BreakdownLoaded { backup_id: "b-new".into(), generation, result }
}

/// The announcement of a restore of this run that completed in 2 min 10 s.
fn ended_notice() -> Announcement {
    let text = "Restore of example.com completed in 2m 10s".into();
    Announcement { about: Announced::RestoreEnded, notice: Notice { kind: NoticeKind::Info, text } }
}

#[test]
fn restore_dialog() {
    for (name, screen) in at_sizes("dialog_items", item_dialog) {
        assert!(screen.contains("example.com:") || screen.contains("example.com"), "{screen}");
        assert!(screen.contains("2026-12-01 03:12"), "the backup's date shows:\n{screen}");
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn restore_dialog_while_sending() {
    let build = |width, height| {
        let mut state = item_dialog(width, height);
        update(&mut state, key(KeyCode::Enter));
        state
    };
    for (name, screen) in at_sizes("dialog_sending", build) {
        assert!(screen.contains("Sending the restore…"), "{screen}");
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn full_restore_dialog_from_the_tree() {
    let build = |width, height| {
        let mut state = with_items(width, height);
        send(&mut state, [ch('R'), ch('e'), ch('x')]);
        state
    };
    for (name, screen) in at_sizes("dialog_full", build) {
        assert!(screen.contains("2026-12-01 03:12"), "the backup's date shows:\n{screen}");
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn full_restore_dialog_from_the_backups_list() {
    let (listing, _) = full_from_backups(80, 24);
    let screen = text(&render(&listing));
    assert!(screen.contains("Listing what it holds by type…"), "{screen}");
    insta::assert_snapshot!("dialog_full_listing_80x24", screen);

    let listed = |width, height| {
        let (mut state, generation) = full_from_backups(width, height);
        update(&mut state, breakdown(generation, Ok(item_groups())));
        state
    };
    for (name, screen) in at_sizes("dialog_full_by_type", listed) {
        insta::assert_snapshot!(name, screen);
    }
    let screen = text(&render(&listed(80, 24)));
    for line in ["databases (3 items)", "812 MiB", "mail (2 items)", "web (1 item)"] {
        assert!(screen.contains(line), "{line} missing:\n{screen}");
    }

    let (mut failed, generation) = full_from_backups(80, 24);
    update(&mut failed, breakdown(generation, Err("the connection was lost".into())));
    let screen = text(&render(&failed));
    assert!(screen.contains("42 items, 3.1 GiB"), "the totals stay:\n{screen}");
    assert!(screen.contains("Cannot list what it holds by type"), "{screen}");
    insta::assert_snapshot!("dialog_full_unlisted_80x24", screen);
}

#[test]
fn a_running_restore_warns_in_the_dialog_and_asks_again() {
    for (name, screen) in at_sizes("dialog_ask_again", ask_again) {
        assert!(screen.contains("y restore anyway"), "its own key is shown:\n{screen}");
        assert!(screen.contains("2026-12-01 03:12"), "the date survives the note:\n{screen}");
        insta::assert_snapshot!(name, screen);
    }
    let screen = text(&render(&ask_again(80, 24)));
    assert!(screen.contains("already running") && screen.contains("second time"), "{screen}");
}

#[test]
fn an_unknown_running_state_says_so_in_the_dialog() {
    let build = |width, height| {
        let mut state = unknown_running(width, height);
        update(&mut state, key(KeyCode::Enter));
        state
    };
    for (name, screen) in at_sizes("dialog_unknown_running", build) {
        assert!(screen.contains("y restore anyway"), "{screen}");
        insta::assert_snapshot!(name, screen);
    }
    let screen = text(&render(&build(120, 40)));
    assert!(screen.contains("cannot tell") && screen.contains("not loaded yet"), "{screen}");
}

#[test]
fn the_dialog_wraps_instead_of_cutting_the_hosting() {
    let screen = text(&render(&item_dialog(40, 24)));
    assert!(screen.contains("example.com:"), "the whole domain shows:\n{screen}");
    assert!(screen.contains("by the backup of 2026-12-01"), "{screen}");
}

#[test]
fn the_cursor_follows_the_typed_domain() {
    let mut state = with_items(80, 24);
    send(&mut state, [ch('R'), ch('e'), ch('x')]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| view::draw(frame, &state)).unwrap();
    let cursor = terminal.get_cursor_position().unwrap();
    let (x, y) = find(terminal.backend().buffer(), "│> ex");
    let typed_end = x + u16::try_from("│> ex".chars().count()).unwrap();
    assert_eq!((cursor.x, cursor.y), (typed_end, y));
    let (_, prompt) = find(terminal.backend().buffer(), "Type example.com to confirm:");
    assert_eq!(prompt + 1, y, "the field is under its prompt");
}

#[test]
fn a_restore_sent_in_this_run_shows_at_once() {
    let mut state = item_dialog(80, 24);
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    let screen = text(&render(&state));
    assert!(screen.contains("sending"), "{screen}");
    let answer = RestoreAnswer { progress_id: Some("abcdef123456".into()) };
    update(&mut state, Msg::RestoreSent { request_id, result: Ok(answer), journaled: None });
    let screen = text(&render(&state));
    assert!(screen.contains("abcdef…") && screen.contains("pending"), "{screen}");
}

#[test]
fn a_restore_that_may_have_started_reads_so() {
    let build = |width, height| {
        let mut state = item_dialog(width, height);
        let sent = request_id(&update(&mut state, key(KeyCode::Enter)));
        let failure = SendFailure { reason: "timed out after 30 s".into(), may_have_started: true };
        let answer = Msg::RestoreSent { request_id: sent, result: Err(failure), journaled: None };
        update(&mut state, answer);
        state
    };
    for (name, screen) in at_sizes("may_have_started", build) {
        let whole = screen.contains("Restore unconfirmed") && screen.contains("any key");
        assert!(whole, "the whole box shows:\n{screen}");
        insta::assert_snapshot!(name, screen);
    }
    let mut state = build(80, 24);
    let screen = text(&render(&state));
    assert!(screen.contains("may have started") && !screen.contains("not sent"), "{screen}");
    update(&mut state, ch('x'));
    let buffer = render(&state);
    let (x, y) = find(&buffer, "may have started");
    assert_eq!(buffer[(x, y)].fg, ratatui::style::Color::Yellow, "the pane row");
}

#[test]
fn help_overlay() {
    let build = |width, height| {
        let mut state = with_items(width, height);
        update(&mut state, ch('?'));
        state
    };
    for (name, screen) in at_sizes("help", build) {
        insta::assert_snapshot!(name, screen);
    }
    let screen = text(&render(&build(120, 40)));
    assert!(screen.contains("q ctrl-c"), "{screen}");
    assert!(screen.contains("y         restore anyway"), "{screen}");
}

#[test]
fn help_scrolls_when_the_window_is_small() {
    let mut state = with_items(40, 12);
    send(&mut state, [ch('?'), key(KeyCode::PageDown), key(KeyCode::PageDown)]);
    let screen = text(&render(&state));
    assert!(!screen.contains("Everywhere"), "scrolled past the first section:\n{screen}");
    insta::assert_snapshot!("help_40x12_scrolled", screen);
}

#[test]
fn read_only_hides_restore_hints() {
    let mut state = ticked_tree(120, 40);
    update(&mut state, ch('?'));
    let help = text(&render(&state));
    assert!(help.contains("restore the ticked items"), "the control:\n{help}");

    let mut state = ticked_tree(120, 40);
    state.read_only = true;
    let screen = text(&render(&state));
    assert!(!screen.contains("r restore") && !screen.contains("R full"), "{screen}");
    update(&mut state, ch('?'));
    let help = text(&render(&state));
    assert!(help.contains("Backup items"), "the tree's section is shown:\n{help}");
    assert!(!help.contains("restore the ticked items"), "{help}");
    assert!(!help.contains("restore the whole backup"), "{help}");
    insta::assert_snapshot!("help_read_only", help);
}

#[test]
fn the_history_overlay_lists_the_journal() {
    let build = |width, height| {
        let mut state = with_backups(width, height);
        let [Command::LoadHistory { generation }] = update(&mut state, ch('H'))[..] else {
            panic!("a read of the journal");
        };
        let entries = history_entries();
        update(&mut state, Msg::HistoryLoaded { generation, result: Ok(entries) });
        state
    };
    for (name, screen) in at_sizes("history", build) {
        insta::assert_snapshot!(name, screen);
    }
    let screen = text(&render(&build(120, 40)));
    assert!(screen.contains("example.com") && screen.contains("completed"), "{screen}");

    let mut state = with_backups(120, 40);
    let [Command::LoadHistory { generation }] = update(&mut state, ch('H'))[..] else {
        panic!("a read of the journal");
    };
    assert!(text(&render(&state)).contains("Reading the journal"));
    update(&mut state, Msg::HistoryLoaded { generation, result: Ok(Vec::new()) });
    let screen = text(&render(&state));
    insta::assert_snapshot!("history_empty_120x40", screen);
    assert!(screen.contains("No restore has been recorded yet"), "{screen}");
}

/// The journal of two restores of `example.com`: one that completed, one still running.
fn history_entries() -> Vec<whbackup::journal::RestoreEntry> {
    use whbackup::journal::{
        Answer, FinalStatus, Intent, Record, RestoreKey, Scope, StatusSeen, Target, Who,
    };
    let intent = Intent {
        who: Who { profile: "default".into(), access_key: None },
        what: Target {
            region: "fr-par".into(),
            hosting_id: "h-1".into(),
            domain: "example.com".into(),
            backup_id: "b-new".into(),
            backup_created_at: Some(at("2026-12-01T03:12:00Z")),
            scope: Scope::Full,
        },
    };
    let record = |ts: &str, key: &str, event: whbackup::journal::Event| Record {
        ts: at(ts),
        restore: RestoreKey::new(key),
        event,
    };
    let records = [
        record("2026-12-01T10:00:00Z", "k-1", intent.clone().into()),
        record("2026-12-01T10:00:01Z", "k-1", Answer::accepted(Some("p-1".into())).into()),
        record(
            "2026-12-01T10:02:10Z",
            "k-1",
            FinalStatus { status: ProgressStatus::Completed, duration_seconds: 130.0 }.into(),
        ),
        record("2026-12-01T11:00:00Z", "k-2", intent.into()),
        record("2026-12-01T11:00:01Z", "k-2", Answer::accepted(Some("p-2".into())).into()),
        record(
            "2026-12-01T11:01:00Z",
            "k-2",
            StatusSeen { status: ProgressStatus::Processing, percentage: 40 }.into(),
        ),
    ];
    let text: String = records.iter().map(|r| serde_json::to_string(r).unwrap() + "\n").collect();
    whbackup::journal::parse_journal(text.as_bytes()).entries
}

#[test]
fn a_finished_restore_notice_covers_the_screen_until_a_key() {
    let build = |width, height| {
        let mut state = with_backups(width, height);
        state.announcements.push_back(ended_notice());
        state
    };
    for (name, screen) in at_sizes("completion", build) {
        assert!(screen.contains("any key to dismiss"), "the whole box shows:\n{screen}");
        insta::assert_snapshot!(name, screen);
    }
    let mut state = build(80, 24);
    let screen = text(&render(&state));
    assert!(screen.contains("completed in 2m 10s") && screen.contains("any key"), "{screen}");
    update(&mut state, ch('x'));
    assert!(!text(&render(&state)).contains("completed in 2m 10s"));
}

#[test]
fn notices_of_restores_that_ended_together_show_in_turn() {
    let mut state = with_backups(80, 24);
    state.announcements.push_back(ended_notice());
    let failed = "Restore of example.com failed".into();
    let second = Notice { kind: NoticeKind::Error, text: failed };
    state.announcements.push_back(Announcement { about: Announced::RestoreEnded, notice: second });
    let screen = text(&render(&state));
    assert!(screen.contains("completed in 2m 10s") && screen.contains("(1 more)"), "{screen}");
    update(&mut state, ch('x'));
    let screen = text(&render(&state));
    assert!(screen.contains("example.com failed") && !screen.contains("more)"), "{screen}");
}
