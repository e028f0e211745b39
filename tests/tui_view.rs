//! The dashboard's screens, drawn into a test terminal: snapshots of every screen and of its
//! loading, empty and failed states at 80x24, 120x40 and 40x12, no panic at any size down to
//! 0x0, the footer's hints, and cell checks where a colour carries meaning. The dialogs and
//! overlays are `tui_overlays`'s.

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use tui_support::view::{at_sizes, find, render, status_line, text};
use tui_support::*;
use whbackup::api::{
    Backup, BackupItem, BackupItemGroup, BackupStatus, ControlPanel, Hosting, ItemType, Platform,
    Progress, ProgressStatus,
};
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::state::{Load, NoticeKind, State};
use whbackup::tui::update::update;

/// Four restores of h-1; the journal knows all but the last, started elsewhere.
fn with_restores(width: u16, height: u16) -> State {
    let mut state = with_backups(width, height);
    for known in ["3f2a1b2c", "91bc4d5e", "77aa0000"] {
        state.journal_known.insert(known.into(), at(NOW));
    }
    update(
        &mut state,
        recent(vec![
            listed("3f2a1b2c", 2, 68, ProgressStatus::Processing),
            listed("91bc4d5e", 42, 100, ProgressStatus::Completed),
            listed("77aa0000", 3, 100, ProgressStatus::PartiallyCompleted),
            listed("5e5e5e5e", 1, 30, ProgressStatus::Failed),
        ]),
    );
    state
}

fn ticked_tree(width: u16, height: u16) -> State {
    let mut state = with_items(width, height);
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('j'), ch('j'), ch('j')]);
    state
}

/// The backups of `example.com`, asked for and not answered yet.
fn backups_asked(width: u16, height: u16) -> (State, u64) {
    let mut state = with_hostings(width, height);
    let generation = generation(&update(&mut state, key(KeyCode::Enter)));
    (state, generation)
}

/// The items of `example.com`'s newest backup, asked for and not answered yet.
fn items_asked(width: u16, height: u16) -> (State, u64) {
    let mut state = with_backups(width, height);
    let generation = generation(&update(&mut state, key(KeyCode::Enter)));
    (state, generation)
}

/// The detail of the first restore of [`with_restores`], asked for and not answered yet.
fn detail_asked(width: u16, height: u16) -> (State, Msg) {
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
    let answer = Msg::ProgressLoaded { hosting_id, progress_id, generation, result: Ok(progress) };
    (state, answer)
}

/// What a load that failed says, with a reason long enough to wrap.
const LOAD_ERROR: &str = "the connection to api.scaleway.com was lost before an answer came \
                          (connection reset by peer); the request may be tried again";

