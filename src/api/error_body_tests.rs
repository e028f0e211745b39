//! Every error type of the API read from (status, headers, body), and what each message says.

use reqwest::header::HeaderValue;
use serde_json::json;

use super::*;
use crate::api::error::{ArgumentProblem, ExceededQuota, MissingPermission};

const CALLER: Caller<'static> = Caller { profile: "work", key_source: "SCW_SECRET_KEY" };

fn headers(request_id: Option<&str>, retry_after: Option<&str>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Some(id) = request_id {
        headers.insert(REQUEST_ID_HEADER, HeaderValue::from_str(id).unwrap());
    }
    if let Some(secs) = retry_after {
        headers.insert(RETRY_AFTER, HeaderValue::from_str(secs).unwrap());
    }
    headers
}

fn read(status: u16, body: &serde_json::Value) -> ApiError {
    let response = response_info(status, &headers(Some("req-1"), None));
    error_from_answer(response, body.to_string().as_bytes(), CALLER)
}

#[test]
fn status_and_request_id_are_kept() {
    let error = read(404, &json!({ "type": "not_found", "resource": "hosting" }));
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some("req-1"));
    assert!(error.to_string().contains("HTTP 404, request id req-1"), "{error}");
}

#[test]
fn invalid_arguments_list_each_argument() {
    let body = json!({
        "type": "invalid_arguments", "message": "invalid argument(s)",
        "details": [{ "argument_name": "item_ids", "reason": "required",
                      "help_message": "give at least one item" }]
    });
    let error = read(400, &body);
    let expected = vec![ArgumentProblem {
        argument_name: "item_ids".into(),
        reason: "required".into(),
        help_message: "give at least one item".into(),
    }];
    assert!(matches!(&error, ApiError::InvalidArguments { details, .. } if *details == expected));
    assert!(error.to_string().contains("item_ids (give at least one item)"), "{error}");
}

#[test]
fn denied_authentication_names_the_profile_the_source_and_the_variable() {
    let body = json!({ "type": "denied_authentication", "method": "api_key",
                       "reason": "expired", "message": "authentication is denied" });
    let error = read(401, &body);
    assert!(matches!(&error, ApiError::DeniedAuthentication { method, reason, .. }
        if method == "api_key" && reason == "expired"));
    let message = error.to_string();
    for part in ["profile \"work\"", "taken from SCW_SECRET_KEY", "has expired", "SCW_SECRET_KEY"] {
        assert!(message.contains(part), "{part}: {message}");
    }
}

#[test]
fn permissions_denied_names_what_is_missing_and_the_permission_set() {
    let body = json!({ "type": "permissions_denied",
                       "details": [{ "resource": "webhosting_backup", "action": "write" }] });
    let error = read(403, &body);
    let expected =
        vec![MissingPermission { resource: "webhosting_backup".into(), action: "write".into() }];
    assert!(matches!(&error, ApiError::PermissionsDenied { details, .. } if *details == expected));
    let message = error.to_string();
    assert!(message.contains("\"write\" on \"webhosting_backup\""), "{message}");
    assert!(message.contains("WebHostingFullAccess"), "{message}");
}

#[test]
fn not_found_names_the_resource() {
    let body = json!({ "type": "not_found", "resource": "backup", "resource_id": "b-9" });
    let error = read(404, &body);
    assert!(matches!(&error, ApiError::NotFound { resource, resource_id, .. }
        if resource == "backup" && resource_id == "b-9"));
    assert!(error.to_string().starts_with("backup \"b-9\" was not found"), "{error}");
}

#[test]
fn state_errors_keep_their_fields() {
    let busy = read(
        409,
        &json!({ "type": "transient_state", "resource": "hosting",
        "resource_id": "h1", "current_state": "updating" }),
    );
    assert!(matches!(&busy, ApiError::TransientState { current_state, .. }
            if current_state == "updating"));
    assert!(busy.to_string().contains("hosting \"h1\" is busy (updating)"), "{busy}");

    let pre = read(
        412,
        &json!({ "type": "precondition_failed",
        "precondition": "backup_not_restorable", "help_message": "wait for the backup" }),
    );
    assert!(matches!(&pre, ApiError::PreconditionFailed { precondition, .. }
        if precondition == "backup_not_restorable"));
    assert!(pre.to_string().contains("backup_not_restorable: wait for the backup"), "{pre}");

    let locked =
        read(423, &json!({ "type": "locked", "resource": "hosting", "resource_id": "h2" }));
    assert!(matches!(&locked, ApiError::Locked { resource_id, .. } if resource_id == "h2"));
    assert!(locked.to_string().contains("hosting \"h2\" is locked"), "{locked}");
}

#[test]
fn quotas_and_expiry_keep_their_fields() {
    let quota = read(
        403,
        &json!({ "type": "quotas_exceeded",
        "details": [{ "resource": "restores", "quota": 2, "current": 2 }] }),
    );
    let expected = vec![ExceededQuota { resource: "restores".into(), quota: 2, current: 2 }];
    assert!(matches!(&quota, ApiError::QuotasExceeded { details, .. } if *details == expected));
    assert!(quota.to_string().contains("restores (quota 2, in use 2)"), "{quota}");

    for error_type in ["resource_expired", "expired"] {
        let expired = read(
            410,
            &json!({ "type": error_type, "resource": "backup",
            "resource_id": "b1", "expired_since": "2026-01-01T00:00:00Z" }),
        );
        assert!(matches!(&expired, ApiError::Expired { expired_since, .. }
            if expired_since == "2026-01-01T00:00:00Z"));
        assert!(expired.to_string().contains("backup \"b1\" has expired since 2026"), "{expired}");
    }
}

