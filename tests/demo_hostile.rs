//! The demo API's hostile-network knobs, each met over HTTP: latency jitter, 429 bursts,
//! malformed answers, dropped connections, hung requests and huge answers, and the same
//! faults again for the same seed.

mod demo_support;

use std::time::Duration;

use demo_support::{Api, REGION_PATH, REQUEST_TIMEOUT, TOKEN};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::Value;
use tokio::time::Instant;
use whbackup::api::ListHostingsResponse;
use whbackup::demo::{Burst429, DemoConfig, Fault, FaultRule};

/// How long a client waits before it calls a request hung.
const HANG_TIMEOUT: Duration = Duration::from_millis(800);
const MIB: usize = 1024 * 1024;

/// An answer as the client saw it, or `None` when none came.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    status: StatusCode,
    content_type: String,
    request_id: Option<String>,
    body: String,
}

async fn fetch(http: &reqwest::Client, url: &str) -> Result<Seen, reqwest::Error> {
    let response = http.get(url).header("X-Auth-Token", TOKEN).send().await?;
    let status = response.status();
    let header = |headers: &HeaderMap, name: &str| {
        headers.get(name).map(|value| value.to_str().unwrap().to_owned())
    };
    let content_type = header(response.headers(), CONTENT_TYPE.as_str()).unwrap_or_default();
    let request_id = header(response.headers(), "x-request-id");
    let body = response.text().await?;
    Ok(Seen { status, content_type, request_id, body })
}

fn impatient_client() -> reqwest::Client {
    reqwest::Client::builder().timeout(HANG_TIMEOUT).build().unwrap()
}

fn hostings_path() -> String {
    format!("{REGION_PATH}/hostings")
}

/// The faults the server logged, oldest first.
fn logged_faults(api: &Api) -> Vec<Option<Fault>> {
    api.server.requests().into_iter().map(|record| record.fault).collect()
}

#[tokio::test]
async fn latency_jitter_varies_per_request_and_repeats_with_the_seed() {
    let config = DemoConfig { latency_ms: 20, latency_jitter_ms: 80, ..DemoConfig::default() };
    let first = Api::start(config.clone()).await;
    let second = Api::start(config.clone()).await;
    let other_seed = Api::start(DemoConfig { seed: 2, ..config }).await;
    for api in [&first, &second, &other_seed] {
        for _ in 0..8 {
            let started = Instant::now();
            api.get_ok(&hostings_path()).await;
            let added_ms = api.server.requests().last().unwrap().latency_ms;
            assert!(started.elapsed() >= Duration::from_millis(added_ms));
        }
    }

    let latencies =
        |api: &Api| api.server.requests().iter().map(|r| r.latency_ms).collect::<Vec<_>>();
    let seen = latencies(&first);
    assert!(seen.iter().all(|ms| (20..=100).contains(ms)), "{seen:?}");
    assert!(seen.iter().any(|ms| *ms != seen[0]), "the jitter varies: {seen:?}");
    assert_eq!(latencies(&second), seen, "the same seed gives the same latencies");
    assert_ne!(latencies(&other_seed), seen, "another seed gives others");
}

#[tokio::test]
async fn bursts_of_429_follow_the_request_count() {
    let burst = Burst429 { after: 3, count: 2 };
    let api = Api::start(DemoConfig { burst_429: Some(burst), ..DemoConfig::default() }).await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let (status, body) = api.get(&hostings_path()).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(body["type"], "too_many_requests");
        }
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429, 200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn malformed_answers_are_cut_json_or_html_pages() {
    let api =
        Api::start(DemoConfig { malformed_rate: 0.6, seed: 5, ..DemoConfig::default() }).await;
    let url = api.url(&hostings_path());
    let mut seen = Vec::new();
    for _ in 0..30 {
        seen.push(fetch(&api.http, &url).await.expect("malformed answers still arrive"));
    }
    let faults = logged_faults(&api);
    let clean = seen.iter().zip(&faults).find(|(_, fault)| fault.is_none()).unwrap().0;
    assert_eq!(serde_json::from_str::<Value>(&clean.body).unwrap()["total_count"], 5);

    let (mut cut, mut gateway, mut portal) = (0, 0, 0);
    for (answer, fault) in seen.iter().zip(&faults) {
        assert!(answer.request_id.is_some(), "{answer:?}");
        let is_json = serde_json::from_str::<Value>(&answer.body).is_ok();
        assert_eq!(is_json, fault.is_none(), "{answer:?} after {fault:?}");
        if fault.is_none() {
            continue;
        }
        match (answer.status.as_u16(), answer.content_type.as_str()) {
            (200, "application/json") => {
                assert_eq!(answer.body, clean.body[..clean.body.len() / 2]);
                cut += 1;
            }
            (502, html) if html.starts_with("text/html") => {
                assert!(answer.body.contains("502 Bad Gateway"));
                gateway += 1;
            }
            (200, html) if html.starts_with("text/html") => portal += 1,
            other => panic!("unexpected malformed answer {other:?}"),
        }
    }
    assert!(cut > 0 && gateway > 0 && portal > 0, "cut {cut}, gateway {gateway}, portal {portal}");
}

#[tokio::test]
async fn a_cut_restore_answer_still_creates_the_restore() {
    let api = Api::default().await;
    let backup = api.backups(0).await[0]["id"].as_str().unwrap().to_owned();
    let path = format!("{}/backups/{backup}/restore", api.hosting_path(0));
    api.server.inject(FaultRule::new(Fault::Truncate).path_contains("/restore"));
    let response =
        api.http.post(api.url(&path)).header("X-Auth-Token", TOKEN).body("{}").send().await;
    let response = response.expect("a cut answer still arrives");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    assert!(
        body.starts_with("{\"progress_id\":\"") && serde_json::from_str::<Value>(&body).is_err()
    );
    let progresses = api.get_ok(&format!("{}/progresses", api.hosting_path(0))).await;
    assert_eq!(progresses["progresses"].as_array().unwrap().len(), 4, "the restore was created");
}

