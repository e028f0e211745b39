//! The dashboard's state machine, driven by messages: every key press is checked by the
//! state it leaves and the commands it returns. No terminal, no network.

mod tui_support;

use crossterm::event::KeyCode;
use tui_support::*;
use whbackup::api::{ControlPanel, Hosting, Platform, ProgressStatus, ProgressSummary};
use whbackup::tui::keys;
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::poller::Watch;
use whbackup::tui::state::{
    Announced, Announcement, Focus, Load, Notice, NoticeKind, Screen, State,
};
use whbackup::tui::tree::{Check, Row};
use whbackup::tui::update::update;

#[test]
fn moving_through_the_hostings_list() {
    let mut state = with_hostings(80, 24);
    assert_eq!(state.hostings.cursor.selected, 0);
    send(&mut state, [ch('j'), key(KeyCode::Down)]);
    assert_eq!(state.hostings.cursor.selected, 2);
    send(&mut state, [ch('j')]);
    assert_eq!(state.hostings.cursor.selected, 2, "stops at the last row");
    send(&mut state, [ch('k')]);
    assert_eq!(state.hostings.cursor.selected, 1);
    send(&mut state, [key(KeyCode::Home)]);
    assert_eq!(state.hostings.cursor.selected, 0);
    send(&mut state, [key(KeyCode::End)]);
    assert_eq!(state.hostings.selected().unwrap().id, "h-3");
}

#[test]
fn unbound_keys_and_stale_answers_leave_the_state_clean() {
    let mut state = with_hostings(80, 24);
    state.dirty = false;
    assert!(update(&mut state, ch('x')).is_empty());
    let late = Msg::HostingsLoaded { generation: 999, result: Err("boom".into()) };
    assert!(update(&mut state, late).is_empty());
    assert!(!state.dirty, "nothing changed, so nothing is drawn");
    assert!(matches!(state.hostings.load, Load::Loaded(_)), "the stale error was dropped");
}

#[test]
fn opening_a_hosting_loads_its_backups_and_watches_its_restores() {
    let mut state = with_hostings(80, 24);
    let commands = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(&commands[0], Command::LoadBackups { hosting_id, .. } if hosting_id == "h-1"));
    assert!(matches!(&commands[1], Command::LoadHosting { hosting_id, .. } if hosting_id == "h-1"));
    assert!(matches!(&commands[2], Command::Watch(Watch::Hosting(Some(id))) if id == "h-1"));
    assert!(matches!(backups_screen(&state).load, Load::Loading));

    let back = update(&mut state, key(KeyCode::Esc));
    assert!(matches!(&back[..], [Command::Watch(Watch::Hosting(None))]));
    assert!(state.screen().is_none());
}

#[test]
fn backups_are_newest_first() {
    let state = with_backups(80, 24);
    let Load::Loaded(backups) = &backups_screen(&state).load else { panic!("not loaded") };
    let ids: Vec<&str> = backups.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["b-new", "b-damaged", "b-locked", "b-old"]);
}

#[test]
fn answers_for_an_older_request_are_dropped_errors_included() {
    let mut state = with_backups(80, 24);
    let old = backups_screen(&state).generation;
    let refresh = update(&mut state, ctrl('r'));
    let new = generation(&refresh);
    assert_ne!(old, new);

    let late = Msg::BackupsLoaded {
        hosting_id: "h-1".into(),
        generation: old,
        result: Err("late".into()),
    };
    assert!(update(&mut state, late).is_empty());
    assert!(matches!(backups_screen(&state).load, Load::Loading));

    let other =
        Msg::BackupsLoaded { hosting_id: "h-2".into(), generation: new, result: Ok(backups()) };
    update(&mut state, other);
    assert!(matches!(backups_screen(&state).load, Load::Loading), "another hosting's answer");

    let fresh = Msg::BackupsLoaded {
        hosting_id: "h-1".into(),
        generation: new,
        result: Err("timeout".into()),
    };
    update(&mut state, fresh);
    assert_eq!(backups_screen(&state).load, Load::Failed("timeout".into()));
}

#[test]
fn items_for_a_screen_that_was_left_are_dropped() {
    let mut state = with_backups(80, 24);
    let commands = update(&mut state, key(KeyCode::Enter));
    let generation = generation(&commands);
    update(&mut state, key(KeyCode::Esc));
    let late = newest_items_loaded(generation, item_groups());
    state.dirty = false;
    assert!(update(&mut state, late).is_empty());
    assert!(!state.dirty);
    assert!(matches!(state.screen(), Some(Screen::Backups(_))));
}

