//! What the demo API tests share: a server with a client, request helpers, and a bounded
//! wait for a restore to end. Each test crate uses part of it.
// Each test crate uses only some of these helpers.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use whbackup::demo::{DemoConfig, DemoServer};

pub const TOKEN: &str = "11111111-2222-4333-8444-555555555555";
pub const OTHER_TOKEN: &str = "99999999-2222-4333-8444-555555555555";
pub const REGION_PATH: &str = "/webhosting/v1/regions/fr-par";
/// Bound on any single request, so a broken server fails a test instead of hanging it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How far the server's clock moves between two looks at a restore.
pub const CLOCK_STEP: Duration = Duration::from_secs(1);
/// Steps after which a restore must have ended: two restores of at most 30 s each, queued.
pub const MAX_STEPS: u32 = 60;

/// A demo server and a client for it.
pub struct Api {
    pub server: DemoServer,
    pub http: reqwest::Client,
}

impl Api {
    pub async fn start(config: DemoConfig) -> Self {
        let listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let server = DemoServer::start(config, listen, TOKEN.into()).await.expect("server starts");
        let http = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build().unwrap();
        Self { server, http }
    }

    pub async fn default() -> Self {
        Self::start(DemoConfig::default()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    pub fn hosting_path(&self, index: usize) -> String {
        format!("{REGION_PATH}/hostings/{}", self.server.hosting_id(index))
    }

    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("the body arrives");
        let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
        (status, headers, body)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let (status, headers, body) =
            self.send(self.http.get(self.url(path)).header("X-Auth-Token", TOKEN)).await;
        assert!(headers.contains_key("x-request-id"), "no request id on {path}");
        (status, body)
    }

    pub async fn get_ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        body
    }

    pub async fn post(&self, path: &str, body: &str) -> (StatusCode, Value) {
        let request = self
            .http
            .post(self.url(path))
            .header("X-Auth-Token", TOKEN)
            .header("Content-Type", "application/json")
            .body(body.to_owned());
        let (status, _, body) = self.send(request).await;
        (status, body)
    }

    /// The backups of hosting `index`, newest first (first page of 100).
    pub async fn backups(&self, index: usize) -> Vec<Value> {
        let body =
            self.get_ok(&format!("{}/backups?page_size=100", self.hosting_path(index))).await;
        body["backups"].as_array().unwrap().clone()
    }

    pub async fn items(&self, index: usize, backup_id: &str) -> Value {
        let path = format!("{}/backup-items?backup_id={backup_id}", self.hosting_path(index));
        self.get_ok(&path).await
    }

    pub async fn progress(&self, index: usize, progress_id: &str) -> Value {
        self.get_ok(&format!("{}/progresses/{progress_id}", self.hosting_path(index))).await
    }
}

/// The items of `kind` in a ListBackupItems or GetProgress answer.
pub fn group<'a>(groups: &'a Value, kind: &str) -> &'a Vec<Value> {
    let groups = groups.as_array().unwrap();
    let found = groups.iter().find(|group| group["type"] == kind);
    found.unwrap_or_else(|| panic!("no {kind} group")).get("items").unwrap().as_array().unwrap()
}

pub fn keys(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// Asks for a full restore of `backup` of hosting `hosting`; returns the progress id.
pub async fn restore_backup(api: &Api, hosting: usize, backup: &Value) -> String {
    let path =
        format!("{}/backups/{}/restore", api.hosting_path(hosting), backup["id"].as_str().unwrap());
    let (status, answer) = api.post(&path, "{}").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["progress_id"].as_str().unwrap().to_owned()
}

/// Reads GetProgress, moving the server's clock a step after each read, until it is final;
/// returns every status seen and whether the backup read `restoring` on each read made
/// while the restore ran.
pub async fn watch_restore(
    api: &Api,
    hosting: usize,
    progress_id: &str,
    backup_id: &str,
) -> (Vec<String>, Vec<bool>) {
    let backup_path = format!("{}/backups/{backup_id}", api.hosting_path(hosting));
    let (mut statuses, mut restoring) = (Vec::new(), Vec::new());
    for _ in 0..MAX_STEPS {
        let backup = api.get_ok(&backup_path).await;
        let progress = api.progress(hosting, progress_id).await;
        let status = progress["status"].as_str().unwrap().to_owned();
        let running = status == "pending" || status == "processing";
        if running {
            restoring.push(backup["status"] == "restoring");
        }
        if statuses.last() != Some(&status) {
            statuses.push(status);
        }
        if !running {
            return (statuses, restoring);
        }
        api.server.advance_clock(CLOCK_STEP);
    }
    panic!("the restore did not end within {MAX_STEPS} s; statuses seen: {statuses:?}");
}
