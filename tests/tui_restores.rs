//! The dashboard's state machine around restores that outlive a screen: poller news, the
//! journal's records, resume at start, the completion notice and the history overlay.

mod tui_support;

use crossterm::event::KeyCode;
use tui_support::*;
use whbackup::api::{Progress, ProgressStatus, ProgressSummary, RestoreAnswer};
use whbackup::journal::{
    Answer, Event, FinalStatus, Intent, Record, RestoreKey, Scope, StatusSeen, Target, Who,
};
use whbackup::restore::Follow;
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::poller::Watch;
use whbackup::tui::state::{DialogPhase, Load, RestoreStatus, State};
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

    let done = Progress {
        id: "p-9".into(),
        percentage: 100,
        status: ProgressStatus::Completed,
        ..Progress::default()
    };
    update(&mut state, Msg::RestoreProgress { hosting_id: "h-1".into(), progress: done });
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
    let commands = update(&mut state, key(KeyCode::Enter));
    let Command::SendRestore { request_id, .. } = commands[0] else { panic!("no submit") };
    let answer = RestoreAnswer { progress_id: Some("p-1".into()) };
    let started = state.now.checked_sub(jiff::SignedDuration::from_secs(seconds_before)).unwrap();
    let journaled = Some(Follow::new(RestoreKey::new("k-1"), started));
    update(&mut state, Msg::RestoreSent { request_id, result: Ok(answer), journaled });
    state
}

fn progress_msg(status: ProgressStatus, percentage: u64) -> Msg {
    let progress = Progress { id: "p-1".into(), percentage, status, ..Progress::default() };
    Msg::RestoreProgress { hosting_id: "h-1".into(), progress }
}

fn journal_events(commands: &[Command]) -> Vec<&Event> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::Journal(record) => Some(&record.event),
            _ => None,
        })
        .collect()
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
    let alerts: Vec<&String> = commands
        .iter()
        .filter_map(|command| match command {
            Command::Alert(text) => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(alerts.len(), 1, "{commands:?}");
    let notice = state.completion.as_ref().expect("a notice of the end");
    assert_eq!(&notice.text, alerts[0]);
    assert!(notice.text.contains("example.com"), "{}", notice.text);
    assert!(notice.text.contains("partially completed"), "{}", notice.text);
    assert!(notice.text.contains("1m 05s"), "{}", notice.text);
}

#[test]
fn the_completion_notice_stays_until_a_key_and_that_key_only_dismisses_it() {
    let mut state = sent_and_journaled(10);
    update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    assert!(state.completion.is_some());
    let recent = vec![ProgressSummary {
        id: "p-1".into(),
        percentage: 100,
        status: ProgressStatus::Completed,
        ..ProgressSummary::default()
    }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: recent });
    update(&mut state, progress_msg(ProgressStatus::Completed, 100));
    assert!(state.completion.is_some(), "other news does not hide it");
    let depth = state.stack.len();
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(state.completion.is_none(), "a key dismisses it");
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

    let end = update(
        &mut state,
        Msg::RestoreProgress {
            hosting_id: "h-1".into(),
            progress: Progress {
                id: "p-run".into(),
                percentage: 100,
                status: ProgressStatus::Completed,
                ..Progress::default()
            },
        },
    );
    let events = journal_events(&end);
    assert!(matches!(events.last(), Some(Event::Final(_))), "{events:?}");
    let Some(Command::Journal(record)) = end.iter().find(|c| matches!(c, Command::Journal(_)))
    else {
        panic!()
    };
    assert_eq!(record.restore, RestoreKey::new("k-run"), "journaled under the original intent");
    assert!(state.completion.as_ref().unwrap().text.contains("completed"));
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
fn a_running_restore_on_the_hosting_makes_the_dialog_ask_twice() {
    let mut state = with_items(80, 24);
    let running = vec![ProgressSummary {
        id: "p-7".into(),
        status: ProgressStatus::Processing,
        percentage: 10,
        ..ProgressSummary::default()
    }];
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: running });
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r')]);
    let dialog = state.dialog.as_ref().expect("the dialog opens");
    assert!(dialog.running_warning.as_ref().unwrap().contains("already running"));

    let first = update(&mut state, key(KeyCode::Enter));
    assert_eq!(sends(&first), 0, "the first confirm only asks again");
    assert_eq!(state.dialog.as_ref().unwrap().phase, DialogPhase::ConfirmingAgain);
    let second = update(&mut state, key(KeyCode::Enter));
    assert_eq!(sends(&second), 1);
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 0, "and never twice");

    let mut state = with_items(80, 24);
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r')]);
    assert!(state.dialog.as_ref().unwrap().running_warning.is_none());
    assert_eq!(sends(&update(&mut state, key(KeyCode::Enter))), 1, "no running restore: once");
}

#[test]
fn the_history_key_reads_the_journal_into_an_overlay() {
    let mut state = with_backups(80, 24);
    let commands = update(&mut state, ch('H'));
    assert!(matches!(&commands[..], [Command::LoadHistory]), "{commands:?}");
    assert!(matches!(state.history.as_ref().unwrap().load, Load::Loading));
    update(&mut state, Msg::HistoryLoaded { result: Ok(journal_read()) });
    let view = state.history.as_ref().unwrap();
    assert_eq!(view.load.loaded().map(Vec::len), Some(3));
    update(&mut state, key(KeyCode::Down));
    assert_eq!(state.history.as_ref().unwrap().scroll, 1);
    let depth = state.stack.len();
    update(&mut state, key(KeyCode::Esc));
    assert!(state.history.is_none());
    assert_eq!(state.stack.len(), depth, "Esc closed the overlay only");
}