#[test]
fn group_ticks_are_tri_state_and_the_selection_is_summed() {
    let mut state = with_items(80, 24);
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' ')]);
    let tree = items_screen(&state).load.loaded().unwrap();
    assert!(tree.is_ticked(0));
    assert_eq!(tree.check(Row::Group(0)), Check::Partial);
    assert_eq!(tree.selection().items, 1);

    send(&mut state, [key(KeyCode::Home), ch(' ')]);
    let tree = items_screen(&state).load.loaded().unwrap();
    assert_eq!(tree.selection().items, 2, "the damaged item stays unticked");
    assert_eq!(tree.selection().size_bytes, 810 * MIB);

    send(&mut state, [ch(' ')]);
    assert_eq!(items_screen(&state).load.loaded().unwrap().check(Row::Group(0)), Check::Unticked);
}

#[test]
fn ticking_a_damaged_item_says_why() {
    let mut state = with_items(80, 24);
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch('j'), ch('j'), ch(' ')]);
    let notice = state.notice.clone().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("wp_broken cannot be restored: it is damaged"), "{}", notice.text);
    send(&mut state, [ch('j')]);
    assert!(state.notice.is_none(), "the next key clears the notice");
}

#[test]
fn the_filter_narrows_the_tree_and_keeps_ticks() {
    let mut state = with_items(80, 24);
    send(&mut state, [key(KeyCode::End), ch(' ')]);
    send(&mut state, [ch('/'), ch('w'), ch('p'), ch('_'), ch('p')]);
    assert!(state.filter_input.is_some());
    let tree = items_screen(&state).load.loaded().unwrap();
    assert_eq!(tree.rows(), [Row::Group(0), Row::Item(0)]);

    send(&mut state, [key(KeyCode::Enter), ch('a')]);
    assert!(state.filter_input.is_none());
    assert_eq!(items_screen(&state).load.loaded().unwrap().filter(), "wp_p");

    send(&mut state, [key(KeyCode::Esc)]);
    let tree = items_screen(&state).load.loaded().unwrap();
    assert_eq!(tree.filter(), "", "Esc clears a kept filter before leaving the screen");
    assert_eq!(tree.ticked_ids(), ["wp_prod", "public_html"]);
    assert!(matches!(state.screen(), Some(Screen::Items(_))));
}

#[test]
fn the_hostings_filter_matches_domains() {
    let mut state = with_hostings(80, 24);
    send(&mut state, [ch('/'), ch('s'), ch('h'), ch('o'), ch('p')]);
    assert_eq!(state.hostings.shown, [1]);
    send(&mut state, [key(KeyCode::Esc)]);
    assert_eq!(state.hostings.shown, [0, 1, 2]);
    assert!(state.filter_input.is_none());
}

#[test]
fn tab_and_enter_open_a_restores_detail() {
    let mut state = with_backups(80, 24);
    let recent = vec![ProgressSummary { id: "p-9".into(), ..ProgressSummary::default() }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: recent });
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Focus::Restores);
    let commands = update(&mut state, key(KeyCode::Enter));
    assert!(
        matches!(&commands[..], [Command::LoadProgress { progress_id, .. }] if progress_id == "p-9")
    );
    assert_eq!(state.focus, Focus::Main);
    assert!(matches!(state.screen(), Some(Screen::Restore(_))));
}

#[test]
fn a_click_selects_a_row_and_a_click_on_a_checkbox_ticks() {
    let mut state = with_hostings(80, 24);
    // Row 5 is the second hosting: title border, breadcrumb, section border, column titles.
    update(&mut state, click(10, 5));
    assert_eq!(state.hostings.cursor.selected, 1);

    let mut state = with_items(80, 24);
    update(&mut state, click(2, 4));
    let tree = items_screen(&state).load.loaded().unwrap();
    assert_eq!(tree.check(Row::Group(1)), Check::Ticked, "the mail group's box was clicked");
    update(&mut state, click(30, 5));
    let screen = items_screen(&state);
    assert_eq!(screen.cursor.selected, 2);
    assert_eq!(screen.load.loaded().unwrap().check(Row::Group(2)), Check::Unticked);
}

#[test]
fn quit_help_and_suspend() {
    let mut state = with_hostings(80, 24);
    assert!(matches!(&update(&mut state, ch('q'))[..], [Command::Quit]));
    assert!(matches!(&update(&mut state, ctrl('c'))[..], [Command::Quit]));
    assert!(matches!(&update(&mut state, ctrl('z'))[..], [Command::Suspend]));
    update(&mut state, ch('?'));
    assert!(state.help);
    send(&mut state, [ch('j'), ch('j'), key(KeyCode::PageDown), ch('k')]);
    assert!(state.help, "movement keys scroll the help");
    assert_eq!(state.help_scroll, 9);
    send(&mut state, (0..10).map(|_| key(KeyCode::PageDown)));
    assert_eq!(state.help_scroll, keys::help_line_count(false) - 1, "up to its last line");
    update(&mut state, ch('x'));
    assert!(!state.help, "any other key closes help");
    assert_eq!(state.help_scroll, 0);
    assert_eq!(state.hostings.cursor.selected, 0, "and does nothing else");
}

