//! Every way an API call can fail, with messages that tell a person what to do next.
//!
//! The API's own error types (its JSON `type` field) each get a variant with their extra
//! fields; transport failures, timeouts and unreadable answers get theirs. Callers branch on
//! the helpers (`is_retryable`, `may_have_reached_server`, `status`) rather than on wording.

use super::error_text::{
    Mebibytes, after_send, arguments, auth_reason, began_with, conflict_text, info, permissions,
    precondition_text, quotas, resets, retried, since, thing, timeout_text, too_many_pages_text,
    unexpected_hint, unexpected_lead,
};

/// What the server's answer carried besides its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseInfo {
    pub status: u16,
    /// The `X-Request-Id` header; support asks for it.
    pub request_id: Option<String>,
    /// The `Retry-After` header, when it was a number of seconds.
    pub retry_after_secs: Option<u64>,
    /// The API's own message, or the start of the body when it was not JSON.
    pub message: String,
}

/// One argument the API refused (`invalid_arguments`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ArgumentProblem {
    pub argument_name: String,
    pub reason: String,
    pub help_message: String,
}

/// One permission the key lacks (`permissions_denied`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct MissingPermission {
    pub resource: String,
    pub action: String,
}

/// One quota the request would pass (`quotas_exceeded`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ExceededQuota {
    pub resource: String,
    pub quota: u64,
    pub current: u64,
}

/// The permission set that grants every Web Hosting call, restores included.
const FULL_ACCESS_PERMISSION_SET: &str = "WebHostingFullAccess";

/// The variable that most often holds the secret key, named in authentication errors.
const SECRET_KEY_VARIABLE: &str = "SCW_SECRET_KEY";

/// Every way an API call can fail. `Display` gives the whole story in one message; the
/// fields keep the parts for callers that show them apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// `invalid_arguments`: the API refused one or more arguments.
    #[error(
        "the API refused the request's arguments{}: {}",
        info(response),
        arguments(details, &response.message)
    )]
    InvalidArguments { details: Vec<ArgumentProblem>, response: Box<ResponseInfo> },

    /// `denied_authentication`, or any 401: the secret key was not accepted.
    #[error(
        "authentication failed{}: the API refused the secret key of profile \"{profile}\" \
         (taken from {key_source}){}. Check that {SECRET_KEY_VARIABLE} or the profile's \
         secret_key holds a valid, unexpired Scaleway API key",
        info(response),
        auth_reason(reason, &response.message)
    )]
    DeniedAuthentication {
        /// How the API tried to authenticate, e.g. `api_key`.
        method: String,
        /// `invalid_argument`, `not_found` or `expired`.
        reason: String,
        profile: String,
        key_source: String,
        response: Box<ResponseInfo>,
    },

    /// `permissions_denied`, or any other 403: the key is valid but may not do this.
    #[error(
        "permission denied{}: the key lacks {}. Give its IAM user or application the \
         {FULL_ACCESS_PERMISSION_SET} permission set for this project",
        info(response),
        permissions(details)
    )]
    PermissionsDenied { details: Vec<MissingPermission>, response: Box<ResponseInfo> },

    /// `not_found`, or any other 404.
    #[error(
        "{} was not found{}: check the id, and that it lives in the region this client calls",
        thing(resource, resource_id, "what was asked for"),
        info(response)
    )]
    NotFound { resource: String, resource_id: String, response: Box<ResponseInfo> },

    /// `transient_state`: the object is busy; the same request may work once it settles.
    #[error(
        "{} is busy ({current_state}){}: wait until it settles and try again",
        thing(resource, resource_id, "the object"),
        info(response)
    )]
    TransientState {
        resource: String,
        resource_id: String,
        current_state: String,
        response: Box<ResponseInfo>,
    },

    /// `precondition_failed`: the object is not in a state that allows this.
    #[error(
        "the API refused the request{}: {}",
        info(response),
        precondition_text(precondition, help_message, &response.message)
    )]
    PreconditionFailed { precondition: String, help_message: String, response: Box<ResponseInfo> },

    /// `quotas_exceeded`: the request would pass a quota of the project.
    #[error(
        "a quota would be exceeded{}: {}. Raise the quota or free some room",
        info(response),
        quotas(details, &response.message)
    )]
    QuotasExceeded { details: Vec<ExceededQuota>, response: Box<ResponseInfo> },

    /// `locked`: the object is locked, usually by Scaleway's own operations or billing.
    #[error(
        "{} is locked{}: it cannot change until it is unlocked; contact Scaleway support \
         with the request id if it stays locked",
        thing(resource, resource_id, "the object"),
        info(response)
    )]
    Locked { resource: String, resource_id: String, response: Box<ResponseInfo> },

    /// `resource_expired` or `expired`: the object existed but is gone for good.
    #[error(
        "{} has expired{}{}",
        thing(resource, resource_id, "the object"),
        since(expired_since),
        info(response)
    )]
    Expired {
        resource: String,
        resource_id: String,
        expired_since: String,
        response: Box<ResponseInfo>,
    },

    /// `out_of_stock`, `already_exists` or `conflict`, told apart by `error_type`.
    #[error(
        "the API refused the request ({error_type}){}: {}",
        info(response),
        conflict_text(resource, &response.message)
    )]
    Conflict { error_type: String, resource: String, response: Box<ResponseInfo> },

    /// `too_many_requests`, or any 429: the API rate limited the client.
    #[error(
        "the API rate limited this client{}{}{}: wait a moment and try again",
        info(response), retried(*retries), resets(*reset_secs)
    )]
    RateLimited {
        help_message: String,
        /// When the limit resets, from `reset_seconds` or `Retry-After`.
        reset_secs: Option<u64>,
        /// How many times the client resent the request before giving up.
        retries: u32,
        response: Box<ResponseInfo>,
    },

    /// An answer this client cannot read: not JSON, an unknown error type, a server failure
    /// or a success body of the wrong shape.
    #[error(
        "{}{}: {problem}{}{}",
        unexpected_lead(response.status),
        info(response),
        began_with(body_start),
        unexpected_hint(response.status)
    )]
    Unexpected {
        /// What was wrong with the answer, in plain words.
        problem: String,
        /// The first bytes of the raw body (lossy UTF-8).
        body_start: String,
        response: Box<ResponseInfo>,
    },

    /// No connection could be made; nothing was sent.
    #[error("could not connect to {target}: {detail}. Check the network and the API URL")]
    Connect { target: String, detail: String },

    /// The connection failed after the request may have been sent; no answer came.
    #[error(
        "{method} {path}: the connection was lost before an answer came ({detail}){}",
        after_send(method)
    )]
    ConnectionLost { method: String, path: String, detail: String },

    /// No answer within the time limit.
    #[error("{}", timeout_text(method, path, *timeout_ms, *while_connecting))]
    Timeout {
        method: String,
        path: String,
        timeout_ms: u64,
        /// The limit passed while connecting, so nothing was sent.
        while_connecting: bool,
    },

    /// The API URL would send the secret key in clear text to another machine.
    #[error(
        "refusing to send the secret key to {url}: {reason}. Use an https:// URL, or http:// \
         only on this machine (127.0.0.1, ::1 or localhost)"
    )]
    InsecureUrl { url: String, reason: String },

    /// A paged list is longer than the page cap allows, or did not end within it.
    #[error("{}", too_many_pages_text(what, *max_pages, *page_size, *total_count))]
    TooManyPages {
        /// What was listed, e.g. `backups`.
        what: String,
        max_pages: u32,
        page_size: u32,
        /// The size the API announced, when it was over the cap from the start.
        total_count: Option<u64>,
    },

    /// The answer's body passed the client's size cap; reading stopped there, so memory
    /// stays bounded whatever the server sends.
    #[error(
        "{method} {path}: the answer was larger than {}{}; the client stops reading past \
         that to keep its memory bounded. Narrow the request, or report the answer's size \
         to Scaleway support with the request id",
        Mebibytes(*max_answer_bytes),
        info(response)
    )]
    AnswerTooLarge {
        method: String,
        path: String,
        max_answer_bytes: u64,
        response: Box<ResponseInfo>,
    },

    /// A failure told in words only, such as a client that could not be set up (a bad URL,
    /// a key no HTTP header can carry).
    #[error("{0}")]
    Other(String),
}

