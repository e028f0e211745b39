//! The client against the demo server over real HTTP on 127.0.0.1: every call, the headers
//! and queries it sends, paging (real and crafted), tolerant decoding and the URL guard.

use std::time::Duration;

use axum::http::Method;
use serde_json::{Value, json};
use whbackup::api::{
    ApiError, Backup, BackupStatus, Client, ClientOptions, Endpoint, HostingFilter, HostingStatus,
    ItemType, ProgressStatus, RetryPolicy, SecretKey, USER_AGENT,
};
use whbackup::demo::{DemoConfig, DemoServer, Fault, FaultRule};

const TOKEN: &str = "00000000-1111-2222-3333-444444444444";
const JSON: &str = "application/json";

async fn start(config: DemoConfig) -> DemoServer {
    let listen = "127.0.0.1:0".parse().unwrap();
    DemoServer::start(config, listen, TOKEN.to_owned()).await.unwrap()
}

fn endpoint(api_url: &str) -> Endpoint {
    Endpoint {
        api_url: api_url.to_owned(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(TOKEN),
        profile: "test".into(),
        key_source: "the test".into(),
    }
}

fn client(server: &DemoServer) -> Client {
    let retry = RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    let options = ClientOptions {
        request_timeout: Duration::from_secs(10),
        retry,
        ..ClientOptions::default()
    };
    Client::with_options(endpoint(&server.url), options).unwrap()
}

/// Serves one crafted page of `ListHostings` to the next matching request.
fn crafted_page(server: &DemoServer, ids: &[&str], total_count: u64) {
    let hostings: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    let body = json!({ "total_count": total_count, "hostings": hostings });
    server.inject(FaultRule::new(Fault::json(200, &body)).path_contains("/hostings"));
}

#[tokio::test]
async fn every_call_works_against_the_demo_server() {
    let server = start(DemoConfig::default()).await;
    let client = client(&server);

    let hostings = client.list_hostings().await.unwrap();
    assert!(hostings.len() >= 5, "{} hostings", hostings.len());
    let hosting_id = server.hosting_id(0);
    let hosting = client.get_hosting(&hosting_id).await.unwrap();
    assert_eq!(hosting.id, hosting_id);
    assert!(hosting.offer.is_some(), "GetHosting fills the full fields");

    let backups = client.list_backups(&hosting_id).await.unwrap();
    assert!(backups.len() > 1);
    assert!(backups.windows(2).all(|pair| pair[0].created_at >= pair[1].created_at));
    let backup = client.get_backup(&hosting_id, &backups[0].id).await.unwrap();
    assert_eq!(backup.id, backups[0].id);

    let groups = client.list_backup_items(&hosting_id, &backup.id).await.unwrap();
    let item =
        groups.iter().flat_map(|group| &group.items).find(|item| item.item_type == ItemType::Db);
    let item_ids = vec![item.expect("a database item").id.clone()];
    let answer = client.restore_backup_items(&hosting_id, &item_ids).await.unwrap();
    let progress_id = answer.progress_id.expect("a progress id");

    let recent = client.list_recent_progresses(&hosting_id).await.unwrap();
    assert!(recent.iter().any(|summary| summary.id == progress_id));
    let progress = client.get_progress(&hosting_id, &progress_id).await.unwrap();
    assert_eq!(progress.id, progress_id);
    assert!(progress.status.is_running(), "a restore just sent takes seconds: {progress:?}");
    let restored: Vec<&str> = progress
        .backup_item_groups
        .iter()
        .flat_map(|group| &group.items)
        .map(|item| item.id.as_str())
        .collect();
    assert_eq!(restored, [item_ids[0].as_str()], "the progress names the item restored");

    let full = client.restore_backup(&hosting_id, &backups[1].id).await.unwrap();
    assert!(full.progress_id.is_some_and(|id| id != progress_id));
}

#[tokio::test]
async fn the_as_forms_give_the_objects_as_sent() {
    let server = start(DemoConfig::default()).await;
    let client = client(&server);
    let hosting_id = server.hosting_id(0);

    let typed = client.list_hostings().await.unwrap();
    let raw = client.list_hostings_as::<Value>().await.unwrap();
    let raw_ids: Vec<&str> = raw.iter().map(|hosting| hosting["id"].as_str().unwrap()).collect();
    let typed_ids: Vec<&str> = typed.iter().map(|hosting| hosting.id.as_str()).collect();
    assert_eq!(raw_ids, typed_ids);

    let backups = client.list_backups_as::<Value>(&hosting_id).await.unwrap();
    let backup_id = backups[0]["id"].as_str().unwrap();
    let backup = client.get_backup_as::<Value>(&hosting_id, backup_id).await.unwrap();
    assert_eq!(backup, backups[0]);
    let hosting = client.get_hosting_as::<Value>(&hosting_id).await.unwrap();
    assert_eq!(hosting["id"], hosting_id.as_str());
    let groups = client.list_backup_items_as::<Value>(&hosting_id, backup_id).await.unwrap();
    assert!(groups.iter().all(|group| group["items"].is_array()));

    let ids = vec![groups[0]["items"][0]["id"].as_str().unwrap().to_owned()];
    let progress_id = client.restore_backup_items(&hosting_id, &ids).await.unwrap().progress_id;
    let progress_id = progress_id.unwrap();
    let recent = client.list_recent_progresses_as::<Value>(&hosting_id).await.unwrap();
    assert!(recent.iter().any(|summary| summary["id"] == progress_id.as_str()));
    let progress = client.get_progress_as::<Value>(&hosting_id, &progress_id).await.unwrap();
    assert_eq!(progress["id"], progress_id.as_str());
}

#[tokio::test]
async fn requests_carry_the_region_the_headers_and_repeated_query_keys() {
    let server = start(DemoConfig::default()).await;
    let client = client(&server);
    let hosting_id = server.hosting_id(0);
    let filter = HostingFilter {
        statuses: vec![HostingStatus::Ready, HostingStatus::Locked],
        ..HostingFilter::default()
    };
    client.list_hostings_filtered_as::<Value>(&filter).await.unwrap();
    let backup = client.list_backups(&hosting_id).await.unwrap().remove(0);
    client.list_backup_items(&hosting_id, &backup.id).await.unwrap();
    client.restore_backup(&hosting_id, &backup.id).await.unwrap();
    client.restore_backup_items(&hosting_id, &["i-1".into(), "i-2".into()]).await.ok();

    let log = server.requests();
    assert_eq!(log.len(), 5, "{log:#?}");
    let prefix = "/webhosting/v1/regions/fr-par/hostings";
    for record in &log {
        assert!(record.path.starts_with(prefix), "{}", record.path);
        assert!(record.token_valid);
        assert_eq!(record.user_agent.as_deref(), Some(USER_AGENT));
        assert_eq!(record.accept.as_deref(), Some(JSON));
        let is_post = record.method == Method::POST;
        assert_eq!(record.content_type.as_deref(), is_post.then_some(JSON), "{record:?}");
    }
    let list = log[0].query.as_deref().unwrap();
    assert!(list.contains("statuses=ready&statuses=locked"), "{list}");
    assert!(list.contains("page=1") && list.contains("page_size=100"), "{list}");
    assert_eq!(log[2].path, format!("{prefix}/{hosting_id}/backup-items"));
    assert_eq!(log[2].query.as_deref(), Some(format!("backup_id={}", backup.id).as_str()));
    assert_eq!(log[3].path, format!("{prefix}/{hosting_id}/backups/{}/restore", backup.id));
    assert_eq!(log[3].body, "{}");
    assert_eq!(log[4].path, format!("{prefix}/{hosting_id}/restore-backup-items"));
    let body: Value = serde_json::from_str(&log[4].body).unwrap();
    assert_eq!(body, json!({ "item_ids": ["i-1", "i-2"] }));
}

#[tokio::test]
async fn long_lists_are_read_page_by_page() {
    let server = start(DemoConfig { hostings: 250, ..DemoConfig::default() }).await;
    let hostings = client(&server).list_hostings().await.unwrap();
    assert_eq!(hostings.len(), 250);
    let mut ids: Vec<&str> = hostings.iter().map(|hosting| hosting.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 250);

    let mut pages: Vec<String> =
        server.requests().iter().map(|record| record.query.clone().unwrap_or_default()).collect();
    pages.sort();
    assert_eq!(pages, ["page=1&page_size=100", "page=2&page_size=100", "page=3&page_size=100"]);
}

#[tokio::test]
async fn a_repeated_page_ends_the_listing_without_duplicates() {
    let server = start(DemoConfig::default()).await;
    for _ in 0..3 {
        crafted_page(&server, &["h-a", "h-b"], 250);
    }
    let hostings = client(&server).list_hostings().await.unwrap();
    let ids: Vec<&str> = hostings.iter().map(|hosting| hosting.id.as_str()).collect();
    assert_eq!(ids, ["h-a", "h-b"]);
    assert!(server.requests().len() <= 3);
}

#[tokio::test]
async fn short_pages_are_followed_until_the_total() {
    let server = start(DemoConfig::default()).await;
    crafted_page(&server, &["h-a", "h-b"], 5);
    crafted_page(&server, &["h-c", "h-d"], 5);
    crafted_page(&server, &["h-e"], 5);
    let hostings = client(&server).list_hostings().await.unwrap();
    let ids: Vec<&str> = hostings.iter().map(|hosting| hosting.id.as_str()).collect();
    assert_eq!(ids, ["h-a", "h-b", "h-c", "h-d", "h-e"]);
    assert_eq!(server.count(&Method::GET, "/hostings"), 3);
}

#[tokio::test]
async fn unknown_values_missing_fields_and_empty_answers_decode() {
    let server = start(DemoConfig::default()).await;
    let client = client(&server);
    let backup = json!({ "id": "b-1", "status": "hibernating", "created_at": null });
    server.inject(FaultRule::new(Fault::json(200, &backup)).path_contains("/backups/b-1"));
    let decoded: Backup = client.get_backup("h-1", "b-1").await.unwrap();
    assert_eq!(decoded.status, BackupStatus::Other("hibernating".into()));
    assert_eq!((decoded.created_at, decoded.size, decoded.total_items), (None, 0, 0));

    let progress = json!({ "id": "p-1", "status": "queued", "backup_item_groups": [
        { "type": "calendar", "items": [{ "id": "c-1" }] } ] });
    server.inject(FaultRule::new(Fault::json(200, &progress)).path_contains("/progresses/p-1"));
    let decoded = client.get_progress("h-1", "p-1").await.unwrap();
    assert_eq!(decoded.status, ProgressStatus::Other("queued".into()));
    assert_eq!(decoded.backup_item_groups[0].item_type, ItemType::Other("calendar".into()));

    server.inject(FaultRule::new(Fault::json(200, &json!({}))).method(Method::POST));
    let answer = client.restore_backup("h-1", "b-1").await.unwrap();
    assert_eq!(answer.progress_id, None);

    let statuses = [
        json!({ "id": "h-9", "status": "payment_failed" }),
        json!({ "id": "h-8", "status": "sleeping" }),
    ];
    let hostings = json!({ "hostings": statuses });
    server.inject(FaultRule::new(Fault::json(200, &hostings)).path_contains("/hostings"));
    server.inject(FaultRule::new(Fault::json(200, &json!({}))).path_contains("/hostings"));
    let listed = client.list_hostings().await.unwrap();
    assert_eq!(listed[0].status, HostingStatus::PaymentFailed);
    assert_eq!(listed[1].status, HostingStatus::Other("sleeping".into()));
}

#[tokio::test]
async fn plain_http_off_this_machine_is_refused_before_anything_is_sent() {
    let server = start(DemoConfig::default()).await;
    let port = server.url.rsplit(':').next().unwrap();
    // 0.0.0.0 reaches this machine's listeners, yet it is not a loopback address.
    for url in [format!("http://0.0.0.0:{port}"), format!("http://example.com:{port}")] {
        let error = Client::new(endpoint(&url)).unwrap_err();
        assert!(matches!(error, ApiError::InsecureUrl { .. }), "{error:?}");
        assert!(error.to_string().contains("refusing to send the secret key"), "{error}");
    }
    let trailing = Client::new(endpoint(&format!("{}/", server.url))).unwrap();
    trailing.list_hostings().await.unwrap();
    let log = server.requests();
    assert_eq!(log.len(), 1, "only the loopback client's call arrived: {log:#?}");
    assert!(log[0].path.starts_with("/webhosting/"), "{}", log[0].path);
}
