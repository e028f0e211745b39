//! The dashboard's executor against a real demo server on loopback: each command's task
//! answers with the message naming what it answers, a restore is posted exactly once (also
//! when it fails), and watch requests reach the poller's channel.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::Method;
use tokio::sync::mpsc;
use tokio::time::timeout;
use whbackup::api::{Client, Endpoint, SecretKey};
use whbackup::demo::{DemoConfig, DemoServer, Fault, FaultRule};
use whbackup::tui::executor::Executor;
use whbackup::tui::msg::{Command, Msg, RestoreTarget};
use whbackup::tui::poller::Watch;

const TOKEN: &str = "11111111-2222-4333-8444-555555555555";
/// How long one answer may take from the demo server on loopback.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
const CHANNEL_CAPACITY: usize = 16;

struct Rig {
    server: DemoServer,
    executor: Executor,
    messages: mpsc::Receiver<Msg>,
    watches: mpsc::Receiver<Watch>,
}

async fn rig() -> Rig {
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
    let executor = Executor::new(client, message_tx, watch_tx);
    Rig { server, executor, messages, watches }
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

    let target = RestoreTarget::Items { item_ids: vec![item_id] };
    rig.executor.run(Command::SendRestore { request_id: 21, hosting_id, target });
    let Msg::RestoreSent { request_id, result } = next(&mut rig.messages).await else {
        panic!("expected the restore's answer");
    };
    assert_eq!(request_id, 21);
    assert!(result.unwrap().progress_id.is_some());
    assert_eq!(rig.server.count(&Method::POST, "restore"), 1);
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

    let target = RestoreTarget::Items { item_ids: vec![item_id] };
    rig.executor.run(Command::SendRestore { request_id: 5, hosting_id, target });
    let Msg::RestoreSent { request_id: 5, result: Err(_) } = next(&mut rig.messages).await else {
        panic!("expected the restore to fail");
    };
    assert_eq!(rig.server.count(&Method::POST, "restore"), 1, "a restore POST is never resent");
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
