//! Reads a failed answer (status, headers, raw body) into an [`ApiError`].
//!
//! Scaleway error bodies are JSON objects with `type` and `message` plus per-type fields. Any
//! field may be missing or of an odd type; a body that is not JSON or has an unknown type is
//! kept as [`ApiError::Unexpected`] with its first bytes, except for 401, 403, 404 and 429,
//! whose status alone says enough to give the person useful advice.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::{ApiError, ResponseInfo};

/// The header Scaleway puts its request id in.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// How many bytes of an unreadable body an error keeps.
pub const BODY_START_BYTES: usize = 200;

/// How many bytes of any one text an error takes from an answer (the API's message, a field,
/// a request id, a decoding problem), so that a huge or hostile body cannot flood a screen or
/// a log line. Longer texts are cut on a character boundary and end with [`CUT_MARK`].
pub const TEXT_MAX_BYTES: usize = 500;

/// Ends a text cut to [`TEXT_MAX_BYTES`].
pub const CUT_MARK: &str = "…";

/// How many entries of a `details` list an error keeps.
pub const MAX_DETAILS: usize = 20;

/// Who made the call, named in authentication errors.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    pub profile: &'a str,
    pub key_source: &'a str,
}

/// The status and the headers an error keeps; the message is filled in later.
pub fn response_info(status: u16, headers: &HeaderMap) -> ResponseInfo {
    let header_text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    ResponseInfo {
        status,
        request_id: header_text(REQUEST_ID_HEADER).map(clip),
        retry_after_secs: header_text(RETRY_AFTER.as_str())
            .and_then(|value| retry_after_secs(value, jiff::Timestamp::now())),
        message: String::new(),
    }
}

/// A `Retry-After` value as seconds to wait from `now`: either a number of seconds or an
/// HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), rounded up; a date already past is zero.
pub fn retry_after_secs(value: &str, now: jiff::Timestamp) -> Option<u64> {
    static HTTP_DATE: jiff::fmt::rfc2822::DateTimeParser =
        jiff::fmt::rfc2822::DateTimeParser::new();
    let value = value.trim();
    if let Ok(secs) = value.parse() {
        return Some(secs);
    }
    let at = HTTP_DATE.parse_timestamp(value).ok()?;
    let wait = now.duration_until(at);
    let secs = wait.as_secs() + i64::from(wait.subsec_nanos() > 0);
    Some(u64::try_from(secs).unwrap_or(0))
}

/// The error a non-success answer stands for.
pub fn error_from_answer(mut response: ResponseInfo, body: &[u8], caller: Caller<'_>) -> ApiError {
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    };
    response.message =
        object.as_ref().map_or_else(|| body_start(body), |object| text(object, "message"));
    let response = Box::new(response);
    let empty = Map::new();
    let error_type = object.as_ref().map_or("", |object| text_ref(object, "type"));
    let fields = object.as_ref().unwrap_or(&empty);
    if let Some(error) = typed_error(error_type, fields, &response, caller) {
        return error;
    }
    match response.status {
        401 => denied_authentication(&empty, response, caller),
        403 => ApiError::PermissionsDenied { details: Vec::new(), response },
        404 => ApiError::NotFound { resource: String::new(), resource_id: String::new(), response },
        429 => rate_limited(&empty, response),
        _ => ApiError::Unexpected {
            problem: unknown_problem(object.is_some(), error_type),
            body_start: body_start(body),
            response,
        },
    }
}

/// Decodes a success body, or says why it could not.
pub fn decode_success<T: DeserializeOwned>(
    response: ResponseInfo,
    body: &[u8],
    what: &str,
) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|error| ApiError::Unexpected {
        problem: format!("the answer could not be read as {what} ({})", clip(&error.to_string())),
        body_start: body_start(body),
        response: Box::new(response),
    })
}

/// The first bytes of a body as text, cut on a character boundary.
pub fn body_start(body: &[u8]) -> String {
    let mut start = &body[..body.len().min(BODY_START_BYTES)];
    if let Err(error) = std::str::from_utf8(start)
        && error.error_len().is_none()
    {
        start = &start[..error.valid_up_to()];
    }
    String::from_utf8_lossy(start).into_owned()
}

