//! The dashboard's state machine around restores that outlive a screen: poller news, the
//! journal's records, resume at start, the completion notice and the history overlay.

mod tui_support;

use crossterm::event::KeyCode;
use tui_support::*;
use whbackup::api::{BackupStatus, ProgressStatus, ProgressSummary, RestoreAnswer};
use whbackup::journal::{
    Answer, Event, FinalStatus, Intent, Record, RestoreKey, Scope, StatusSeen, Target, Who,
};
use whbackup::restore::Follow;
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::poller::{ProgressNews, Watch};
use whbackup::tui::state::{Focus, Load, RestoreStatus, State};
use whbackup::tui::update::{resume, update};

#[test]
fn poller_news_moves_the_restores_pane() {
    let mut state = with_backups(80, 24);
    let recent = vec![ProgressSummary {
        id: "p-9".into(),
        backup_items_count: 2,
        percentage: 40,
        status: ProgressStatus::Processing,
    }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: recent });
    assert_eq!(state.restores.entries.len(), 1);
    assert_eq!(state.restores.entries[0].what, "2 items");

    let elsewhere = vec![ProgressSummary { id: "p-x".into(), ..ProgressSummary::default() }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-2".into(), progresses: elsewhere });
    assert_eq!(state.restores.entries.len(), 1, "another hosting's list adds nothing");

    update(&mut state, polled("p-9", ProgressStatus::Completed, 100));
    assert_eq!(
        state.restores.entries[0].status,
        RestoreStatus::Progress(ProgressStatus::Completed)
    );
    assert_eq!(state.restores.entries[0].percentage, 100);

    let failed =
        Msg::PollFailed { hosting_id: "h-1".into(), progress_id: None, error: "timeout".into() };
    update(&mut state, failed);
    assert_eq!(state.restores.poll_error.as_deref(), Some("timeout"));
}

/// Sends the one-item restore and answers it with progress `p-1`, journaled as `k-1` and
/// started `seconds_before` the state's clock.
fn sent_and_journaled(seconds_before: i64) -> State {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    let answer = answered(request_id, seconds_before, &state);
    update(&mut state, answer);
    state
}

/// The answer to `request_id`: progress `p-1`, journaled as `k-1` and started
/// `seconds_before` the state's clock.
fn answered(request_id: u64, seconds_before: i64, state: &State) -> Msg {
    let answer = RestoreAnswer { progress_id: Some("p-1".into()) };
    let started = state.now.checked_sub(jiff::SignedDuration::from_secs(seconds_before)).unwrap();
    let journaled = Some(Follow::new(RestoreKey::new("k-1"), started));
    Msg::RestoreSent { request_id, result: Ok(answer), journaled }
}

fn lost(for_good: bool) -> Msg {
    let reason = "the API no longer knows this restore".to_owned();
    let progress = ProgressNews::Lost { progress_id: "p-1".into(), reason, for_good };
    Msg::RestoreProgress { hosting_id: "h-1".into(), progress }
}

fn progress_msg(status: ProgressStatus, percentage: u64) -> Msg {
    polled("p-1", status, percentage)
}

#[test]
fn a_restore_of_this_run_ending_reloads_the_backups_and_alerts() {
    let mut state = sent_and_journaled(65);
    let commands = update(&mut state, progress_msg(ProgressStatus::PartiallyCompleted, 100));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadBackups { hosting_id, .. } if hosting_id == "h-1"))
    );
    let alerts = alerts(&commands);
    assert_eq!(alerts.len(), 1, "{commands:?}");
    let notice = &state.announcements.front().expect("a notice of the end").notice;
    assert_eq!(&notice.text, alerts[0]);
    assert!(notice.text.contains("example.com"), "{}", notice.text);
    assert!(notice.text.contains("partially completed"), "{}", notice.text);
    assert!(notice.text.contains("1m 05s"), "{}", notice.text);
}

#[test]
fn the_completion_notice_stays_until_a_key_and_that_key_only_dismisses_it() {
    let mut state = sent_and_journaled(10);
    update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    assert_eq!(state.announcements.len(), 1);
    let recent = vec![ProgressSummary {
        id: "p-1".into(),
        percentage: 100,
        status: ProgressStatus::Completed,
        ..ProgressSummary::default()
    }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: recent });
    update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    assert_eq!(state.announcements.len(), 1, "other news neither hides nor repeats it");
    let depth = state.stack.len();
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(state.announcements.is_empty(), "a key dismisses it");
    assert_eq!(state.stack.len(), depth, "and does nothing else");
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.stack.len(), depth - 1, "the next key acts again");

    let mut state = sent_and_journaled(10);
    update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    let commands = update(&mut state, ch('q'));
    assert!(matches!(&commands[..], [Command::Quit]), "quitting still quits: {commands:?}");
}

