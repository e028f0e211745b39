//! The demo API's test hooks and knobs: every injectable fault, the seeded failure rate, the
//! added latency, the request log, and shutdown.

mod demo_support;

use std::time::Duration;

use demo_support::{Api, REGION_PATH, REQUEST_TIMEOUT, TOKEN};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::time::Instant;
use whbackup::demo::{DemoConfig, Fault, FaultRule};

#[tokio::test]
async fn a_respond_fault_answers_exactly_what_was_injected() {
    let api = Api::default().await;
    let path = format!("{REGION_PATH}/hostings");
    let body = json!({"type": "quotas_exceeded", "message": "quota"});
    api.server.inject(
        FaultRule::new(Fault::json(403, &body)).method(Method::GET).path_contains("/hostings"),
    );
    api.server.inject(FaultRule::new(Fault::Respond {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: "{\"total_count\": 3, \"hosti".into(),
    }));
    let first = api.http.get(api.url(&path)).header("X-Auth-Token", TOKEN).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::FORBIDDEN);
    assert!(!first.headers().contains_key("x-request-id"), "nothing is added");
    assert_eq!(first.json::<Value>().await.unwrap(), body);
    let second = api.http.get(api.url(&path)).header("X-Auth-Token", TOKEN).send().await.unwrap();
    assert_eq!(second.text().await.unwrap(), "{\"total_count\": 3, \"hosti");
    assert_eq!(api.get_ok(&path).await["total_count"], 5, "both rules are used up");
}

#[tokio::test]
async fn a_dropped_request_gets_no_answer_and_is_not_handled() {
    let api = Api::default().await;
    let backup = api.backups(0).await[0]["id"].as_str().unwrap().to_owned();
    let path = format!("{}/backups/{backup}/restore", api.hosting_path(0));
    api.server.inject(FaultRule::new(Fault::Drop).method(Method::POST));
    let result =
        api.http.post(api.url(&path)).header("X-Auth-Token", TOKEN).body("{}").send().await;
    let error = result.expect_err("no answer");
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(api.server.count(&Method::POST, "/restore"), 1, "the request reached the server");
    let progresses = api.get_ok(&format!("{}/progresses", api.hosting_path(0))).await;
    assert_eq!(progresses["progresses"].as_array().unwrap().len(), 3, "no restore was created");
}

#[tokio::test]
async fn a_request_dropped_after_handling_still_takes_effect() {
    let api = Api::default().await;
    let backup = api.backups(0).await[0]["id"].as_str().unwrap().to_owned();
    let path = format!("{}/backups/{backup}/restore", api.hosting_path(0));
    api.server.inject(FaultRule::new(Fault::DropAfterHandling).path_contains("/restore"));
    let result =
        api.http.post(api.url(&path)).header("X-Auth-Token", TOKEN).body("{}").send().await;
    assert!(result.is_err(), "no answer arrives");
    let progresses = api.get_ok(&format!("{}/progresses", api.hosting_path(0))).await;
    let progresses = progresses["progresses"].as_array().unwrap();
    assert_eq!(progresses.len(), 4, "the restore was created all the same");
    assert_eq!(progresses[0]["status"], "pending");
}

#[tokio::test]
async fn delay_and_hang_faults_hold_the_answer() {
    let api = Api::default().await;
    let path = format!("{REGION_PATH}/hostings");
    let delay_ms = 300;
    api.server.inject(FaultRule::new(Fault::Delay { ms: delay_ms }));
    let started = Instant::now();
    assert_eq!(api.get_ok(&path).await["total_count"], 5);
    assert!(started.elapsed() >= Duration::from_millis(delay_ms));

    api.server.inject(FaultRule::new(Fault::Hang));
    let impatient = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let error = impatient
        .get(api.url(&path))
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .expect_err("hangs");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(api.get_ok(&path).await["total_count"], 5, "the next request is answered");
    let Api { server, .. } = api;
    tokio::time::timeout(REQUEST_TIMEOUT, server.shutdown())
        .await
        .expect("shutdown ends despite the hang");
}

#[tokio::test]
async fn the_fail_rate_answers_seeded_server_errors() {
    let config = DemoConfig { fail_rate: 0.5, seed: 3, ..DemoConfig::default() };
    let first = Api::start(config.clone()).await;
    let second = Api::start(config).await;
    let path = format!("{REGION_PATH}/hostings");
    let mut seen = Vec::new();
    for _ in 0..40 {
        let (status, body) = first.get(&path).await;
        assert_eq!(second.get(&path).await.0, status, "the same seed fails the same requests");
        match status.as_u16() {
            200 => {}
            429 => assert_eq!(body["type"], "too_many_requests"),
            500 | 503 => assert!(body["type"].is_string() && body["message"].is_string()),
            other => panic!("unexpected status {other}"),
        }
        seen.push(status.as_u16());
    }
    for status in [200, 429, 500, 503] {
        assert!(seen.contains(&status), "{status} never answered in {seen:?}");
    }
}

#[tokio::test]
async fn latency_is_added_to_every_answer() {
    let latency_ms = 150;
    let api = Api::start(DemoConfig { latency_ms, ..DemoConfig::default() }).await;
    let started = Instant::now();
    let (status, _) = api.get("/webhosting/v1/regions/nowhere/hostings").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(started.elapsed() >= Duration::from_millis(latency_ms));
}

#[tokio::test]
async fn requests_are_logged_as_sent() {
    let api = Api::default().await;
    let request = api
        .http
        .get(api.url(&format!("{REGION_PATH}/hostings?page=1&statuses=ready&statuses=locked")))
        .header("X-Auth-Token", TOKEN)
        .header("User-Agent", "whbackup/0.1.0")
        .header("Accept", "application/json");
    api.send(request).await;
    api.post(&format!("{}/restore-backup-items", api.hosting_path(0)), "{\"item_ids\": []}").await;

    let log = api.server.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].method, Method::GET);
    assert_eq!(log[0].path, format!("{REGION_PATH}/hostings"));
    assert_eq!(log[0].query.as_deref(), Some("page=1&statuses=ready&statuses=locked"));
    assert_eq!(log[0].user_agent.as_deref(), Some("whbackup/0.1.0"));
    assert_eq!(log[0].accept.as_deref(), Some("application/json"));
    assert_eq!(log[0].content_type, None);
    assert!(log[0].token_valid);
    assert_eq!(log[1].content_type.as_deref(), Some("application/json"));
    assert_eq!(log[1].body, "{\"item_ids\": []}");
    assert_eq!(api.server.count(&Method::POST, "restore-backup-items"), 1);
    assert_eq!(api.server.count(&Method::GET, "restore-backup-items"), 0);
    assert!(!format!("{log:?}").contains(TOKEN), "the token is never stored");
    api.server.clear_requests();
    assert!(api.server.requests().is_empty());
}

#[tokio::test]
async fn a_stopped_server_refuses_connections() {
    let api = Api::default().await;
    let url = api.url(&format!("{REGION_PATH}/hostings"));
    api.get_ok(&format!("{REGION_PATH}/hostings")).await;
    let Api { server, http } = api;
    server.shutdown().await;
    let error = http.get(&url).header("X-Auth-Token", TOKEN).send().await.expect_err("stopped");
    assert!(error.is_connect(), "{error:?}");
}
