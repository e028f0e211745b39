//! What every request passes before its handler, in order: it is logged, an injected fault
//! or else a seeded one (see `hostile`) may take it over, the seeded latency is added, and
//! the token is checked. Every answer that leaves here carries an `X-Request-Id`.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiFailure;
use super::faults::{Fault, RequestRecord};
use super::ids::IdKind;
use super::server::ConnectionKill;
use super::state::DemoState;
use crate::api::SecretKey;

/// The header clients authenticate with.
pub const AUTH_HEADER: &str = "x-auth-token";
/// The header naming each answer, for support requests.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The largest request body read; a restore of 200,000 items fits with room to spare.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The middleware in front of every route.
pub async fn gate(State(state): State<Arc<DemoState>>, request: Request, next: Next) -> Response {
    let number = state.next_request_number();
    let request_id = state.dataset.codec.encode(IdKind::Request, number);
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        let failure = ApiFailure::invalid("body", "constraint", "the body is too large or was cut");
        return with_request_id(failure.into_response(), &request_id);
    };
    let token_valid = token_check(&parts.headers, state.token.expose()).is_ok();
    let injected = state.faults().take(&parts.method, parts.uri.path());
    let (fault, latency) = match injected {
        Some(fault) => (Some(fault), Duration::ZERO),
        None => (state.hostile.fault(number, &request_id), state.hostile.latency(number)),
    };
    let mut logged = record(&parts, &body, token_valid, &request_id);
    logged.latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    logged.fault.clone_from(&fault);
    state.log().push(logged);

    let kill = parts.extensions.get::<ConnectionKill>().cloned();
    let request = Request::from_parts(parts, Body::from(body));
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = match fault {
        Some(Fault::Respond { status, headers, body }) => {
            return raw_response(status, &headers, body);
        }
        Some(Fault::Drop) => return close_without_answer(kill).await,
        Some(Fault::Hang) => return std::future::pending().await,
        Some(Fault::DropAfterHandling) => {
            drop(answer(&state, request, next).await);
            return close_without_answer(kill).await;
        }
        Some(Fault::Delay { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            answer(&state, request, next).await
        }
        Some(Fault::Truncate) => truncated(answer(&state, request, next).await).await,
        None => answer(&state, request, next).await,
    };
    with_request_id(response, &request_id)
}

/// The normal path: the token, then the handler.
async fn answer(state: &DemoState, request: Request, next: Next) -> Response {
    if let Err(failure) = token_check(request.headers(), state.token.expose()) {
        return failure.into_response();
    }
    next.run(request).await
}

/// `response` with only the first half of its body, and its length header to match.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => {
            tracing::warn!(%error, "demo answer to truncate could not be read");
            Bytes::new()
        }
    };
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body.slice(..body.len() / 2)))
}

/// Checks `X-Auth-Token`: a missing or malformed token is an invalid argument; a well-formed
/// one the server does not know is not found, as the real gateway says.
fn token_check(headers: &HeaderMap, token: &str) -> Result<(), ApiFailure> {
    let sent = headers.get(AUTH_HEADER).and_then(|value| value.to_str().ok());
    match sent {
        Some(sent) if sent == token => Ok(()),
        Some(sent) if SecretKey::new(sent).looks_valid() => {
            Err(ApiFailure::Denied { reason: "not_found" })
        }
        _ => Err(ApiFailure::Denied { reason: "invalid_argument" }),
    }
}

fn record(
    parts: &axum::http::request::Parts,
    body: &Bytes,
    token_valid: bool,
    request_id: &str,
) -> RequestRecord {
    let header = |name: HeaderName| {
        parts.headers.get(name).map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
    };
    RequestRecord {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        user_agent: header(USER_AGENT),
        accept: header(ACCEPT),
        content_type: header(CONTENT_TYPE),
        token_valid,
        body: String::from_utf8_lossy(body).into_owned(),
        request_id: request_id.to_owned(),
        latency_ms: 0,
        fault: None,
    }
}

/// Closes the request's connection and never answers; the connection task drops the
/// connection before this future could complete.
async fn close_without_answer(kill: Option<ConnectionKill>) -> Response {
    if let Some(kill) = kill {
        kill.close();
    }
    std::future::pending().await
}

/// An injected answer, sent exactly as given.
fn raw_response(status: u16, headers: &[(String, String)], body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes());
        let value = HeaderValue::from_str(value);
        if let (Ok(name), Ok(value)) = (name, value) {
            response.headers_mut().append(name, value);
        } else {
            tracing::warn!("an injected header is not valid HTTP and was left out");
        }
    }
    response
}

fn with_request_id(mut response: Response, request_id: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}