#[test]
fn a_journaled_restore_writes_status_on_change_and_final_once() {
    let mut state = sent_and_journaled(30);
    let first = update(&mut state, progress_msg(ProgressStatus::Processing, 40));
    assert!(matches!(
        journal_events(&first)[..],
        [Event::Status(StatusSeen { percentage: 40, .. })]
    ));
    let same = update(&mut state, progress_msg(ProgressStatus::Processing, 40));
    assert!(journal_events(&same).is_empty(), "an unchanged status is not written again");
    let end = update(&mut state, progress_msg(ProgressStatus::Failed, 70));
    let events = journal_events(&end);
    assert_eq!(events.len(), 2, "{events:?}");
    let Event::Final(final_status) = events[1] else { panic!("no final: {events:?}") };
    assert_eq!(final_status.status, ProgressStatus::Failed);
    assert!((final_status.duration_seconds - 30.0).abs() < 1.0, "{final_status:?}");
    let again = update(&mut state, progress_msg(ProgressStatus::Failed, 70));
    assert!(journal_events(&again).is_empty(), "the final record is written once");
}

/// A journal holding a finished restore `p-old` on h-1, an unfinished one `p-run` on h-1
/// at 40 %, and an unfinished one on another region.
fn journal_read() -> Vec<whbackup::journal::RestoreEntry> {
    let intent = |region: &str| Intent {
        who: Who { profile: "default".into(), access_key: None },
        what: Target {
            region: region.into(),
            hosting_id: "h-1".into(),
            domain: "example.com".into(),
            backup_id: "b-new".into(),
            backup_created_at: None,
            scope: Scope::Full,
        },
    };
    let at = |text: &str| at(text);
    let records = [
        Record {
            ts: at("2026-12-01T10:00:00Z"),
            restore: RestoreKey::new("k-old"),
            event: intent("fr-par").into(),
        },
        Record {
            ts: at("2026-12-01T10:00:01Z"),
            restore: RestoreKey::new("k-old"),
            event: Answer::accepted(Some("p-old".into())).into(),
        },
        Record {
            ts: at("2026-12-01T10:05:00Z"),
            restore: RestoreKey::new("k-old"),
            event: FinalStatus { status: ProgressStatus::Completed, duration_seconds: 300.0 }
                .into(),
        },
        Record {
            ts: at("2026-12-01T11:00:00Z"),
            restore: RestoreKey::new("k-run"),
            event: intent("fr-par").into(),
        },
        Record {
            ts: at("2026-12-01T11:00:01Z"),
            restore: RestoreKey::new("k-run"),
            event: Answer::accepted(Some("p-run".into())).into(),
        },
        Record {
            ts: at("2026-12-01T11:01:00Z"),
            restore: RestoreKey::new("k-run"),
            event: StatusSeen { status: ProgressStatus::Processing, percentage: 40 }.into(),
        },
        Record {
            ts: at("2026-12-01T11:30:00Z"),
            restore: RestoreKey::new("k-ams"),
            event: intent("nl-ams").into(),
        },
        Record {
            ts: at("2026-12-01T11:30:01Z"),
            restore: RestoreKey::new("k-ams"),
            event: Answer::accepted(Some("p-ams".into())).into(),
        },
    ];
    let text: String = records.iter().map(|r| serde_json::to_string(r).unwrap() + "\n").collect();
    whbackup::journal::parse_journal(text.as_bytes()).entries
}

