//! The demo's error answers, shaped as Scaleway shapes them: a JSON body with `type` and
//! `message`, plus the fields each type carries.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One wrong argument of an `invalid_arguments` answer.
#[derive(Debug, Clone)]
pub struct BadArgument {
    pub name: String,
    /// `required`, `constraint`, `syntax` or `unknown_value`.
    pub reason: &'static str,
    pub help: String,
}

impl BadArgument {
    pub fn new(name: impl Into<String>, reason: &'static str, help: impl Into<String>) -> Self {
        Self { name: name.into(), reason, help: help.into() }
    }
}

/// Every way a demo request fails, each answered with its HTTP status and body.
#[derive(Debug, Clone)]
pub enum ApiFailure {
    /// 400 `invalid_arguments`.
    InvalidArguments(Vec<BadArgument>),
    /// 401 `denied_authentication`; `reason` is `invalid_argument` for a missing or malformed
    /// token and `not_found` for a well-formed token the server does not know.
    Denied { reason: &'static str },
    /// 404 `not_found`.
    NotFound { resource: &'static str, resource_id: String },
    /// 412 `precondition_failed`.
    Precondition { precondition: &'static str, message: String, help: String },
    /// 429 `too_many_requests`, with no `Retry-After`, as the gateway answers.
    TooManyRequests,
    /// 500 `internal_error`.
    Internal,
    /// 503 `service_unavailable`.
    Unavailable,
}

impl ApiFailure {
    pub fn invalid(name: impl Into<String>, reason: &'static str, help: impl Into<String>) -> Self {
        Self::InvalidArguments(vec![BadArgument::new(name, reason, help)])
    }

    pub fn not_found(resource: &'static str, resource_id: impl Into<String>) -> Self {
        Self::NotFound { resource, resource_id: resource_id.into() }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidArguments(_) => StatusCode::BAD_REQUEST,
            Self::Denied { .. } => StatusCode::UNAUTHORIZED,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::Precondition { .. } => StatusCode::PRECONDITION_FAILED,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn body(&self) -> Value {
        match self {
            Self::InvalidArguments(arguments) => {
                let details: Vec<Value> = arguments
                    .iter()
                    .map(|argument| {
                        json!({
                            "argument_name": argument.name,
                            "reason": argument.reason,
                            "help_message": argument.help,
                        })
                    })
                    .collect();
                json!({
                    "type": "invalid_arguments",
                    "message": "invalid argument(s)",
                    "details": details,
                })
            }
            Self::Denied { reason } => json!({
                "type": "denied_authentication",
                "message": "authentication is denied",
                "method": "api_key",
                "reason": reason,
            }),
            Self::NotFound { resource, resource_id } => json!({
                "type": "not_found",
                "message": "resource is not found",
                "resource": resource,
                "resource_id": resource_id,
            }),
            Self::Precondition { precondition, message, help } => json!({
                "type": "precondition_failed",
                "message": message,
                "precondition": precondition,
                "help_message": help,
            }),
            Self::TooManyRequests => json!({
                "type": "too_many_requests",
                "message": "too many requests",
                "help_message": "you are sending requests too fast; wait and send fewer",
            }),
            Self::Internal => json!({"type": "internal_error", "message": "internal error"}),
            Self::Unavailable => {
                json!({"type": "service_unavailable", "message": "service is unavailable"})
            }
        }
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}
