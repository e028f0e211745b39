//! The dashboard's state machine, driven by messages: every key press is checked by the
//! state it leaves and the commands it returns. No terminal, no network.

mod tui_support;

use crossterm::event::KeyCode;
use tui_support::*;
use whbackup::api::{BackupStatus, Progress, ProgressStatus, ProgressSummary, RestoreAnswer};
use whbackup::journal::Scope;
use whbackup::tui::keys;
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::poller::Watch;
use whbackup::tui::state::{DialogPhase, Focus, Load, NoticeKind, RestoreStatus, Screen};
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
    assert!(matches!(&commands[1], Command::LoadHosting { hosting_id } if hosting_id == "h-1"));
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
fn a_failed_restore_is_reported_and_not_retried() {
    let mut state = dialog_for_one_item();
    let commands = update(&mut state, key(KeyCode::Enter));
    let Command::SendRestore { request_id, .. } = commands[0] else { panic!("no submit") };
    let result = Err("503 Service Unavailable".to_owned());
    let commands = update(&mut state, Msg::RestoreSent { request_id, result, journaled: None });
    assert!(commands.is_empty(), "nothing is resent");
    assert!(matches!(&state.restores.entries[0].status, RestoreStatus::NotSent(_)));
    let notice = state.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("not retried"), "{}", notice.text);
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
fn a_restore_listed_before_its_answer_shows_once() {
    let mut state = dialog_for_one_item();
    let commands = update(&mut state, key(KeyCode::Enter));
    let Command::SendRestore { request_id, .. } = commands[0] else { panic!("no submit") };
    let listed = vec![ProgressSummary {
        id: "p-1".into(),
        backup_items_count: 1,
        percentage: 10,
        status: ProgressStatus::Processing,
    }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: listed });
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
    let commands = update(&mut state, key(KeyCode::Enter));
    let Command::SendRestore { request_id, .. } = commands[0] else { panic!("no submit") };
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
    let progress = Progress {
        id: "p-9".into(),
        percentage: 55,
        status: ProgressStatus::Processing,
        ..Progress::default()
    };
    update(&mut state, Msg::RestoreProgress { hosting_id: "h-1".into(), progress });
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