#[test]
fn unfinished_restores_of_this_region_are_watched_again_at_start() {
    let mut state = with_backups(80, 24);
    let commands = resume(&mut state, &journal_read());
    assert!(
        matches!(&commands[..], [Command::Watch(Watch::Progress { hosting_id, progress_id })]
            if hosting_id == "h-1" && progress_id == "p-run"),
        "{commands:?}"
    );
    assert_eq!(state.restores.entries.len(), 1);
    let entry = &state.restores.entries[0];
    assert_eq!(entry.status, RestoreStatus::Progress(ProgressStatus::Processing));
    assert_eq!((entry.percentage, entry.what.as_str(), entry.elsewhere), (40, "full", false));

    let end = update(&mut state, polled("p-run", ProgressStatus::Completed, 100));
    let events = journal_events(&end);
    assert!(matches!(events.last(), Some(Event::Final(_))), "{events:?}");
    let Some(Command::Journal(record)) = end.iter().find(|c| matches!(c, Command::Journal(_)))
    else {
        panic!()
    };
    assert_eq!(record.restore, RestoreKey::new("k-run"), "journaled under the original intent");
    assert!(state.announcements.front().unwrap().notice.text.contains("completed"));
}

#[test]
fn restores_the_journal_does_not_know_are_marked_started_elsewhere() {
    let mut state = with_backups(80, 24);
    resume(&mut state, &journal_read());
    let summary = |id: &str| ProgressSummary {
        id: id.into(),
        status: ProgressStatus::Completed,
        percentage: 100,
        ..ProgressSummary::default()
    };
    let recent = vec![summary("p-old"), summary("p-other")];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: recent });
    let marked: Vec<(&str, bool)> = state
        .restores
        .entries
        .iter()
        .map(|e| (e.progress_id.as_deref().unwrap(), e.elsewhere))
        .collect();
    assert_eq!(marked, [("p-run", false), ("p-old", false), ("p-other", true)]);
}

#[test]
fn the_history_key_reads_the_journal_into_an_overlay() {
    let mut state = with_backups(80, 24);
    let commands = update(&mut state, ch('H'));
    let [Command::LoadHistory { generation }] = commands[..] else { panic!("{commands:?}") };
    assert!(matches!(state.history.as_ref().unwrap().load, Load::Loading));
    update(&mut state, Msg::HistoryLoaded { generation, result: Ok(journal_read()) });
    let view = state.history.as_ref().unwrap();
    assert_eq!(view.load.loaded().map(Vec::len), Some(3));
    update(&mut state, key(KeyCode::Down));
    assert_eq!(state.history.as_ref().unwrap().scroll, 1);
    let depth = state.stack.len();
    update(&mut state, key(KeyCode::Esc));
    assert!(state.history.is_none());
    assert_eq!(state.stack.len(), depth, "Esc closed the overlay only");
}

#[test]
fn a_restore_listed_as_ended_before_its_answer_is_still_journaled_and_announced() {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    update(&mut state, recent(vec![listed("p-1", 1, 100, ProgressStatus::Completed)]));
    let answer = answered(request_id, 20, &state);
    let commands = update(&mut state, answer);

    let events = journal_events(&commands);
    assert!(matches!(events[..], [Event::Status(_), Event::Final(_)]), "{events:?}");
    assert_eq!(alerts(&commands).len(), 1, "{commands:?}");
    assert!(commands.iter().any(|c| matches!(c, Command::LoadBackups { .. })), "{commands:?}");
    assert!(state.announcements.front().unwrap().notice.text.contains("completed in 20s"));
    assert_eq!(state.restores.entries.len(), 1);

    let Some(Command::LoadBackups { generation, .. }) =
        commands.iter().find(|c| matches!(c, Command::LoadBackups { .. }))
    else {
        unreachable!("found above")
    };
    let reloaded = Msg::BackupsLoaded {
        hosting_id: "h-1".into(),
        generation: *generation,
        result: Ok(backups()),
    };
    update(&mut state, reloaded);
    assert_eq!(items_screen(&state).backup.status, BackupStatus::Active, "no longer restoring");

    let again = update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    assert!(again.is_empty(), "the unchanged poll that follows adds nothing: {again:?}");
    assert_eq!(state.announcements.len(), 1);
}

#[test]
fn the_first_pending_status_is_journaled_though_the_row_does_not_change() {
    let mut state = sent_and_journaled(5);
    assert_eq!(state.restores.entries[0].status, RestoreStatus::Progress(ProgressStatus::Pending));
    let first = update(&mut state, progress_msg(ProgressStatus::Pending, 0));
    let events = journal_events(&first);
    assert!(
        matches!(
            events[..],
            [Event::Status(StatusSeen { status: ProgressStatus::Pending, percentage: 0 })]
        ),
        "{events:?}"
    );
    assert!(update(&mut state, progress_msg(ProgressStatus::Pending, 0)).is_empty());
}

