//! The dashboard's executor against a real demo server on loopback: each command's task
//! answers with the message naming what it answers, a load superseded by a newer one of its
//! kind is aborted (a restore never is), a restore is journaled then posted exactly once
//! (also when it fails, saying whether it may have started), never without its intent on
//! disk, the journal's later records land in order, and watch requests reach the poller's
//! channel.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::Method;
use tempfile::TempDir;
use tokio::sync::mpsc;
use tokio::time::timeout;
use whbackup::api::{Client, Endpoint, SecretKey};
use whbackup::api::{ItemType, ProgressStatus};
use whbackup::demo::{DemoConfig, DemoServer, Fault, FaultRule};
use whbackup::journal::{self, AsyncJournal, ItemRef, Record, RestoreKey, Scope, StatusSeen};
use whbackup::restore::Order;
use whbackup::tui::executor::{Executor, Journaling};
use whbackup::tui::msg::{Command, Msg, SendFailure};
use whbackup::tui::poller::Watch;

const TOKEN: &str = "11111111-2222-4333-8444-555555555555";
/// How long one answer may take from the demo server on loopback.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
const CHANNEL_CAPACITY: usize = 16;
/// A restore answer slow enough for the test to quit while it is in flight.
const SLOW_ANSWER_MS: u64 = 500;

struct Rig {
    server: DemoServer,
    executor: Executor,
    messages: mpsc::Receiver<Msg>,
    watches: mpsc::Receiver<Watch>,
    journal_dir: TempDir,
}

impl Rig {
    fn journal_path(&self) -> std::path::PathBuf {
        self.journal_dir.path().join("journal.jsonl")
    }

    fn journal(&self) -> journal::JournalRead {
        journal::read_journal(self.journal_path()).unwrap()
    }
}

/// An order to restore one item of hosting `hosting_id`.
fn order(hosting_id: String, item_id: String) -> Order {
    let item = ItemRef { id: item_id, name: "an item".into(), item_type: ItemType::Db };
    Order {
        hosting_id,
        domain: "example.com".into(),
        backup_id: "b-1".into(),
        backup_created_at: None,
        scope: Scope::Items(vec![item]),
    }
}

async fn rig() -> Rig {
    let journal_dir = tempfile::tempdir().unwrap();
    let path = journal_dir.path().join("journal.jsonl");
    let journal = AsyncJournal::open(path.clone()).await.map_err(|error| error.to_string());
    rig_with(journal_dir, Journaling { journal, path, access_key: Some("SCWKEYID".into()) }).await
}

