//! The client's failures against the demo server over real HTTP: every API error type read
//! from crafted answers, the retry rule (and that a restore is never sent twice), timeouts.

use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::json;
use whbackup::api::{ApiError, Client, ClientOptions, Endpoint, RetryPolicy, SecretKey};
use whbackup::demo::{DemoConfig, DemoServer, Fault, FaultRule};

const TOKEN: &str = "00000000-1111-2222-3333-444444444444";
const RESTORE_PATH: &str = "/restore";
/// Long enough for a loopback answer on a busy machine, short enough for a quick test.
const SHORT_TIMEOUT: Duration = Duration::from_millis(300);

async fn start() -> DemoServer {
    let listen = "127.0.0.1:0".parse().unwrap();
    DemoServer::start(DemoConfig::default(), listen, TOKEN.to_owned()).await.unwrap()
}

fn endpoint(api_url: &str, key: &str) -> Endpoint {
    Endpoint {
        api_url: api_url.to_owned(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(key),
        profile: "work".into(),
        key_source: "the config file".into(),
    }
}

fn quick_options() -> ClientOptions {
    let retry = RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    ClientOptions { request_timeout: Duration::from_secs(10), retry, ..ClientOptions::default() }
}

fn client(server: &DemoServer) -> Client {
    Client::with_options(endpoint(&server.url, TOKEN), quick_options()).unwrap()
}

/// A crafted answer with a JSON content type and a request id.
fn respond(status: u16, body: &str, request_id: &str) -> FaultRule {
    let headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("x-request-id".to_owned(), request_id.to_owned()),
    ];
    FaultRule::new(Fault::Respond { status, headers, body: body.to_owned() })
}

/// A hosting and one of its backups, from the seeded data.
async fn hosting_and_backup(server: &DemoServer, client: &Client) -> (String, String) {
    let hosting_id = server.hosting_id(0);
    let backups = client.list_backups(&hosting_id).await.unwrap();
    (hosting_id, backups[0].id.clone())
}