#[test]
fn a_restore_the_api_no_longer_knows_ends_with_an_unknown_outcome() {
    let mut state = sent_and_journaled(30);
    let commands = update(&mut state, lost(true));
    let events = journal_events(&commands);
    let [Event::Final(end)] = events[..] else { panic!("one final record: {events:?}") };
    assert_eq!(end.status, ProgressStatus::Unknown);
    assert!(matches!(&state.restores.entries[0].status, RestoreStatus::OutcomeUnknown(_)));
    assert_eq!(alerts(&commands).len(), 1);
    let text = &state.announcements.front().unwrap().notice.text;
    assert!(text.contains("outcome unknown") && text.contains("no longer knows"), "{text}");

    let mut state = sent_and_journaled(30);
    let commands = update(&mut state, lost(false));
    assert!(journal_events(&commands).is_empty(), "a later run may still read it");
    assert_eq!(state.announcements.len(), 1, "it is announced all the same");
}

#[test]
fn restores_that_end_together_are_announced_one_after_the_other() {
    let mut state = sent_and_journaled(10);
    resume(&mut state, &journal_read());
    update(&mut state, polled("p-run", ProgressStatus::Failed, 50));
    update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    assert_eq!(state.announcements.len(), 2, "the first notice is not lost");
    assert!(state.announcements[0].notice.text.contains("failed"), "oldest first");

    assert!(update(&mut state, ch('x')).is_empty());
    assert_eq!(state.announcements.len(), 1);
    assert!(state.announcements[0].notice.text.contains("completed"), "the next one shows");
    update(&mut state, ch('x'));
    assert!(state.announcements.is_empty());
}

#[test]
fn a_history_answer_for_an_earlier_opening_is_dropped() {
    let mut state = with_backups(80, 24);
    let [Command::LoadHistory { generation: first }] = update(&mut state, ch('H'))[..] else {
        panic!("a read of the journal");
    };
    update(&mut state, key(KeyCode::Esc));
    let [Command::LoadHistory { generation: second }] = update(&mut state, ch('H'))[..] else {
        panic!("a read of the journal");
    };
    assert_ne!(first, second);
    state.dirty = false;
    assert!(
        update(&mut state, Msg::HistoryLoaded { generation: first, result: Ok(journal_read()) })
            .is_empty()
    );
    assert!(!state.dirty);
    assert!(matches!(state.history.as_ref().unwrap().load, Load::Loading));
    update(&mut state, Msg::HistoryLoaded { generation: second, result: Ok(Vec::new()) });
    assert_eq!(state.history.as_ref().unwrap().load, Load::Loaded(Vec::new()));
}

fn pane_ids(state: &State) -> Vec<&str> {
    state.restores.entries.iter().map(|e| e.progress_id.as_deref().unwrap_or("—")).collect()
}

#[test]
fn the_pane_is_newest_first_and_its_cursor_stays_on_its_restore() {
    let mut state = with_backups(80, 24);
    resume(&mut state, &journal_read());
    update(
        &mut state,
        recent(vec![
            listed("p-elsewhere", 1, 10, ProgressStatus::Processing),
            listed("p-run", 1, 40, ProgressStatus::Processing),
            listed("p-old", 1, 100, ProgressStatus::Completed),
            listed("p-older", 1, 100, ProgressStatus::Failed),
        ]),
    );
    assert_eq!(pane_ids(&state), ["p-elsewhere", "p-run", "p-old", "p-older"]);

    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Focus::Restores);
    let selected = pane_ids(&state)[state.restores.cursor.selected];
    assert_eq!(selected, "p-run", "the cursor moved down with its restore");
    update(
        &mut state,
        recent(vec![
            listed("p-newest", 2, 0, ProgressStatus::Pending),
            listed("p-elsewhere", 1, 20, ProgressStatus::Processing),
            listed("p-run", 1, 50, ProgressStatus::Processing),
        ]),
    );
    assert_eq!(pane_ids(&state)[..3], ["p-newest", "p-elsewhere", "p-run"]);
    assert_eq!(pane_ids(&state)[state.restores.cursor.selected], "p-run", "the cursor stayed");

    update(&mut state, key(KeyCode::Tab));
    let commands = update(&mut state, key(KeyCode::Enter));
    update(&mut state, newest_items_loaded(generation(&commands), item_groups()));
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r'), key(KeyCode::Enter)]);
    assert_eq!(sends(&update(&mut state, ch('y'))), 1);
    assert_eq!(pane_ids(&state)[0], "—", "this run's restore goes on top");
    assert_eq!(pane_ids(&state)[state.restores.cursor.selected], "p-run", "the cursor stayed");
}

