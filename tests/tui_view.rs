//! The dashboard's screens, drawn into a test terminal: snapshots of every screen and dialog
//! at 80x24, 120x40 and 40x12, no panic at any size down to 0x0, and cell checks where a
//! colour carries meaning.

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tui_support::*;
use whbackup::api::{BackupItemGroup, Progress, ProgressStatus, ProgressSummary, RestoreAnswer};
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::state::{Load, State};
use whbackup::tui::update::update;
use whbackup::tui::view;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (40, 12)];

fn render(state: &State) -> Buffer {
    let area = state.area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|frame| view::draw(frame, state)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width.max(1));
    let symbols: Vec<&str> = buffer.content.iter().map(ratatui::buffer::Cell::symbol).collect();
    symbols.chunks(width).map(<[&str]>::concat).collect::<Vec<_>>().join("\n")
}

/// Snapshots the screen `build` makes at each size, and draws it at tiny sizes too.
fn snapshot_at_sizes(name: &str, build: impl Fn(u16, u16) -> State) {
    for (width, height) in SIZES {
        let state = build(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), text(&render(&state)));
    }
    for (width, height) in [(0, 0), (1, 1), (10, 3), (20, 6)] {
        render(&build(width, height));
    }
}

/// Finds `needle` on screen and returns the cell where it starts.
fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    let width = buffer.area.width;
    for y in 0..buffer.area.height {
        let line: String = (0..width).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
        if let Some(byte) = line.find(needle) {
            let x = u16::try_from(line[..byte].chars().count()).unwrap();
            return (x, y);
        }
    }
    panic!("{needle:?} is not on screen:\n{}", text(buffer));
}

/// Four restores of h-1; the journal knows all but the last, started elsewhere.
fn with_restores(width: u16, height: u16) -> State {
    let mut state = with_backups(width, height);
    for known in ["3f2a1b2c", "91bc4d5e", "77aa0000"] {
        state.journal_known.insert(known.into());
    }
    let recent = vec![
        summary("3f2a1b2c", 2, 68, ProgressStatus::Processing),
        summary("91bc4d5e", 42, 100, ProgressStatus::Completed),
        summary("77aa0000", 3, 100, ProgressStatus::PartiallyCompleted),
        summary("5e5e5e5e", 1, 30, ProgressStatus::Failed),
    ];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: recent });
    state
}

fn summary(id: &str, count: u64, percentage: u64, status: ProgressStatus) -> ProgressSummary {
    ProgressSummary { id: id.into(), backup_items_count: count, percentage, status }
}

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

#[test]
fn hostings_screen() {
    snapshot_at_sizes("hostings", with_hostings);
}

#[test]
fn hostings_load_states() {
    let mut loading = state(80, 24);
    whbackup::tui::update::init(&mut loading, None);
    insta::assert_snapshot!("hostings_loading", text(&render(&loading)));

    let mut failed = state(80, 24);
    let commands = whbackup::tui::update::init(&mut failed, None);
    let generation = tui_support::generation(&commands);
    let error = "cannot reach https://api.scaleway.com: connection refused".to_owned();
    update(&mut failed, Msg::HostingsLoaded { generation, result: Err(error) });
    let screen = text(&render(&failed));
    assert!(screen.contains("Ctrl-R retries"), "{screen}");
    insta::assert_snapshot!("hostings_failed", screen);

    let mut empty = state(80, 24);
    let commands = whbackup::tui::update::init(&mut empty, None);
    let generation = tui_support::generation(&commands);
    update(&mut empty, Msg::HostingsLoaded { generation, result: Ok(Vec::new()) });
    insta::assert_snapshot!("hostings_empty", text(&render(&empty)));
}

#[test]
fn backups_screen() {
    snapshot_at_sizes("backups", with_backups);
}

#[test]
fn backups_empty() {
    let mut state = with_hostings(80, 24);
    let commands = update(&mut state, key(KeyCode::Enter));
    let generation = tui_support::generation(&commands);
    let msg = Msg::BackupsLoaded { hosting_id: "h-1".into(), generation, result: Ok(Vec::new()) };
    update(&mut state, msg);
    let screen = text(&render(&state));
    assert!(screen.contains("No backups yet: this hosting has none"), "{screen}");
    insta::assert_snapshot!("backups_empty", screen);
}

#[test]
fn item_tree_screen() {
    snapshot_at_sizes("items", ticked_tree);
}

#[test]
fn item_tree_filter_being_typed() {
    let mut state = ticked_tree(80, 24);
    send(&mut state, [ch('/'), ch('m'), ch('a'), ch('i'), ch('l')]);
    insta::assert_snapshot!("items_filter", text(&render(&state)));
}