#[test]
fn any_size_is_safe_including_zero() {
    let mut state = with_items(80, 24);
    for (width, height) in [(0, 0), (1, 1), (40, 12), (200, 60)] {
        update(&mut state, Msg::Resize { width, height });
        send(&mut state, [ch('j'), key(KeyCode::PageDown), key(KeyCode::End), click(0, 0)]);
    }
    assert_eq!(state.area.width, 200);
}

#[test]
fn a_reload_of_the_tree_keeps_its_ticks() {
    let mut state = with_items(80, 24);
    send(&mut state, [key(KeyCode::End), ch(' ')]);
    let commands = update(&mut state, ctrl('r'));
    let Command::LoadItems { generation, .. } = commands[0] else { panic!("no reload") };
    assert!(matches!(items_screen(&state).load, Load::Loading));
    update(&mut state, newest_items_loaded(generation, item_groups()));
    assert_eq!(items_screen(&state).load.loaded().unwrap().ticked_ids(), ["public_html"]);
}

#[test]
fn starting_at_a_hosting_opens_its_backups() {
    let mut state = state(80, 24);
    let commands = whbackup::tui::update::init(&mut state, Some("h-2".into()));
    assert!(matches!(&commands[0], Command::LoadHostings { .. }));
    assert!(matches!(&commands[1], Command::LoadBackups { hosting_id, .. } if hosting_id == "h-2"));
    assert!(matches!(&commands[3], Command::Watch(Watch::Hosting(Some(id))) if id == "h-2"));
    assert_eq!(state.current_hosting(), Some("h-2"));
}

#[test]
fn the_restore_detail_follows_the_poller() {
    let mut state = with_backups(80, 24);
    let recent = vec![ProgressSummary { id: "p-9".into(), ..ProgressSummary::default() }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: recent });
    send(&mut state, [key(KeyCode::Tab), key(KeyCode::Enter)]);
    update(&mut state, polled("p-9", ProgressStatus::Processing, 55));
    let Some(Screen::Restore(screen)) = state.screen() else { panic!("no detail") };
    assert_eq!(screen.load.loaded().map(|p| p.percentage), Some(55));
}

#[test]
fn the_wheel_scrolls_the_list_under_the_pointer() {
    let mut state = state(80, 24);
    let commands = whbackup::tui::update::init(&mut state, None);
    let many = (0..100)
        .map(|n| whbackup::api::Hosting { id: format!("h-{n}"), ..Default::default() })
        .collect();
    update(&mut state, Msg::HostingsLoaded { generation: generation(&commands), result: Ok(many) });
    let wheel = |kind| {
        Msg::Mouse(crossterm::event::MouseEvent {
            kind,
            column: 10,
            row: 8,
            modifiers: crossterm::event::KeyModifiers::NONE,
        })
    };
    update(&mut state, wheel(crossterm::event::MouseEventKind::ScrollDown));
    update(&mut state, wheel(crossterm::event::MouseEventKind::ScrollDown));
    assert_eq!(state.hostings.cursor.offset, 6);
    assert_eq!(state.hostings.cursor.selected, 6, "the selection stays on screen");
    update(&mut state, wheel(crossterm::event::MouseEventKind::ScrollUp));
    assert_eq!(state.hostings.cursor.offset, 3);
    assert_eq!(state.focus, Focus::Main);
}

/// The dashboard with `count` hostings listed, none opened.
fn with_many_hostings(count: usize) -> (State, Vec<Command>) {
    let mut state = state(80, 24);
    let commands = whbackup::tui::update::init(&mut state, None);
    let many = (0..count)
        .map(|n| Hosting {
            id: format!("h-{n}"),
            domain: format!("site{n}.example"),
            ..Default::default()
        })
        .collect();
    let loaded = Msg::HostingsLoaded { generation: generation(&commands), result: Ok(many) };
    let commands = update(&mut state, loaded);
    (state, commands)
}

#[test]
fn page_keys_move_by_a_page_of_rows() {
    let (mut state, _) = with_many_hostings(100);
    let page = whbackup::tui::layout::main_page(&state);
    assert!(page > 1, "a page of {page} rows");
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(state.hostings.cursor.selected, page);
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(state.hostings.cursor.selected, 2 * page);
    assert_eq!(state.hostings.cursor.offset, page + 1, "the selected row stays in view");
    update(&mut state, key(KeyCode::PageUp));
    assert_eq!(state.hostings.cursor.selected, page);
    send(&mut state, [key(KeyCode::PageUp), key(KeyCode::PageUp)]);
    assert_eq!((state.hostings.cursor.selected, state.hostings.cursor.offset), (0, 0));
}