/// Sends the one-item restore, whose answer is lost after the request left: it may have
/// started. The journal took it as `k-lost`.
fn lost_answer(state: &mut State, request_id: u64) -> Vec<Command> {
    let reason = "POST …/restore-backup-items: the connection was lost".to_owned();
    let result = Err(whbackup::tui::msg::SendFailure { reason, may_have_started: true });
    let journaled = Some(Follow::new(RestoreKey::new("k-lost"), state.now));
    update(state, Msg::RestoreSent { request_id, result, journaled })
}

/// The journal records among `commands` that give restore `key` a progress id.
fn answers_naming(commands: &[Command], key: &str) -> Vec<Option<String>> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::Journal(Record { restore, event: Event::Answer(answer), .. })
                if restore == &RestoreKey::new(key) =>
            {
                Some(answer.progress_id.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_restore_whose_answer_was_lost_is_found_in_the_next_list_and_followed() {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    lost_answer(&mut state, request_id);
    let past = listed("p-past", 2, 100, ProgressStatus::Failed);
    let listed_first = update(&mut state, recent(vec![past.clone()]));
    assert!(answers_naming(&listed_first, "k-lost").is_empty(), "{listed_first:?}");

    let found = listed("p-new", 1, 30, ProgressStatus::Processing);
    let commands = update(&mut state, recent(vec![found, past]));
    assert_eq!(answers_naming(&commands, "k-lost"), [Some("p-new".to_owned())]);
    assert!(
        commands.iter().any(|c| matches!(c, Command::Watch(Watch::Progress { progress_id, .. })
        if progress_id == "p-new"))
    );
    let ours = state.restores.entries.iter().find(|e| e.request_id == Some(request_id)).unwrap();
    assert_eq!(ours.progress_id.as_deref(), Some("p-new"));
    assert_eq!(ours.status, RestoreStatus::Progress(ProgressStatus::Processing));
    assert!(!ours.elsewhere);
    assert_eq!(pane_ids(&state), ["p-new", "p-past"], "shown once");

    let ended = update(&mut state, polled("p-new", ProgressStatus::Completed, 100));
    let events = journal_events(&ended);
    assert!(matches!(events[..], [Event::Status(_), Event::Final(_)]), "{events:?}");
}

#[test]
fn a_restore_listed_before_its_answer_was_lost_is_merged_into_its_request() {
    let mut state = dialog_for_one_item();
    let request_id = request_id(&update(&mut state, key(KeyCode::Enter)));
    update(&mut state, recent(vec![listed("p-new", 1, 10, ProgressStatus::Processing)]));
    assert!(state.restores.entries.iter().any(|e| e.elsewhere), "unknown while in flight");

    let commands = lost_answer(&mut state, request_id);
    assert_eq!(answers_naming(&commands, "k-lost"), [Some("p-new".to_owned())]);
    assert_eq!(state.restores.entries.len(), 1, "one row for one restore");
    let ours = &state.restores.entries[0];
    assert_eq!((ours.progress_id.as_deref(), ours.elsewhere), (Some("p-new"), false));
}

#[test]
fn a_poll_that_fails_after_the_end_was_seen_changes_nothing() {
    let mut state = sent_and_journaled(10);
    update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    let failed = Msg::PollFailed {
        hosting_id: "h-1".into(),
        progress_id: Some("p-1".into()),
        error: "timed out".into(),
    };
    assert!(update(&mut state, failed).is_empty());
    assert_eq!(state.restores.entries[0].poll_error, None, "no \"retrying\" on an ended restore");
}

#[test]
fn a_resumed_restore_ending_before_the_hostings_load_is_named_by_its_journaled_domain() {
    let mut state = state(80, 24);
    resume(&mut state, &journal_read());
    assert_eq!(state.domain_of("h-1"), "example.com", "the journal names it");
    update(&mut state, polled("p-run", ProgressStatus::Completed, 100));
    let notice = &state.announcements.front().expect("the end is announced").notice.text;
    assert!(notice.starts_with("Restore of example.com completed"), "{notice}");
    assert_eq!(state.domain_of("h-unknown"), "h-unknown", "else its id");
}