/// The variant for a known error type, or `None` for a type this client does not know.
fn typed_error(
    error_type: &str,
    object: &Map<String, Value>,
    response: &ResponseInfo,
    caller: Caller<'_>,
) -> Option<ApiError> {
    let response = Box::new(response.clone());
    let field = |name| text(object, name);
    let error = match error_type {
        "invalid_arguments" => ApiError::InvalidArguments { details: details(object), response },
        "denied_authentication" => denied_authentication(object, response, caller),
        "permissions_denied" => ApiError::PermissionsDenied { details: details(object), response },
        "not_found" => ApiError::NotFound {
            resource: field("resource"),
            resource_id: field("resource_id"),
            response,
        },
        "transient_state" => ApiError::TransientState {
            resource: field("resource"),
            resource_id: field("resource_id"),
            current_state: field("current_state"),
            response,
        },
        "precondition_failed" => ApiError::PreconditionFailed {
            precondition: field("precondition"),
            help_message: field("help_message"),
            response,
        },
        "quotas_exceeded" => ApiError::QuotasExceeded { details: details(object), response },
        "locked" => ApiError::Locked {
            resource: field("resource"),
            resource_id: field("resource_id"),
            response,
        },
        "resource_expired" | "expired" => ApiError::Expired {
            resource: field("resource"),
            resource_id: field("resource_id"),
            expired_since: field("expired_since"),
            response,
        },
        "out_of_stock" | "already_exists" | "conflict" => ApiError::Conflict {
            error_type: error_type.to_owned(),
            resource: field("resource"),
            response,
        },
        "too_many_requests" => rate_limited(object, response),
        _ => return None,
    };
    Some(error)
}

fn denied_authentication(
    object: &Map<String, Value>,
    response: Box<ResponseInfo>,
    caller: Caller<'_>,
) -> ApiError {
    ApiError::DeniedAuthentication {
        method: text(object, "method"),
        reason: text(object, "reason"),
        profile: caller.profile.to_owned(),
        key_source: caller.key_source.to_owned(),
        response,
    }
}

fn rate_limited(object: &Map<String, Value>, response: Box<ResponseInfo>) -> ApiError {
    let reset_from_body = object.get("reset_seconds").and_then(Value::as_f64).map(whole_secs);
    ApiError::RateLimited {
        help_message: text(object, "help_message"),
        reset_secs: reset_from_body.or(response.retry_after_secs),
        retries: 0,
        response,
    }
}

fn unknown_problem(is_json_object: bool, error_type: &str) -> String {
    match (is_json_object, error_type) {
        (false, _) => "its body is not a JSON object".to_owned(),
        (true, "") => "its body names no error type".to_owned(),
        (true, other) => format!("its error type \"{}\" is unknown to this client", clip(other)),
    }
}

/// Seconds rounded up, so waiting that long is always enough; negatives count as zero.
// The sign is cleared first, and a float past u64's range saturates to u64::MAX.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole_secs(secs: f64) -> u64 {
    secs.max(0.0).ceil() as u64
}

/// The first [`MAX_DETAILS`] entries of the `details` list decoded into `T`, their texts
/// clipped; entries of the wrong shape are skipped.
fn details<T: DeserializeOwned>(object: &Map<String, Value>) -> Vec<T> {
    let Some(Value::Array(entries)) = object.get("details") else {
        return Vec::new();
    };
    let decoded = entries.iter().filter_map(|entry| serde_json::from_value(clipped(entry)).ok());
    decoded.take(MAX_DETAILS).collect()
}

/// A field as text: strings as they are, numbers and booleans written out, else empty;
/// clipped to [`TEXT_MAX_BYTES`].
fn text(object: &Map<String, Value>, name: &str) -> String {
    match object.get(name) {
        Some(Value::String(value)) => clip(value),
        Some(value @ (Value::Number(_) | Value::Bool(_))) => clip(&value.to_string()),
        _ => String::new(),
    }
}

/// `value` with every string in it, however deep, clipped to [`TEXT_MAX_BYTES`].
fn clipped(value: &Value) -> Value {
    match value {
        Value::String(text) => Value::String(clip(text)),
        Value::Array(values) => Value::Array(values.iter().map(clipped).collect()),
        Value::Object(fields) => {
            Value::Object(fields.iter().map(|(key, value)| (key.clone(), clipped(value))).collect())
        }
        other => other.clone(),
    }
}

/// `text` cut to at most [`TEXT_MAX_BYTES`] on a character boundary, marked when cut.
fn clip(text: &str) -> String {
    if text.len() <= TEXT_MAX_BYTES {
        return text.to_owned();
    }
    let mut end = TEXT_MAX_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{CUT_MARK}", &text[..end])
}

fn text_ref<'a>(object: &'a Map<String, Value>, name: &str) -> &'a str {
    object.get(name).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
#[path = "error_body_tests.rs"]
mod tests;
