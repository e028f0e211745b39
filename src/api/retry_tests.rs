//! The retry rule, the back-off and the loop, without a network.

use std::cell::Cell;

use super::*;
use crate::api::error::ResponseInfo;

fn response(status: u16) -> ResponseInfo {
    ResponseInfo { status, ..ResponseInfo::default() }
}

fn rate_limited(reset_secs: Option<u64>) -> ApiError {
    ApiError::RateLimited {
        help_message: String::new(),
        reset_secs,
        retries: 0,
        response: Box::new(response(429)),
    }
}

fn server_failure(status: u16) -> ApiError {
    ApiError::Unexpected {
        problem: "its body is not a JSON object".into(),
        body_start: "Bad Gateway".into(),
        response: Box::new(response(status)),
    }
}

fn lost() -> ApiError {
    ApiError::ConnectionLost { method: "X".into(), path: "/p".into(), detail: "reset".into() }
}

fn refused() -> ApiError {
    ApiError::Connect { target: "http://127.0.0.1:1".into(), detail: "refused".into() }
}

fn timeout(while_connecting: bool) -> ApiError {
    ApiError::Timeout { method: "X".into(), path: "/p".into(), timeout_ms: 1, while_connecting }
}

fn not_found() -> ApiError {
    ApiError::NotFound {
        resource: "hosting".into(),
        resource_id: "h1".into(),
        response: Box::new(response(404)),
    }
}

fn retries(method: &Method, error: &ApiError) -> bool {
    matches!(RetryPolicy::default().decide(method, error, 1, 0.5), Decision::RetryAfter(_))
}

#[test]
fn rate_limits_are_retried_on_every_method() {
    assert!(retries(&Method::GET, &rate_limited(None)));
    assert!(retries(&Method::POST, &rate_limited(None)));
}

#[test]
fn gateway_failures_and_lost_connections_are_retried_on_get_only() {
    for error in [server_failure(502), server_failure(503), server_failure(504), lost()] {
        assert!(retries(&Method::GET, &error), "{error:?}");
        assert!(!retries(&Method::POST, &error), "a restore could run twice: {error:?}");
    }
    assert!(retries(&Method::GET, &timeout(false)));
    assert!(!retries(&Method::POST, &timeout(false)));
}

#[test]
fn connection_failures_are_retried_on_get_only() {
    for error in [refused(), timeout(true)] {
        assert!(retries(&Method::GET, &error), "{error:?}");
        assert!(!retries(&Method::POST, &error), "{error:?}");
    }
}

#[test]
fn a_get_that_timed_out_is_sent_once_more_at_most() {
    let policy = RetryPolicy::default();
    let error = timeout(false);
    assert!(matches!(policy.decide(&Method::GET, &error, 1, 0.0), Decision::RetryAfter(_)));
    assert_eq!(policy.decide(&Method::GET, &error, TIMEOUT_MAX_ATTEMPTS, 0.0), Decision::GiveUp);
    let connect = timeout(true);
    assert!(matches!(
        policy.decide(&Method::GET, &connect, TIMEOUT_MAX_ATTEMPTS, 0.0),
        Decision::RetryAfter(_)
    ));
}

#[test]
fn refusals_and_other_server_failures_are_not_retried() {
    for error in [not_found(), server_failure(500), server_failure(501)] {
        assert!(!retries(&Method::GET, &error), "{error:?}");
    }
}

#[test]
fn attempts_are_capped() {
    let policy = RetryPolicy::default();
    let error = rate_limited(None);
    assert!(matches!(policy.decide(&Method::GET, &error, 3, 0.0), Decision::RetryAfter(_)));
    assert_eq!(policy.decide(&Method::GET, &error, DEFAULT_MAX_ATTEMPTS, 0.0), Decision::GiveUp);
    assert_eq!(RetryPolicy::never().decide(&Method::GET, &error, 1, 0.0), Decision::GiveUp);
}

#[test]
fn backoff_doubles_up_to_the_cap_and_jitter_spreads_the_upper_half() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.backoff(1, 1.0), DEFAULT_BASE_DELAY);
    assert_eq!(policy.backoff(2, 1.0), DEFAULT_BASE_DELAY * 2);
    assert_eq!(policy.backoff(3, 0.0), DEFAULT_BASE_DELAY * 2);
    assert_eq!(policy.backoff(40, 1.0), DEFAULT_MAX_DELAY);
    assert_eq!(policy.backoff(u32::MAX, 1.0), DEFAULT_MAX_DELAY);
    let low = policy.backoff(2, 0.0);
    let high = policy.backoff(2, 0.999);
    assert!(low < high && high <= DEFAULT_BASE_DELAY * 2, "{low:?} {high:?}");
}

#[test]
fn the_servers_hint_sets_the_least_wait_and_a_long_one_gives_up() {
    let policy = RetryPolicy::default();
    let hinted = policy.decide(&Method::GET, &rate_limited(Some(3)), 1, 0.0);
    assert_eq!(hinted, Decision::RetryAfter(Duration::from_secs(3)));

    let mut with_header = server_failure(503);
    if let ApiError::Unexpected { response, .. } = &mut with_header {
        response.retry_after_secs = Some(2);
    }
    let from_header = policy.decide(&Method::GET, &with_header, 1, 0.0);
    assert_eq!(from_header, Decision::RetryAfter(Duration::from_secs(2)));

    let too_long = rate_limited(Some(DEFAULT_LONGEST_HINTED_WAIT.as_secs() + 1));
    assert_eq!(policy.decide(&Method::GET, &too_long, 1, 0.0), Decision::GiveUp);
}

fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        ..RetryPolicy::default()
    }
}

#[tokio::test]
async fn the_loop_retries_until_success() {
    let calls = Cell::new(0);
    let answer = with_retries(&quick_policy(), &Method::GET, |attempt| {
        calls.set(calls.get() + 1);
        async move { if attempt < 3 { Err(server_failure(503)) } else { Ok(attempt) } }
    })
    .await;
    assert_eq!(answer.unwrap(), 3);
    assert_eq!(calls.get(), 3);
}

#[tokio::test]
async fn the_loop_gives_up_with_the_retry_count_in_the_error() {
    let calls = Cell::new(0);
    let answer: Result<(), _> = with_retries(&quick_policy(), &Method::POST, |_| {
        calls.set(calls.get() + 1);
        async { Err(rate_limited(None)) }
    })
    .await;
    let error = answer.unwrap_err();
    assert_eq!(calls.get(), DEFAULT_MAX_ATTEMPTS);
    assert!(matches!(error, ApiError::RateLimited { retries: 3, .. }), "{error:?}");
    assert!(error.to_string().contains("after 3 retries"), "{error}");
}

#[tokio::test]
async fn the_loop_never_resends_a_post_that_may_have_arrived() {
    let calls = Cell::new(0);
    let answer: Result<(), _> = with_retries(&quick_policy(), &Method::POST, |_| {
        calls.set(calls.get() + 1);
        async { Err(lost()) }
    })
    .await;
    assert!(answer.unwrap_err().may_have_reached_server());
    assert_eq!(calls.get(), 1);
}