#[test]
fn footer_sums_the_selection() {
    let state = ticked_tree(80, 24);
    let screen = text(&render(&state));
    assert!(screen.contains("1 item · 640 MiB selected"), "{screen}");
}

#[test]
fn restore_dialog() {
    snapshot_at_sizes("dialog_items", item_dialog);
}

#[test]
fn restore_dialog_while_sending() {
    let mut state = item_dialog(80, 24);
    update(&mut state, key(KeyCode::Enter));
    insta::assert_snapshot!("dialog_sending", text(&render(&state)));
}

#[test]
fn full_restore_dialog() {
    snapshot_at_sizes("dialog_full", |width, height| {
        let mut state = with_items(width, height);
        send(&mut state, [ch('R'), ch('e'), ch('x')]);
        state
    });
}

#[test]
fn restores_pane() {
    snapshot_at_sizes("restores", |width, height| {
        let mut state = with_restores(width, height);
        update(&mut state, key(KeyCode::Tab));
        state
    });
}

#[test]
fn restore_detail() {
    snapshot_at_sizes("detail", |width, height| {
        let mut state = with_restores(width, height);
        let commands = send(&mut state, [key(KeyCode::Tab), key(KeyCode::Enter)]);
        let Some(Command::LoadProgress { hosting_id, progress_id, generation }) =
            commands.into_iter().next()
        else {
            panic!("Enter on a restore loads it");
        };
        let mut groups: Vec<BackupItemGroup> = item_groups();
        groups.truncate(2);
        let progress = Progress {
            id: progress_id.clone(),
            backup_item_groups: groups,
            percentage: 68,
            status: ProgressStatus::Processing,
        };
        update(
            &mut state,
            Msg::ProgressLoaded { hosting_id, progress_id, generation, result: Ok(progress) },
        );
        state
    });
}

#[test]
fn help_overlay() {
    snapshot_at_sizes("help", |width, height| {
        let mut state = with_items(width, height);
        update(&mut state, ch('?'));
        state
    });
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
    let mut state = ticked_tree(80, 24);
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
fn a_restore_sent_in_this_run_shows_at_once() {
    let mut state = item_dialog(80, 24);
    let commands = update(&mut state, key(KeyCode::Enter));
    let Some(Command::SendRestore { request_id, .. }) = commands.first() else { panic!() };
    let screen = text(&render(&state));
    assert!(screen.contains("sending"), "{screen}");
    let answer = RestoreAnswer { progress_id: Some("abcdef123456".into()) };
    update(
        &mut state,
        Msg::RestoreSent { request_id: *request_id, result: Ok(answer), journaled: None },
    );
    let screen = text(&render(&state));
    assert!(screen.contains("abcdef…") && screen.contains("pending"), "{screen}");
}

#[test]
fn a_damaged_backup_row_is_red() {
    let buffer = render(&with_backups(80, 24));
    let (x, y) = find(&buffer, "2026-11-30 03:12");
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    let (x, y) = find(&buffer, "damaged");
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buffer, "locked");
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);
    let (x, y) = find(&buffer, "2026-11-28 03:12");
    assert_eq!(buffer[(x, y)].fg, Color::Reset, "an active backup is not coloured");
}

#[test]
fn restore_statuses_have_their_colours() {
    let buffer = render(&with_restores(120, 40));
    for (word, colour) in [
        ("processing", Color::Cyan),
        ("completed", Color::Green),
        ("partially completed", Color::Yellow),
        ("failed", Color::Red),
    ] {
        let (x, y) = find(&buffer, word);
        assert_eq!(buffer[(x, y)].fg, colour, "{word}");
    }
}

#[test]
fn no_color_keeps_emphasis_without_colours() {
    let mut state = with_backups(80, 24);
    state.color = false;
    let buffer = render(&state);
    assert!(buffer.content.iter().all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset));
    let (x, y) = find(&buffer, "damaged");
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buffer, "2026-12-01 03:12");
    assert!(buffer[(x, y)].modifier.contains(Modifier::REVERSED), "the selected row");
}

#[test]
fn a_long_list_draws_only_what_fits_and_follows_the_cursor() {
    let mut state = state(80, 24);
    let commands = whbackup::tui::update::init(&mut state, None);
    let generation = tui_support::generation(&commands);
    let many: Vec<_> = (0..5000)
        .map(|n| whbackup::api::Hosting {
            id: format!("h-{n}"),
            domain: format!("site{n:04}.example"),
            ..whbackup::api::Hosting::default()
        })
        .collect();
    update(&mut state, Msg::HostingsLoaded { generation, result: Ok(many) });
    send(&mut state, [key(KeyCode::End)]);
    let screen = text(&render(&state));
    assert!(screen.contains("site4999.example"), "{screen}");
    assert!(!screen.contains("site0000.example"));
    assert!(matches!(state.hostings.load, Load::Loaded(_)));
}