impl ApiError {
    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|response| response.status)
    }

    /// The `X-Request-Id` of the answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        self.response().and_then(|response| response.request_id.as_deref())
    }

    /// The response details, for errors that came with an answer.
    pub fn response(&self) -> Option<&ResponseInfo> {
        match self {
            Self::InvalidArguments { response, .. }
            | Self::DeniedAuthentication { response, .. }
            | Self::PermissionsDenied { response, .. }
            | Self::NotFound { response, .. }
            | Self::TransientState { response, .. }
            | Self::PreconditionFailed { response, .. }
            | Self::QuotasExceeded { response, .. }
            | Self::Locked { response, .. }
            | Self::Expired { response, .. }
            | Self::Conflict { response, .. }
            | Self::RateLimited { response, .. }
            | Self::Unexpected { response, .. }
            | Self::AnswerTooLarge { response, .. } => Some(response),
            Self::Connect { .. }
            | Self::ConnectionLost { .. }
            | Self::Timeout { .. }
            | Self::InsecureUrl { .. }
            | Self::TooManyPages { .. }
            | Self::Other(_) => None,
        }
    }

    /// Whether the same request may well succeed a little later: rate limits, gateway
    /// failures (502, 503, 504), lost connections and timeouts. Whether it is safe to resend
    /// is another question: see [`ApiError::may_have_reached_server`].
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. }
            | Self::Connect { .. }
            | Self::ConnectionLost { .. }
            | Self::Timeout { .. } => true,
            Self::Unexpected { response, .. } => is_gateway_failure(response.status),
            _ => false,
        }
    }

    /// Whether the server may have received the request and acted on it without the client
    /// learning the outcome, so that resending it could do the work twice: a connection lost
    /// or a time limit passed after sending, a server failure (5xx), or a success (2xx) whose
    /// answer could not be read whole. False when nothing was sent, or when the API answered
    /// with a refusal (3xx or 4xx, rate limits included).
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Self::ConnectionLost { .. } => true,
            Self::Timeout { while_connecting, .. } => !while_connecting,
            _ => self.status().is_some_and(|status| {
                SUCCESS_STATUSES.contains(&status) || status >= SERVER_FAILURE_FROM
            }),
        }
    }

    /// How long the server asked the client to wait before trying again, if it said.
    pub fn retry_hint_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited { reset_secs: Some(secs), .. } => Some(*secs),
            _ => self.response().and_then(|response| response.retry_after_secs),
        }
    }

    /// Records how many times the request was resent before this error was kept.
    #[must_use]
    pub fn with_retries(mut self, count: u32) -> Self {
        if let Self::RateLimited { retries, .. } = &mut self {
            *retries = count;
        }
        self
    }
}

/// The statuses of an answer that did what was asked.
const SUCCESS_STATUSES: std::ops::Range<u16> = 200..300;

/// The first status that means the server failed while handling the request.
pub(super) const SERVER_FAILURE_FROM: u16 = 500;

/// 502, 503 and 504: a gateway or an overloaded backend; worth another try.
pub(crate) fn is_gateway_failure(status: u16) -> bool {
    matches!(status, 502..=504)
}