#[tokio::test]
async fn the_drop_rate_closes_connections_without_an_answer() {
    let api = Api::start(DemoConfig { drop_rate: 0.5, seed: 4, ..DemoConfig::default() }).await;
    let url = api.url(&hostings_path());
    let mut answered = Vec::new();
    for _ in 0..16 {
        match fetch(&api.http, &url).await {
            Ok(seen) => answered.push(seen.status == StatusCode::OK),
            Err(error) => {
                assert!(!error.is_timeout(), "{error:?}");
                answered.push(false);
            }
        }
    }
    let faults = logged_faults(&api);
    assert_eq!(faults.len(), 16, "no request was sent twice");
    for (ok, fault) in answered.iter().zip(&faults) {
        assert_eq!(*ok, fault.is_none(), "{fault:?}");
    }
    for kind in [Fault::Drop, Fault::DropAfterHandling] {
        assert!(faults.contains(&Some(kind.clone())), "no {kind:?} in {faults:?}");
    }
}

#[tokio::test]
async fn the_hang_rate_leaves_requests_unanswered() {
    let api = Api::start(DemoConfig { hang_rate: 0.5, seed: 6, ..DemoConfig::default() }).await;
    let impatient = impatient_client();
    let url = api.url(&hostings_path());
    let mut timed_out = Vec::new();
    for _ in 0..8 {
        match fetch(&impatient, &url).await {
            Ok(seen) => {
                assert_eq!(seen.status, StatusCode::OK);
                timed_out.push(false);
            }
            Err(error) => {
                assert!(error.is_timeout(), "{error:?}");
                timed_out.push(true);
            }
        }
    }
    let hung: Vec<bool> =
        logged_faults(&api).iter().map(|fault| *fault == Some(Fault::Hang)).collect();
    assert_eq!(timed_out, hung);
    assert!(hung.contains(&true) && hung.contains(&false), "{hung:?}");
    let Api { server, .. } = api;
    tokio::time::timeout(REQUEST_TIMEOUT, server.shutdown()).await.expect("shutdown ends");
}

#[tokio::test]
async fn huge_answers_are_valid_json_of_the_size_asked() {
    let huge_response_mb = 5;
    let api = Api::start(DemoConfig { huge_response_mb, ..DemoConfig::default() }).await;
    let response =
        api.http.get(api.url(&hostings_path())).header("X-Auth-Token", TOKEN).send().await;
    let response = response.unwrap();
    assert_eq!(response.content_length(), Some(5 * MIB as u64));
    let text = response.text().await.unwrap();
    assert_eq!(text.len(), 5 * MIB);
    let decoded: ListHostingsResponse = serde_json::from_str(&text).unwrap();
    assert_eq!((decoded.total_count, decoded.hostings.len()), (5, 5));
    assert!(!decoded.hostings[0].id.is_empty());

    let backup = api.backups(0).await[0]["id"].as_str().unwrap().to_owned();
    let items_path = format!("{}/backup-items?backup_id={backup}", api.hosting_path(0));
    let items = fetch(&api.http, &api.url(&items_path)).await.unwrap();
    assert_eq!(items.body.len(), 5 * MIB);
    let items: Value = serde_json::from_str(&items.body).unwrap();
    assert!(!items["groups"].as_array().unwrap().is_empty());
    assert!(items["padding"].is_string());

    let hosting = fetch(&api.http, &api.url(&api.hosting_path(0))).await.unwrap();
    assert!(hosting.body.len() < MIB, "other calls keep their size");
    let (status, error) = api.get("/webhosting/v1/regions/nowhere/hostings").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error.get("padding").is_none(), "errors keep their size");
}

/// The outcome of one request: its status, or `None` when no answer came.
async fn outcomes(api: &Api, count: usize) -> Vec<Option<u16>> {
    let impatient = impatient_client();
    let url = api.url(&hostings_path());
    let mut outcomes = Vec::new();
    for _ in 0..count {
        outcomes.push(fetch(&impatient, &url).await.ok().map(|seen| seen.status.as_u16()));
    }
    outcomes
}

#[tokio::test]
async fn the_same_seed_meets_the_same_faults_and_another_seed_others() {
    let config = DemoConfig {
        seed: 9,
        burst_429: Some(Burst429 { after: 9, count: 1 }),
        drop_rate: 0.1,
        hang_rate: 0.05,
        malformed_rate: 0.15,
        fail_rate: 0.1,
        ..DemoConfig::default()
    };
    let first = Api::start(config.clone()).await;
    let second = Api::start(config.clone()).await;
    let other = Api::start(DemoConfig { seed: 10, ..config }).await;
    let requests = 30;

    let seen = outcomes(&first, requests).await;
    assert_eq!(outcomes(&second, requests).await, seen);
    assert_eq!(logged_faults(&second), logged_faults(&first));
    outcomes(&other, requests).await;
    let kinds =
        |api: &Api| logged_faults(api).into_iter().map(|fault| fault.is_some()).collect::<Vec<_>>();
    assert_ne!(kinds(&other), kinds(&first), "another seed meets other faults");
    assert!(seen.contains(&None) && seen.contains(&Some(200)), "{seen:?}");
    assert!(seen.contains(&Some(429)), "{seen:?}");
}