#[test]
fn failed_polls_show_until_the_next_good_answer() {
    let mut state = with_restores(80, 24);
    let one = Msg::PollFailed {
        hosting_id: "h-1".into(),
        progress_id: Some("3f2a1b2c".into()),
        error: "timed out".into(),
    };
    update(&mut state, one);
    let list = Msg::PollFailed { hosting_id: "h-1".into(), progress_id: None, error: "503".into() };
    update(&mut state, list);
    let screen = text(&render(&state));
    assert!(screen.contains("processing (retrying)"), "{screen}");
    assert!(screen.contains("Restores (last poll failed, retrying: 503)"), "{screen}");

    let fresh = vec![summary("3f2a1b2c", 2, 70, ProgressStatus::Processing)];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: fresh });
    let screen = text(&render(&state));
    assert!(!screen.contains("retrying"), "{screen}");
    assert!(screen.contains("70%"), "{screen}");
}

#[test]
fn the_cursor_follows_the_typed_domain() {
    let mut state = with_items(80, 24);
    send(&mut state, [ch('R'), ch('e'), ch('x')]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| view::draw(frame, &state)).unwrap();
    let cursor = terminal.get_cursor_position().unwrap();
    let (x, y) = find(terminal.backend().buffer(), "Type example.com to confirm: ex");
    let typed_end = x + u16::try_from("Type example.com to confirm: ex".len()).unwrap();
    assert_eq!((cursor.x, cursor.y), (typed_end, y));
}

#[test]
fn esc_is_hinted_only_where_it_goes_somewhere() {
    let screen = text(&render(&with_hostings(80, 24)));
    assert!(!screen.contains("esc back"), "{screen}");
    let screen = text(&render(&with_backups(80, 24)));
    assert!(screen.contains("esc back"), "{screen}");
}

#[test]
fn a_huge_group_shows_its_full_count_and_draws_only_what_fits() {
    let mut state = with_backups(80, 24);
    let commands = update(&mut state, key(KeyCode::Enter));
    let generation = tui_support::generation(&commands);
    let items = (0..100_000)
        .map(|n| whbackup::api::BackupItem {
            id: format!("i-{n}"),
            name: format!("box{n:06}@example.com"),
            item_type: whbackup::api::ItemType::Mail,
            size: MIB,
            ..whbackup::api::BackupItem::default()
        })
        .collect();
    let groups = vec![BackupItemGroup { item_type: whbackup::api::ItemType::Mail, items }];
    update(&mut state, newest_items_loaded(generation, groups));
    send(&mut state, [ch(' '), key(KeyCode::Enter), key(KeyCode::End)]);
    let screen = text(&render(&state));
    assert!(screen.contains("100000 items"), "{screen}");
    assert!(screen.contains("box099999@example.com"), "{screen}");
    assert!(screen.contains("100000 items · 98 GiB selected"), "{screen}");
}

#[test]
fn a_running_restore_warns_in_the_dialog_and_asks_again() {
    snapshot_at_sizes("dialog_ask_again", |width, height| {
        let mut state = ticked_tree(width, height);
        let running = vec![summary("3f2a1b2c", 2, 68, ProgressStatus::Processing)];
        update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: running });
        send(&mut state, [ch('r'), key(KeyCode::Enter)]);
        state
    });
    let mut state = ticked_tree(80, 24);
    let running = vec![summary("3f2a1b2c", 2, 68, ProgressStatus::Processing)];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: running });
    send(&mut state, [ch('r'), key(KeyCode::Enter)]);
    let screen = text(&render(&state));
    assert!(screen.contains("already running") && screen.contains("second time"), "{screen}");
}

#[test]
fn a_finished_restore_notice_covers_the_screen_until_a_key() {
    let mut state = with_restores(80, 24);
    state.completion = Some(whbackup::tui::state::Notice {
        kind: whbackup::tui::state::NoticeKind::Info,
        text: "Restore of example.com completed in 2m 10s".into(),
    });
    let screen = text(&render(&state));
    insta::assert_snapshot!("completion_80x24", screen);
    assert!(screen.contains("completed in 2m 10s") && screen.contains("any key"), "{screen}");
    update(&mut state, ch('x'));
    assert!(!text(&render(&state)).contains("completed in 2m 10s"));
}

#[test]
fn the_history_overlay_lists_the_journal() {
    let mut state = with_restores(120, 40);
    update(&mut state, ch('H'));
    assert!(text(&render(&state)).contains("Reading the journal"));
    update(&mut state, Msg::HistoryLoaded { result: Ok(Vec::new()) });
    let screen = text(&render(&state));
    insta::assert_snapshot!("history_empty_120x40", screen);
    assert!(screen.contains("No restore has been recorded yet"), "{screen}");
}