#[test]
fn conflicts_keep_their_type() {
    for error_type in ["out_of_stock", "already_exists", "conflict"] {
        let error = read(
            409,
            &json!({ "type": error_type, "resource": "restore",
                                       "message": "a restore is already running" }),
        );
        assert!(matches!(&error, ApiError::Conflict { error_type: kind, resource, .. }
            if kind == error_type && resource == "restore"));
        assert!(error.to_string().contains("restore: a restore is already running"), "{error}");
    }
}

#[test]
fn rate_limits_read_reset_seconds_or_retry_after() {
    let error = read(
        429,
        &json!({ "type": "too_many_requests", "reset_seconds": 2.5,
                                   "help_message": "slow down" }),
    );
    assert!(matches!(&error, ApiError::RateLimited { reset_secs: Some(3), help_message, .. }
        if help_message == "slow down"));
    assert!(error.to_string().contains("rate limited"), "{error}");

    let response = response_info(429, &headers(None, Some(" 7 ")));
    let bare = error_from_answer(response, b"Too Many Requests", CALLER);
    assert!(matches!(bare, ApiError::RateLimited { reset_secs: Some(7), .. }), "{bare:?}");
    assert!(bare.is_retryable() && !bare.may_have_reached_server());
}

#[test]
fn retry_after_may_be_seconds_or_an_http_date() {
    let now: jiff::Timestamp = "2026-12-04T08:49:30Z".parse().unwrap();
    assert_eq!(retry_after_secs(" 12 ", now), Some(12));
    assert_eq!(retry_after_secs("Fri, 04 Dec 2026 08:49:37 GMT", now), Some(7));
    assert_eq!(retry_after_secs("Fri, 04 Dec 2026 08:49:00 GMT", now), Some(0), "past");
    assert_eq!(retry_after_secs("soon", now), None);
    assert_eq!(retry_after_secs("-3", now), None);
}

#[test]
fn a_success_that_cannot_be_read_may_have_acted() {
    let response = response_info(200, &headers(Some("ok-1"), None));
    let error = decode_success::<serde_json::Value>(response, b"{\"progress_id\": \"p", "x");
    assert!(matches!(error, Err(ApiError::Unexpected { .. })), "{error:?}");
    assert!(error.unwrap_err().may_have_reached_server(), "the server answered 200");
    let redirect = error_from_answer(response_info(307, &HeaderMap::new()), b"", CALLER);
    assert!(!redirect.may_have_reached_server(), "a redirect did nothing");
}

#[test]
fn unreadable_bodies_keep_the_status_the_id_and_the_first_bytes() {
    let long_body = format!("<html>{}</html>", "x".repeat(500));
    let response = response_info(502, &headers(Some("gw-7"), None));
    let error = error_from_answer(response, long_body.as_bytes(), CALLER);
    let ApiError::Unexpected { body_start, problem, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(body_start.len(), BODY_START_BYTES);
    assert!(body_start.starts_with("<html>xxx"));
    assert!(problem.contains("not a JSON object"));
    assert_eq!((error.status(), error.request_id()), (Some(502), Some("gw-7")));
    assert!(error.is_retryable() && error.may_have_reached_server());
    assert!(error.to_string().starts_with("the API failed (HTTP 502, request id gw-7)"));

    let unknown = read(400, &json!({ "type": "brand_new_kind", "message": "?" }));
    assert!(matches!(&unknown, ApiError::Unexpected { problem, .. }
            if problem.contains("brand_new_kind")));
    assert!(!unknown.is_retryable());
}

#[test]
fn statuses_alone_still_give_advice() {
    let response = response_info(401, &HeaderMap::new());
    let error = error_from_answer(response, b"Unauthorized", CALLER);
    assert!(matches!(&error, ApiError::DeniedAuthentication { .. }), "{error:?}");
    assert_eq!(error.response().unwrap().message, "Unauthorized");
    assert!(error.to_string().contains("SCW_SECRET_KEY"));

    let forbidden = read(403, &json!({ "message": "nope" }));
    assert!(matches!(forbidden, ApiError::PermissionsDenied { .. }), "{forbidden:?}");
    let missing = read(404, &json!(["not", "an", "object"]));
    assert!(missing.to_string().starts_with("what was asked for was not found"), "{missing}");
}

#[test]
fn odd_field_types_do_not_break_reading() {
    let error = read(404, &json!({ "type": "not_found", "resource": null, "resource_id": 42 }));
    assert!(matches!(&error, ApiError::NotFound { resource, resource_id, .. }
        if resource.is_empty() && resource_id == "42"));
    let details = read(400, &json!({ "type": "invalid_arguments", "details": "oops" }));
    assert!(matches!(&details, ApiError::InvalidArguments { details, .. } if details.is_empty()));
}

#[test]
fn body_start_cuts_on_a_character_boundary() {
    let body = "é".repeat(BODY_START_BYTES);
    let start = body_start(body.as_bytes());
    assert_eq!(start.chars().count(), BODY_START_BYTES / 2);
    assert!(!start.contains('\u{fffd}'));
}

#[test]
fn a_success_body_of_the_wrong_shape_is_an_unexpected_answer() {
    let response = response_info(200, &HeaderMap::new());
    let decoded: Result<Vec<u32>, _> = decode_success(response, b"{\"id\": 1}", "a backup");
    let error = decoded.unwrap_err();
    assert!(error.to_string().contains("could not be read as a backup"), "{error}");
    assert_eq!(error.status(), Some(200));
}