#[test]
fn right_and_l_open_and_left_and_h_go_back() {
    let mut state = with_hostings(80, 24);
    let commands = update(&mut state, key(KeyCode::Right));
    assert!(matches!(&commands[0], Command::LoadBackups { hosting_id, .. } if hosting_id == "h-1"));
    let back = update(&mut state, key(KeyCode::Left));
    assert!(matches!(&back[..], [Command::Watch(Watch::Hosting(None))]));
    assert!(state.screen().is_none());

    let mut state = with_items(80, 24);
    update(&mut state, key(KeyCode::Right));
    assert!(items_screen(&state).load.loaded().unwrap().is_expanded(0), "→ expands a group");
    send(&mut state, [key(KeyCode::End), ch('l')]);
    let tree = items_screen(&state).load.loaded().unwrap();
    assert!(tree.is_expanded(2), "l expands the group under the cursor");
    update(&mut state, ch('h'));
    assert!(matches!(state.screen(), Some(Screen::Backups(_))), "h goes back");
    update(&mut state, key(KeyCode::Left));
    assert!(state.screen().is_none(), "← goes back too");
}

#[test]
fn n_unticks_everything_and_then_changes_nothing() {
    let mut state = with_items(80, 24);
    send(&mut state, [ch('a')]);
    assert_eq!(items_screen(&state).load.loaded().unwrap().selection().items, 5);
    update(&mut state, ch('n'));
    assert_eq!(items_screen(&state).load.loaded().unwrap().selection().items, 0);
    state.dirty = false;
    assert!(update(&mut state, ch('n')).is_empty());
    assert!(!state.dirty, "nothing was ticked, so nothing is drawn");
}

#[test]
fn the_mouse_does_not_reach_under_an_overlay() {
    let mut state = with_items(80, 24);
    update(&mut state, ch('H'));
    update(&mut state, click(2, 4));
    let tree = items_screen(&state).load.loaded().unwrap();
    assert_eq!(tree.check(Row::Group(1)), Check::Unticked, "no tick under the history");
    assert_eq!(items_screen(&state).cursor.selected, 0);

    let mut state = with_items(80, 24);
    let notice = Notice { kind: NoticeKind::Info, text: "Restore of example.com completed".into() };
    state.announcements.push_back(Announcement { about: Announced::RestoreEnded, notice });
    state.dirty = false;
    assert!(update(&mut state, click(2, 4)).is_empty());
    assert!(!state.dirty);
    let tree = items_screen(&state).load.loaded().unwrap();
    assert_eq!(tree.check(Row::Group(1)), Check::Unticked, "no tick under the notice");
    assert_eq!(state.announcements.len(), 1, "a click does not dismiss it either");
}

#[test]
fn ctrl_z_suspends_while_typing() {
    let mut state = with_items(80, 24);
    send(&mut state, [ch('/'), ch('w')]);
    assert!(matches!(&update(&mut state, ctrl('z'))[..], [Command::Suspend]));
    assert_eq!(state.filter_input.as_ref().map(tui_input::Input::value), Some("w"));

    let mut state = with_items(80, 24);
    send(&mut state, [ch('R'), ch('e')]);
    assert!(matches!(&update(&mut state, ctrl('z'))[..], [Command::Suspend]));
    assert_eq!(state.dialog.as_ref().unwrap().typed.value(), "e", "z was not typed");
}

#[test]
fn the_hostings_details_are_fetched_for_the_first_hostings_and_fill_in() {
    let (mut state, commands) = with_many_hostings(250);
    let [Command::LoadHostingDetails { generation, hosting_ids }] = &commands[..] else {
        panic!("one details request: {commands:?}");
    };
    assert_eq!(hosting_ids.len(), 200, "at most the first 200");
    assert_eq!(hosting_ids[0], "h-0");
    let generation = *generation;

    let panel = |name: &str| Platform {
        control_panel: Some(ControlPanel { name: name.into() }),
        ..Platform::default()
    };
    let full = |name: &str| Hosting {
        id: "h-1".into(),
        domain: "site1.example".into(),
        platform: Some(panel(name)),
        ..Hosting::default()
    };
    let older = Msg::HostingLoaded {
        hosting_id: "h-1".into(),
        generation: generation - 1,
        result: Ok(full("Old")),
    };
    assert!(update(&mut state, older).is_empty());
    let control_panel =
        |state: &State| state.hosting("h-1").unwrap().control_panel().map(str::to_owned);
    assert_eq!(control_panel(&state), None, "an answer to an older list is dropped");
    let fresh =
        Msg::HostingLoaded { hosting_id: "h-1".into(), generation, result: Ok(full("cPanel")) };
    update(&mut state, fresh);
    assert_eq!(control_panel(&state).as_deref(), Some("cPanel"));

    let (_, commands) = with_many_hostings(0);
    assert!(commands.is_empty(), "no hostings, nothing to fetch");
}
