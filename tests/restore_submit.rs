//! `restore::submit` against a demo API on loopback: the intent is on disk before the one
//! request, the answer after it, and a journal that cannot take the intent stops the
//! restore before anything is sent.

use std::net::SocketAddr;

use axum::http::Method;
use whbackup::api::{Client, Endpoint, SecretKey};
use whbackup::demo::{DemoConfig, DemoServer, Fault, FaultRule};
use whbackup::journal::{self, AsyncJournal, Scope};
use whbackup::restore::{Order, SubmitError, submit};

const TOKEN: &str = "22222222-3333-4444-8555-666666666666";

async fn server() -> (DemoServer, Client) {
    let listen = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = DemoServer::start(DemoConfig::default(), listen, TOKEN.into()).await.unwrap();
    let client = Client::new(Endpoint {
        api_url: server.url.clone(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(TOKEN),
        profile: "ops".into(),
        key_source: "the test".into(),
    })
    .unwrap();
    (server, client)
}

/// A full restore of the newest active backup of the demo's first hosting.
async fn full_order(server: &DemoServer, client: &Client) -> Order {
    let hosting_id = server.hosting_id(0);
    let backups = client.list_backups(&hosting_id).await.unwrap();
    let backup = backups
        .iter()
        .find(|backup| backup.status == whbackup::api::BackupStatus::Active)
        .expect("an active backup");
    Order {
        hosting_id,
        domain: "example.com".into(),
        backup_id: backup.id.clone(),
        backup_created_at: backup.created_at,
        scope: Scope::Full,
    }
}

#[tokio::test]
async fn the_intent_and_the_answer_surround_one_request() {
    let (server, client) = server().await;
    let order = full_order(&server, &client).await;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("journal.jsonl");
    let journal = AsyncJournal::open(path.clone()).await.unwrap();
    server.clear_requests();

    let submitted = submit(&client, &journal, Some("SCWACCESS"), order.clone()).await.unwrap();
    assert_eq!(server.count(&Method::POST, "restore"), 1);
    let entries = journal::read_entries(&path).unwrap();
    let entry = &entries[0];
    assert_eq!(entry.restore, submitted.key);
    assert_eq!(entry.started_at, submitted.started_at);
    assert_eq!(entry.intent.who.profile, "ops");
    assert_eq!(entry.intent.who.access_key.as_deref(), Some("SCWACCESS"));
    assert_eq!(entry.target().backup_id, order.backup_id);
    assert_eq!(entry.target().region, "fr-par");
    assert_eq!(entry.progress_id, submitted.answer.progress_id);
    assert!(!std::fs::read_to_string(&path).unwrap().contains(TOKEN), "no secret on disk");
}

#[tokio::test]
async fn a_failed_request_is_journaled_and_not_resent() {
    let (server, client) = server().await;
    let order = full_order(&server, &client).await;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("journal.jsonl");
    let journal = AsyncJournal::open(path.clone()).await.unwrap();
    server.clear_requests();
    let body = serde_json::json!({"message": "internal error", "type": "internal_error"});
    server.inject(FaultRule::new(Fault::json(503, &body)).method(Method::POST));

    let error = submit(&client, &journal, None, order).await.unwrap_err();
    assert!(matches!(error, SubmitError::Request { .. }), "{error:?}");
    assert!(error.may_have_reached_server(), "a 5xx may have acted");
    assert_eq!(server.count(&Method::POST, "restore"), 1, "sent once, never again");
    let answer = journal::read_entries(&path).unwrap()[0].answer.clone().unwrap();
    assert!(answer.error.is_some() && answer.may_have_reached_server, "{answer:?}");
}

/// `/dev/full` takes the open and refuses every write, as a full disk does.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_journal_that_cannot_take_the_intent_stops_the_restore() {
    let (server, client) = server().await;
    let order = full_order(&server, &client).await;
    let journal = AsyncJournal::open("/dev/full".into()).await.unwrap();
    server.clear_requests();

    let error = submit(&client, &journal, None, order).await.unwrap_err();
    assert!(matches!(error, SubmitError::JournalBeforeSend(_)), "{error:?}");
    assert!(error.to_string().contains("not sent"), "{error}");
    assert!(!error.may_have_reached_server());
    assert_eq!(server.count(&Method::POST, "restore"), 0, "nothing was sent");
}