#[tokio::test]
async fn every_error_type_is_read_with_its_status_and_request_id() {
    let server = start().await;
    let client = client(&server);
    let quota = json!([{ "resource": "restores", "quota": 1, "current": 1 }]);
    let permission = json!([{ "resource": "webhosting", "action": "read" }]);
    // One case a line pair: status, body, the variant, a phrase of its message.
    #[rustfmt::skip]
    let cases = [
        (400, json!({ "type": "invalid_arguments", "details": [{ "argument_name": "page" }] }),
            "InvalidArguments", "arguments (HTTP 400, request id req-0): page"),
        (401, json!({ "type": "denied_authentication", "reason": "not_found" }),
            "DeniedAuthentication", "no such key exists"),
        (403, json!({ "type": "permissions_denied", "details": permission }),
            "PermissionsDenied", "\"read\" on \"webhosting\""),
        (404, json!({ "type": "not_found", "resource": "hosting", "resource_id": "h-0" }),
            "NotFound", "hosting \"h-0\" was not found"),
        (409, json!({ "type": "transient_state", "resource": "hosting", "current_state": "busy" }),
            "TransientState", "hosting is busy (busy)"),
        (412, json!({ "type": "precondition_failed", "precondition": "hosting_not_ready" }),
            "PreconditionFailed", "hosting_not_ready"),
        (403, json!({ "type": "quotas_exceeded", "details": quota }),
            "QuotasExceeded", "restores (quota 1, in use 1)"),
        (423, json!({ "type": "locked", "resource": "hosting", "resource_id": "h-0" }),
            "Locked", "hosting \"h-0\" is locked"),
        (410, json!({ "type": "resource_expired", "resource": "backup", "resource_id": "b-0" }),
            "Expired", "backup \"b-0\" has expired"),
        (409, json!({ "type": "already_exists", "resource": "restore", "message": "running" }),
            "Conflict", "(already_exists)"),
        (429, json!({ "type": "too_many_requests", "reset_seconds": 600 }),
            "RateLimited", "the limit resets in 600 s"),
        (500, json!({ "type": "internal_error", "message": "boom" }),
            "Unexpected", "\"internal_error\" is unknown"),
    ];
    for (index, (status, body, variant, phrase)) in cases.into_iter().enumerate() {
        let request_id = format!("req-{index}");
        server.inject(respond(status, &body.to_string(), &request_id));
        let error = client.get_hosting("h-0").await.unwrap_err();
        assert!(format!("{error:?}").starts_with(variant), "{status} {body}: {error:?}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.request_id(), Some(request_id.as_str()));
        let message = error.to_string();
        assert!(message.contains(phrase), "{phrase:?} not in {message:?}");
        assert!(message.contains(&request_id) && !message.contains(TOKEN), "{message}");
    }
    assert_eq!(server.count(&Method::GET, "/hostings/h-0"), 12, "none of these is retried");
}

#[tokio::test]
async fn a_body_that_is_not_json_keeps_its_first_bytes() {
    let server = start().await;
    let html = format!("<html><body>{}</body></html>", "bad gateway ".repeat(40));
    server.inject(respond(502, &html, "gw-1").times(4));
    let error = client(&server).get_hosting("h-0").await.unwrap_err();
    let ApiError::Unexpected { body_start, .. } = &error else { panic!("{error:?}") };
    assert!(body_start.starts_with("<html><body>bad gateway") && body_start.len() <= 200);
    assert_eq!((error.status(), error.request_id()), (Some(502), Some("gw-1")));
    assert_eq!(server.count(&Method::GET, "/hostings/h-0"), 4, "a GET is tried 4 times");
}

#[tokio::test]
async fn a_wrong_key_names_the_profile_and_where_the_key_came_from() {
    let server = start().await;
    let wrong_key = "99999999-8888-7777-6666-555555555555";
    let client = Client::with_options(endpoint(&server.url, wrong_key), quick_options()).unwrap();
    let error = client.list_hostings().await.unwrap_err();
    assert!(matches!(error, ApiError::DeniedAuthentication { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("profile \"work\" (taken from the config file)"), "{message}");
    assert!(message.contains("SCW_SECRET_KEY"), "{message}");
    assert!(!message.contains(wrong_key) && !format!("{error:?}").contains(wrong_key));
    assert_eq!(server.count(&Method::GET, "/hostings"), 1, "a refusal is not retried");
}

#[tokio::test]
async fn an_unknown_hosting_is_not_found_by_the_demo_server() {
    let server = start().await;
    let error = client(&server).get_hosting("no-such-hosting").await.unwrap_err();
    assert!(matches!(error, ApiError::NotFound { .. }), "{error:?}");
    assert!(error.to_string().contains("no-such-hosting"), "{error}");
    assert!(error.request_id().is_some());
}

#[tokio::test]
async fn a_rate_limit_is_retried_then_succeeds() {
    let server = start().await;
    let client = client(&server);
    let body = json!({ "type": "too_many_requests", "help_message": "slow down" }).to_string();
    server.inject(respond(429, &body, "rl-1").path_contains("/progresses"));
    client.list_recent_progresses(&server.hosting_id(0)).await.unwrap();
    assert_eq!(server.count(&Method::GET, "/progresses"), 2);

    let (hosting_id, backup_id) = hosting_and_backup(&server, &client).await;
    server.inject(respond(429, &body, "rl-2").method(Method::POST));
    let answer = client.restore_backup(&hosting_id, &backup_id).await.unwrap();
    assert!(answer.progress_id.is_some());
    assert_eq!(server.count(&Method::POST, RESTORE_PATH), 2, "a refused POST may be resent");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = start().await;
    let headers = vec![("retry-after".to_owned(), "1".to_owned())];
    let fault = Fault::Respond { status: 429, headers, body: String::new() };
    server.inject(FaultRule::new(fault));
    let started = Instant::now();
    client(&server).list_hostings().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_lasting_rate_limit_says_it_was_retried() {
    let server = start().await;
    let body = json!({ "type": "too_many_requests" }).to_string();
    server.inject(respond(429, &body, "rl").times(10));
    let error = client(&server).list_hostings().await.unwrap_err();
    assert!(matches!(error, ApiError::RateLimited { retries: 3, .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("rate limited") && message.contains("after 3 retries"), "{message}");
}

#[tokio::test]
async fn a_gateway_failure_is_retried_on_get_but_not_on_a_restore() {
    let server = start().await;
    let client = client(&server);
    server.inject(respond(503, "Service Unavailable", "gw").method(Method::GET));
    let (hosting_id, backup_id) = hosting_and_backup(&server, &client).await;
    assert_eq!(server.count(&Method::GET, "/backups"), 2);

    server.inject(respond(503, "Service Unavailable", "gw").method(Method::POST));
    let error = client.restore_backup(&hosting_id, &backup_id).await.unwrap_err();
    assert!(error.may_have_reached_server(), "{error:?}");
    assert_eq!(server.count(&Method::POST, RESTORE_PATH), 1);
}

#[tokio::test]
async fn a_restore_whose_answer_is_lost_is_never_sent_again() {
    let server = start().await;
    let client = client(&server);
    let (hosting_id, backup_id) = hosting_and_backup(&server, &client).await;
    let before = client.list_recent_progresses(&hosting_id).await.unwrap().len();

    server.inject(FaultRule::new(Fault::DropAfterHandling).method(Method::POST));
    let error = client.restore_backup(&hosting_id, &backup_id).await.unwrap_err();
    assert!(matches!(error, ApiError::ConnectionLost { .. }), "{error:?}");
    assert!(error.may_have_reached_server());
    assert!(error.to_string().contains("a restore may have started"), "{error}");
    assert_eq!(server.count(&Method::POST, RESTORE_PATH), 1);
    let after = client.list_recent_progresses(&hosting_id).await.unwrap().len();
    assert_eq!(after, before + 1, "the server did start the restore");
}

#[tokio::test]
async fn a_dropped_get_is_retried() {
    let server = start().await;
    server.inject(FaultRule::new(Fault::Drop).method(Method::GET));
    let hostings = client(&server).list_hostings().await.unwrap();
    assert!(!hostings.is_empty());
    assert_eq!(server.count(&Method::GET, "/hostings"), 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_that_sent_nothing() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::with_options(endpoint(&url, TOKEN), quick_options()).unwrap();
    let error = client.restore_backup("h", "b").await.unwrap_err();
    assert!(matches!(error, ApiError::Connect { .. }), "{error:?}");
    assert!(error.is_retryable() && !error.may_have_reached_server());
    assert!(error.to_string().contains("could not connect to http://127.0.0.1:"), "{error}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = start().await;
    let options = ClientOptions {
        request_timeout: SHORT_TIMEOUT,
        retry: RetryPolicy::never(),
        ..quick_options()
    };
    let client = Client::with_options(endpoint(&server.url, TOKEN), options).unwrap();
    server.inject(FaultRule::new(Fault::Hang).method(Method::GET));
    let started = Instant::now();
    let error = client.list_recent_progresses("h-0").await.unwrap_err();
    assert!(matches!(error, ApiError::Timeout { while_connecting: false, .. }), "{error:?}");
    assert!(error.to_string().contains("did not answer within 0.3 s"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_restore_that_times_out_is_not_resent() {
    let server = start().await;
    let options = ClientOptions { request_timeout: SHORT_TIMEOUT, ..quick_options() };
    let client = Client::with_options(endpoint(&server.url, TOKEN), options).unwrap();
    server.inject(FaultRule::new(Fault::Hang).method(Method::POST).times(4));
    let error = client.restore_backup_items("h-0", &["i-1".into()]).await.unwrap_err();
    assert!(error.may_have_reached_server(), "{error:?}");
    assert!(error.to_string().contains("a restore may have started"), "{error}");
    assert_eq!(server.count(&Method::POST, "/restore-backup-items"), 1);
}

#[tokio::test]
async fn a_redirect_is_not_followed_so_the_key_and_the_restore_stay_put() {
    let server = start().await;
    let elsewhere = start().await;
    let client = client(&server);
    let (hosting_id, backup_id) = hosting_and_backup(&server, &client).await;
    let moved = |status: u16| {
        let location = format!("{}/webhosting/v1/regions/fr-par/hostings", elsewhere.url);
        let headers = vec![("location".to_owned(), location)];
        FaultRule::new(Fault::Respond { status, headers, body: String::new() })
    };

    server.inject(moved(307).method(Method::POST));
    let error = client.restore_backup(&hosting_id, &backup_id).await.unwrap_err();
    assert!(error.to_string().contains("follows no redirect"), "{error}");
    assert!(!error.may_have_reached_server(), "{error:?}");
    server.inject(moved(302).method(Method::GET));
    let error = client.list_hostings().await.unwrap_err();
    assert!(error.to_string().contains(&elsewhere.url), "{error}");

    assert_eq!(server.count(&Method::POST, RESTORE_PATH), 1, "sent once, not resent");
    let reached = elsewhere.count(&Method::GET, "/") + elsewhere.count(&Method::POST, "/");
    assert_eq!(reached, 0, "the other server never saw the key");
}

#[tokio::test]
async fn a_restore_whose_success_answer_is_cut_may_have_started() {
    let server = start().await;
    let client = client(&server);
    let (hosting_id, backup_id) = hosting_and_backup(&server, &client).await;
    let before = client.list_recent_progresses(&hosting_id).await.unwrap().len();

    server.inject(FaultRule::new(Fault::Truncate).method(Method::POST));
    let error = client.restore_backup(&hosting_id, &backup_id).await.unwrap_err();
    assert_eq!(error.status(), Some(200), "{error:?}");
    assert!(error.may_have_reached_server(), "{error:?}");
    assert_eq!(server.count(&Method::POST, RESTORE_PATH), 1);
    let after = client.list_recent_progresses(&hosting_id).await.unwrap().len();
    assert_eq!(after, before + 1, "the server did start the restore");
}