async fn rig_with(journal_dir: TempDir, journaling: Journaling) -> Rig {
    let listen = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = DemoServer::start(DemoConfig::default(), listen, TOKEN.into()).await.unwrap();
    let endpoint = Endpoint {
        api_url: server.url.clone(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(TOKEN),
        profile: "test".into(),
        key_source: "the test".into(),
    };
    let client = Client::new(endpoint).unwrap();
    let (message_tx, messages) = mpsc::channel(CHANNEL_CAPACITY);
    let (watch_tx, watches) = mpsc::channel(CHANNEL_CAPACITY);
    let executor = Executor::new(client, message_tx, watch_tx, journaling);
    Rig { server, executor, messages, watches, journal_dir }
}

async fn next(messages: &mut mpsc::Receiver<Msg>) -> Msg {
    timeout(ANSWER_TIMEOUT, messages.recv()).await.expect("an answer in time").expect("open")
}

/// The first item of the newest backup of hosting 0.
async fn first_item(rig: &mut Rig, hosting_id: &str) -> String {
    rig.executor.run(Command::LoadBackups { hosting_id: hosting_id.into(), generation: 2 });
    let Msg::BackupsLoaded { result: Ok(backups), .. } = next(&mut rig.messages).await else {
        panic!("the backups did not load");
    };
    let backup_id = backups[0].id.clone();
    let command = Command::LoadItems { hosting_id: hosting_id.into(), backup_id, generation: 3 };
    rig.executor.run(command);
    let Msg::ItemsLoaded { result: Ok(groups), generation: 3, .. } = next(&mut rig.messages).await
    else {
        panic!("the items did not load");
    };
    groups.iter().flat_map(|group| &group.items).next().expect("an item").id.clone()
}

#[tokio::test]
async fn loads_answer_with_their_generation() {
    let mut rig = rig().await;
    rig.executor.run(Command::LoadHostings { generation: 7 });
    let Msg::HostingsLoaded { generation, result } = next(&mut rig.messages).await else {
        panic!("expected the hostings");
    };
    assert_eq!(generation, 7);
    assert_eq!(result.unwrap().len(), DemoConfig::default().hostings);

    let hosting_id = rig.server.hosting_id(0);
    rig.executor.run(Command::LoadBackups { hosting_id: hosting_id.clone(), generation: 8 });
    let Msg::BackupsLoaded { hosting_id: answered, generation, result } =
        next(&mut rig.messages).await
    else {
        panic!("expected the backups");
    };
    assert_eq!((answered.as_str(), generation), (hosting_id.as_str(), 8));
    assert!(!result.unwrap().is_empty());
}

#[tokio::test]
async fn errors_travel_as_messages_with_their_identity() {
    let mut rig = rig().await;
    rig.executor.run(Command::LoadBackups { hosting_id: "no-such-hosting".into(), generation: 4 });
    let Msg::BackupsLoaded { hosting_id, generation, result } = next(&mut rig.messages).await
    else {
        panic!("expected the backups");
    };
    assert_eq!((hosting_id.as_str(), generation), ("no-such-hosting", 4));
    assert!(result.is_err());
}

#[tokio::test]
async fn a_restore_is_posted_once() {
    let mut rig = rig().await;
    let hosting_id = rig.server.hosting_id(0);
    let item_id = first_item(&mut rig, &hosting_id).await;
    rig.server.clear_requests();

    let order = order(hosting_id, item_id.clone());
    rig.executor.run(Command::SendRestore { request_id: 21, order });
    let Msg::RestoreSent { request_id, result, journaled } = next(&mut rig.messages).await else {
        panic!("expected the restore's answer");
    };
    assert_eq!(request_id, 21);
    let progress_id = result.unwrap().progress_id.expect("a progress id");
    assert_eq!(rig.server.count(&Method::POST, "restore"), 1);

    let read = rig.journal();
    assert_eq!(read.records, 2, "an intent and an answer");
    let entry = &read.entries[0];
    assert_eq!(entry.progress_id.as_deref(), Some(progress_id.as_str()));
    assert_eq!(entry.intent.who.access_key.as_deref(), Some("SCWKEYID"));
    assert!(matches!(&entry.target().scope, Scope::Items(items) if items[0].id == item_id));
    assert_eq!(journaled.expect("the answer says how to journal on").key, entry.restore);
}

#[tokio::test]
async fn a_journal_that_cannot_be_opened_stops_the_restore_before_sending() {
    let journal_dir = tempfile::tempdir().unwrap();
    let journaling = Journaling {
        journal: Err("permission denied".into()),
        path: journal_dir.path().join("journal.jsonl"),
        access_key: None,
    };
    let mut rig = rig_with(journal_dir, journaling).await;
    let hosting_id = rig.server.hosting_id(0);
    let item_id = first_item(&mut rig, &hosting_id).await;
    rig.server.clear_requests();
    rig.executor.run(Command::SendRestore { request_id: 3, order: order(hosting_id, item_id) });
    let Msg::RestoreSent {
        request_id: 3,
        result: Err(SendFailure { reason, may_have_started: false }),
        journaled: None,
    } = next(&mut rig.messages).await
    else {
        panic!("expected a refusal, surely not sent");
    };
    assert!(reason.contains("journal") && reason.contains("permission denied"), "{reason}");
    assert_eq!(rig.server.count(&Method::POST, "restore"), 0, "nothing was sent");
}

#[tokio::test]
async fn journal_records_land_in_order_and_are_written_before_exit() {
    let mut rig = rig().await;
    let key = RestoreKey::new("k-1");
    let statuses = [ProgressStatus::Pending, ProgressStatus::Processing, ProgressStatus::Completed];
    for (percentage, status) in (0_u64..).zip(statuses) {
        let record = Record::now(&key, StatusSeen { status, percentage });
        rig.executor.run(Command::Journal(record));
    }
    rig.executor.stop();
    timeout(ANSWER_TIMEOUT, rig.executor.join()).await.expect("the journal task ends");
    let text = std::fs::read_to_string(rig.journal_path()).unwrap();
    let seen: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .map(|record| record["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, ["pending", "processing", "completed"]);
}

#[tokio::test]
async fn a_failed_restore_is_not_retried() {
    let mut rig = rig().await;
    let hosting_id = rig.server.hosting_id(0);
    let item_id = first_item(&mut rig, &hosting_id).await;
    rig.server.clear_requests();
    let body = serde_json::json!({"message": "internal error", "type": "internal_error"});
    let rule = FaultRule::new(Fault::json(503, &body)).method(Method::POST);
    rig.server.inject(rule);

    rig.executor.run(Command::SendRestore { request_id: 5, order: order(hosting_id, item_id) });
    let Msg::RestoreSent { request_id: 5, result: Err(failure), .. } =
        next(&mut rig.messages).await
    else {
        panic!("expected the restore to fail");
    };
    assert!(failure.may_have_started, "a server failure may have started it: {failure:?}");
    assert_eq!(rig.server.count(&Method::POST, "restore"), 1, "a restore POST is never resent");
    let entry = &rig.journal().entries[0];
    let answer = entry.answer.as_ref().expect("the failure is journaled");
    assert!(answer.error.is_some() && answer.may_have_reached_server, "{answer:?}");
}

#[tokio::test]
async fn watch_requests_reach_the_poller_and_stop_ends_the_tasks() {
    let mut rig = rig().await;
    rig.executor.run(Command::Watch(Watch::Hosting(Some("h-1".into()))));
    let watch = timeout(ANSWER_TIMEOUT, rig.watches.recv()).await.unwrap().unwrap();
    assert!(matches!(watch, Watch::Hosting(Some(id)) if id == "h-1"));

    let rule = FaultRule::new(Fault::Hang);
    rig.server.inject(rule);
    rig.executor.run(Command::LoadHostings { generation: 1 });
    rig.executor.stop();
    timeout(ANSWER_TIMEOUT, rig.executor.join()).await.expect("aborted tasks end at once");
}

#[tokio::test]
async fn a_restore_in_flight_at_exit_is_answered_and_journaled_before_join_returns() {
    let mut rig = rig().await;
    let hosting_id = rig.server.hosting_id(0);
    let item_id = first_item(&mut rig, &hosting_id).await;
    let slow = FaultRule::new(Fault::Delay { ms: SLOW_ANSWER_MS }).method(Method::POST);
    rig.server.inject(slow);

    rig.executor.run(Command::SendRestore { request_id: 5, order: order(hosting_id, item_id) });
    // The intent is on disk before the request leaves; wait for it, then quit.
    let intent_written = async {
        while rig.journal().records == 0 {
            tokio::task::yield_now().await;
        }
    };
    timeout(ANSWER_TIMEOUT, intent_written).await.expect("the intent is written");
    assert_eq!(rig.executor.restores_in_flight(), 1);
    rig.executor.stop();
    timeout(ANSWER_TIMEOUT, rig.executor.join()).await.expect("the answer comes in time");

    assert_eq!(rig.server.count(&Method::POST, "restore"), 1);
    let entry = &rig.journal().entries[0];
    assert!(entry.progress_id.is_some(), "the answer was journaled: {entry:?}");
}

/// Waits until only `running` tasks other than restores are left.
async fn until_tasks_running(executor: &mut Executor, running: usize) {
    let settled = async {
        while executor.tasks_running() != running {
            tokio::task::yield_now().await;
        }
    };
    timeout(ANSWER_TIMEOUT, settled).await.expect("the superseded load was aborted");
}

#[tokio::test]
async fn a_newer_load_of_the_same_kind_aborts_the_older_one() {
    let mut rig = rig().await;
    rig.server.inject(FaultRule::new(Fault::Hang).method(Method::GET).times(3));
    let hosting_id = rig.server.hosting_id(0);
    for generation in [1, 2] {
        rig.executor.run(Command::LoadBackups { hosting_id: hosting_id.clone(), generation });
    }
    until_tasks_running(&mut rig.executor, 1).await;

    rig.executor.run(Command::LoadHostings { generation: 3 });
    rig.executor.run(Command::LoadHistory { generation: 4 });
    let Msg::HistoryLoaded { generation: 4, .. } = next(&mut rig.messages).await else {
        panic!("the journal is read without the API");
    };
    until_tasks_running(&mut rig.executor, 2).await;
}

#[tokio::test]
async fn a_restore_in_flight_is_never_aborted_by_loads() {
    let mut rig = rig().await;
    let hosting_id = rig.server.hosting_id(0);
    let item_id = first_item(&mut rig, &hosting_id).await;
    let slow = FaultRule::new(Fault::Delay { ms: SLOW_ANSWER_MS }).method(Method::POST);
    rig.server.inject(slow);
    rig.executor
        .run(Command::SendRestore { request_id: 8, order: order(hosting_id.clone(), item_id) });
    for generation in 10..13 {
        rig.executor.run(Command::LoadBackups { hosting_id: hosting_id.clone(), generation });
    }
    assert_eq!(rig.executor.restores_in_flight(), 1);
    let answered = async {
        loop {
            if let Msg::RestoreSent { request_id: 8, result, .. } = next(&mut rig.messages).await {
                return result;
            }
        }
    };
    let result = timeout(ANSWER_TIMEOUT, answered).await.expect("the restore is answered");
    assert!(result.unwrap().progress_id.is_some());
}

#[tokio::test]
async fn hosting_details_answer_one_by_one_under_the_list_generation() {
    let mut rig = rig().await;
    let count = DemoConfig::default().hostings;
    let hosting_ids: Vec<String> = (0..count).map(|index| rig.server.hosting_id(index)).collect();
    let command = Command::LoadHostingDetails { generation: 9, hosting_ids: hosting_ids.clone() };
    rig.executor.run(command);
    let mut answered = Vec::new();
    for _ in &hosting_ids {
        let msg = next(&mut rig.messages).await;
        let Msg::HostingLoaded { hosting_id, generation: 9, result: Ok(hosting) } = msg else {
            panic!("a hosting's details, not {msg:?}");
        };
        assert_eq!(hosting.id, hosting_id);
        answered.push(hosting_id);
    }
    answered.sort();
    let mut asked = hosting_ids;
    asked.sort();
    assert_eq!(answered, asked, "each hosting once");
    assert_eq!(rig.server.count(&Method::GET, "/hostings/"), asked.len());
}

#[tokio::test]
async fn a_full_restore_breakdown_answers_with_its_backup_and_generation() {
    let mut rig = rig().await;
    let hosting_id = rig.server.hosting_id(0);
    rig.executor.run(Command::LoadBackups { hosting_id: hosting_id.clone(), generation: 1 });
    let Msg::BackupsLoaded { result: Ok(backups), .. } = next(&mut rig.messages).await else {
        panic!("the backups did not load");
    };
    let backup_id = backups[0].id.clone();
    let command =
        Command::LoadBreakdown { hosting_id, backup_id: backup_id.clone(), generation: 6 };
    rig.executor.run(command);
    let Msg::BreakdownLoaded { backup_id: answered, generation: 6, result: Ok(groups) } =
        next(&mut rig.messages).await
    else {
        panic!("the breakdown");
    };
    assert_eq!(answered, backup_id);
    assert!(!groups.is_empty());
}