#[test]
fn hostings_screen() {
    for (name, screen) in at_sizes("hostings", with_hostings) {
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn hostings_load_states() {
    let mut loading = state(80, 24);
    whbackup::tui::update::init(&mut loading, None);
    insta::assert_snapshot!("hostings_loading", text(&render(&loading)));

    let mut failed = state(80, 24);
    let commands = whbackup::tui::update::init(&mut failed, None);
    let generation = generation(&commands);
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
fn the_panel_column_fills_in_as_details_arrive() {
    let mut state = with_hostings(80, 24);
    let platform = Platform {
        control_panel: Some(ControlPanel { name: "cpanel".into() }),
        ..Platform::default()
    };
    let full = Hosting { platform: Some(platform), ..hostings()[1].clone() };
    let generation = state.hostings.generation;
    update(
        &mut state,
        Msg::HostingLoaded { hosting_id: "h-2".into(), generation, result: Ok(full) },
    );
    let buffer = render(&state);
    let (_, row) = find(&buffer, "shop.example.org");
    let line = text(&buffer).lines().nth(usize::from(row)).unwrap().to_owned();
    assert!(line.contains("cpanel"), "{line}");
    let (_, row) = find(&buffer, "old.example.net");
    let line = text(&buffer).lines().nth(usize::from(row)).unwrap().to_owned();
    assert!(line.contains('—'), "unknown elsewhere: {line}");
}

#[test]
fn hosting_statuses_have_their_colours() {
    let buffer = render(&with_hostings(80, 24));
    let (x, y) = find(&buffer, "ready");
    assert_eq!(buffer[(x, y)].fg, Color::Green);
    let (x, y) = find(&buffer, "locked");
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn backups_screen() {
    for (name, screen) in at_sizes("backups", with_backups) {
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn backups_load_states() {
    let (loading, _) = backups_asked(80, 24);
    let screen = text(&render(&loading));
    assert!(screen.contains("Loading the backups…"), "{screen}");
    insta::assert_snapshot!("backups_loading", screen);

    let failed = |width, height| {
        let (mut state, generation) = backups_asked(width, height);
        let result = Err(LOAD_ERROR.to_owned());
        update(&mut state, Msg::BackupsLoaded { hosting_id: "h-1".into(), generation, result });
        state
    };
    for (name, screen) in at_sizes("backups_failed", failed) {
        assert!(screen.contains("Could not load the backups."), "{screen}");
        insta::assert_snapshot!(name, screen);
    }

    let (mut empty, generation) = backups_asked(80, 24);
    let msg = Msg::BackupsLoaded { hosting_id: "h-1".into(), generation, result: Ok(Vec::new()) };
    update(&mut empty, msg);
    let screen = text(&render(&empty));
    assert!(screen.contains("No backups yet: this hosting has none"), "{screen}");
    insta::assert_snapshot!("backups_empty", screen);
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
fn a_restoring_backup_row_stands_out() {
    let (mut state, generation) = backups_asked(80, 24);
    let restoring = Backup {
        id: "b-busy".into(),
        created_at: Some(at("2026-12-01T06:00:00Z")),
        status: BackupStatus::Restoring,
        ..Backup::default()
    };
    let mut listed = backups();
    listed.push(restoring);
    update(
        &mut state,
        Msg::BackupsLoaded { hosting_id: "h-1".into(), generation, result: Ok(listed) },
    );
    let buffer = render(&state);
    let (x, y) = find(&buffer, "restoring");
    assert_eq!(buffer[(x, y)].fg, Color::Magenta);
    assert!(buffer[(x, y)].modifier.contains(Modifier::ITALIC));
    let (x, y) = find(&buffer, "2026-12-01 06:00");
    assert_eq!(buffer[(x, y)].fg, Color::Magenta, "the whole row");
}

#[test]
fn item_tree_screen() {
    for (name, screen) in at_sizes("items", ticked_tree) {
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn item_tree_load_states() {
    let (loading, _) = items_asked(80, 24);
    let screen = text(&render(&loading));
    assert!(screen.contains("Loading the backup's items…"), "{screen}");
    insta::assert_snapshot!("items_loading", screen);

    let failed = |width, height| {
        let (mut state, generation) = items_asked(width, height);
        let msg = Msg::ItemsLoaded {
            hosting_id: "h-1".into(),
            backup_id: "b-new".into(),
            generation,
            result: Err(LOAD_ERROR.to_owned()),
        };
        update(&mut state, msg);
        state
    };
    for (name, screen) in at_sizes("items_failed", failed) {
        assert!(screen.contains("Could not load the backup's items."), "{screen}");
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn item_tree_filter_being_typed() {
    let mut state = ticked_tree(80, 24);
    send(&mut state, [ch('/'), ch('m'), ch('a'), ch('i'), ch('l')]);
    insta::assert_snapshot!("items_filter", text(&render(&state)));
}

#[test]
fn a_filter_that_matches_nothing_says_which_key_clears_it() {
    let mut state = ticked_tree(80, 24);
    send(&mut state, [ch('/'), ch('z'), ch('z'), key(KeyCode::Enter)]);
    let screen = text(&render(&state));
    assert!(screen.contains("No item matches \"zz\" (Esc clears the filter)"), "{screen}");
}

#[test]
fn damaged_and_locked_items_stand_out_in_the_tree() {
    let (mut state, generation) = items_asked(80, 24);
    let mut groups = item_groups();
    groups[1].items[1].status = BackupStatus::Locked;
    update(&mut state, newest_items_loaded(generation, groups));
    send(
        &mut state,
        [key(KeyCode::Enter), ch('j'), ch('j'), ch('j'), ch('j'), key(KeyCode::Enter)],
    );
    let buffer = render(&state);
    let (x, y) = find(&buffer, "wp_broken");
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    let (x, y) = find(&buffer, "damaged");
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    let (x, y) = find(&buffer, "bob@example.com");
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);
    let (x, y) = find(&buffer, "locked");
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);
    let (x, y) = find(&buffer, "wp_staging");
    assert_eq!(buffer[(x, y)].fg, Color::Reset, "an active item is not coloured");
}

#[test]
fn footer_sums_the_selection() {
    let state = ticked_tree(80, 24);
    let screen = text(&render(&state));
    assert!(screen.contains("1 item · 640 MiB selected"), "{screen}");
}

#[test]
fn a_notice_too_long_for_one_line_takes_two_and_loses_nothing() {
    let mut state = with_backups(80, 24);
    let reason = "it is already being restored; wait until that restore ends";
    let long = format!("Cannot restore from the backup of 2026-12-03 03:41: {reason}");
    state.notify(NoticeKind::Error, long.clone());
    let screen = text(&render(&state));
    let lines: Vec<&str> = screen.lines().collect();
    let (first, second) = (lines[21].trim_matches('│').trim(), lines[22].trim_matches('│').trim());
    assert_eq!(format!("{first} {second}"), long, "{screen}");
    assert!(lines[20].starts_with('├') && lines[23].starts_with('└'), "{screen}");

    state.notify(NoticeKind::Error, "Short enough");
    let screen = text(&render(&state));
    assert!(screen.lines().nth(22).is_some_and(|line| line.contains("Short enough")), "{screen}");
}

#[test]
fn an_empty_pane_says_whether_the_hostings_restores_were_listed() {
    let mut state = with_backups(80, 24);
    state.restores.listed = None;
    assert!(text(&render(&state)).contains("Listing this hosting's recent restores…"));
    state.restores.poll_error = Some("the API rate limited this client".into());
    assert!(text(&render(&state)).contains("could not be listed yet; retrying"));
    update(&mut state, recent(Vec::new()));
    let screen = text(&render(&state));
    assert!(screen.contains("No restores yet: tick items in a backup and press r"), "{screen}");
}

#[test]
fn the_footer_shows_only_whole_hints() {
    for build in [with_hostings, with_backups, ticked_tree, with_restores] {
        for (width, height) in tui_support::view::SIZES {
            let status = status_line(&render(&build(width, height)));
            let status = status.trim_matches(|c: char| c == '│' || c.is_whitespace());
            for bare in ["?", "q", "tab", "esc", "enter", "space", "r", "R", "/"] {
                assert!(!status.ends_with(&format!(" {bare}")), "a key without its word: {status}");
            }
        }
    }
}

#[test]
fn restores_pane() {
    let build = |width, height| {
        let mut state = with_restores(width, height);
        update(&mut state, key(KeyCode::Tab));
        state
    };
    for (name, screen) in at_sizes("restores", build) {
        insta::assert_snapshot!(name, screen);
    }
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
fn restore_detail() {
    let build = |width, height| {
        let (mut state, answer) = detail_asked(width, height);
        update(&mut state, answer);
        state
    };
    for (name, screen) in at_sizes("detail", build) {
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn restore_detail_load_states() {
    let (loading, _) = detail_asked(80, 24);
    let screen = text(&render(&loading));
    assert!(screen.contains("Loading the restore…"), "{screen}");
    insta::assert_snapshot!("detail_loading", screen);

    let failed = |width, height| {
        let (mut state, answer) = detail_asked(width, height);
        let Msg::ProgressLoaded { hosting_id, progress_id, generation, .. } = answer else {
            unreachable!("built by detail_asked")
        };
        let result = Err(LOAD_ERROR.to_owned());
        update(&mut state, Msg::ProgressLoaded { hosting_id, progress_id, generation, result });
        state
    };
    for (name, screen) in at_sizes("detail_failed", failed) {
        assert!(screen.contains("Could not load the restore."), "{screen}");
        insta::assert_snapshot!(name, screen);
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
    let generation = generation(&commands);
    let many: Vec<_> = (0..5000)
        .map(|n| Hosting {
            id: format!("h-{n}"),
            domain: format!("site{n:04}.example"),
            ..Hosting::default()
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

    update(&mut state, recent(vec![listed("3f2a1b2c", 2, 70, ProgressStatus::Processing)]));
    let screen = text(&render(&state));
    assert!(!screen.contains("retrying"), "{screen}");
    assert!(screen.contains("70%"), "{screen}");
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
    let (mut state, generation) = items_asked(80, 24);
    let items = (0..100_000)
        .map(|n| BackupItem {
            id: format!("i-{n}"),
            name: format!("box{n:06}@example.com"),
            item_type: ItemType::Mail,
            size: MIB,
            ..BackupItem::default()
        })
        .collect();
    let groups = vec![BackupItemGroup { item_type: ItemType::Mail, items }];
    update(&mut state, newest_items_loaded(generation, groups));
    send(&mut state, [ch(' '), key(KeyCode::Enter), key(KeyCode::End)]);
    let screen = text(&render(&state));
    assert!(screen.contains("100000 items"), "{screen}");
    assert!(screen.contains("box099999@example.com"), "{screen}");
    assert!(screen.contains("100000 items · 98 GiB selected"), "{screen}");
}
