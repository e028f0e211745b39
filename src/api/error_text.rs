//! The wording of [`ApiError`] messages: small pieces the `Display` attributes assemble.

use std::fmt;

use super::error::{
    ArgumentProblem, ExceededQuota, MissingPermission, ResponseInfo, SERVER_FAILURE_FROM,
};

/// ` (HTTP 404, request id abc)`, or less when parts are missing.
pub(super) fn info(response: &ResponseInfo) -> String {
    match &response.request_id {
        Some(id) => format!(" (HTTP {}, request id {id})", response.status),
        None => format!(" (HTTP {})", response.status),
    }
}

/// `hosting "abc"`, or the fallback when the API did not say.
pub(super) fn thing(resource: &str, resource_id: &str, fallback: &str) -> String {
    match (resource.is_empty(), resource_id.is_empty()) {
        (false, false) => format!("{resource} \"{resource_id}\""),
        (false, true) => resource.replace('_', " "),
        (true, false) => format!("\"{resource_id}\""),
        (true, true) => fallback.to_owned(),
    }
}

pub(super) fn arguments(details: &[ArgumentProblem], message: &str) -> String {
    if details.is_empty() {
        return fallback_message(message, "no details given");
    }
    let parts: Vec<String> = details
        .iter()
        .map(|detail| {
            let why = [&detail.help_message, &detail.reason]
                .into_iter()
                .find(|text| !text.is_empty())
                .map_or(String::new(), |text| format!(" ({text})"));
            format!("{}{why}", detail.argument_name)
        })
        .collect();
    parts.join(", ")
}

pub(super) fn auth_reason(reason: &str, message: &str) -> String {
    let why = match reason {
        "invalid_argument" => "the key is malformed".to_owned(),
        "not_found" => "no such key exists".to_owned(),
        "expired" => "the key has expired".to_owned(),
        "" if message.is_empty() => return String::new(),
        "" => message.to_owned(),
        other => other.replace('_', " "),
    };
    format!(": {why}")
}

pub(super) fn permissions(details: &[MissingPermission]) -> String {
    let parts: Vec<String> = details
        .iter()
        .filter(|detail| !detail.resource.is_empty() || !detail.action.is_empty())
        .map(|detail| format!("\"{}\" on \"{}\"", detail.action, detail.resource))
        .collect();
    if parts.is_empty() {
        return "a permission this call needs".to_owned();
    }
    format!("the permission {}", parts.join(", "))
}

pub(super) fn precondition_text(precondition: &str, help_message: &str, message: &str) -> String {
    let parts: Vec<&str> =
        [precondition, help_message].into_iter().filter(|part| !part.is_empty()).collect();
    if parts.is_empty() {
        return fallback_message(message, "a precondition failed");
    }
    parts.join(": ")
}

pub(super) fn quotas(details: &[ExceededQuota], message: &str) -> String {
    if details.is_empty() {
        return fallback_message(message, "no details given");
    }
    let parts: Vec<String> = details
        .iter()
        .map(|quota| {
            format!("{} (quota {}, in use {})", quota.resource, quota.quota, quota.current)
        })
        .collect();
    parts.join(", ")
}

pub(super) fn since(expired_since: &str) -> String {
    if expired_since.is_empty() { String::new() } else { format!(" since {expired_since}") }
}

pub(super) fn conflict_text(resource: &str, message: &str) -> String {
    let text = fallback_message(message, "it conflicts with the current state");
    if resource.is_empty() { text } else { format!("{resource}: {text}") }
}

pub(super) fn retried(retries: u32) -> String {
    match retries {
        0 => String::new(),
        1 => " and was still refused after 1 retry".to_owned(),
        n => format!(" and was still refused after {n} retries"),
    }
}

pub(super) fn resets(reset_secs: Option<u64>) -> String {
    reset_secs.map_or(String::new(), |secs| format!("; the limit resets in {secs} s"))
}

pub(super) fn unexpected_lead(status: u16) -> &'static str {
    if status >= SERVER_FAILURE_FROM {
        "the API failed"
    } else {
        "the API sent an answer this client cannot read"
    }
}

/// `; the answer began with: "..."`, or nothing for an empty body.
pub(super) fn began_with(body_start: &str) -> String {
    if body_start.is_empty() {
        String::new()
    } else {
        format!("; the answer began with: {body_start:?}")
    }
}

/// Advice for a server failure. It does not say to try again: after a restore request that
/// may have started a restore, that is the wrong advice, and callers that know the request
/// is safe to repeat say so themselves.
pub(super) fn unexpected_hint(status: u16) -> &'static str {
    if status >= SERVER_FAILURE_FROM {
        ". If it persists, give the request id to Scaleway support"
    } else {
        ""
    }
}

pub(super) fn after_send(method: &str) -> &'static str {
    if method == "GET" {
        ". Check the network and try again"
    } else {
        ". The server may have acted on it: a restore may have started. Check the recent \
         restores before sending it again"
    }
}

pub(super) fn timeout_text(
    method: &str,
    path: &str,
    timeout_ms: u64,
    while_connecting: bool,
) -> String {
    let secs = Seconds(timeout_ms);
    if while_connecting {
        return format!(
            "{method} {path}: could not connect within {secs} s. Check the network and the API URL"
        );
    }
    let hint = if method == "GET" {
        ". Check the network and try again".to_owned()
    } else {
        after_send(method).to_owned()
    };
    format!("{method} {path}: the server did not answer within {secs} s{hint}")
}

pub(super) fn too_many_pages_text(
    what: &str,
    max_pages: u32,
    page_size: u32,
    total: Option<u64>,
) -> String {
    let most = u64::from(max_pages) * u64::from(page_size);
    match total {
        Some(total) => format!(
            "the API reports {total} {what}, more than the {most} this client lists; \
             nothing was listed rather than a part"
        ),
        None => format!(
            "listing {what} did not end after {max_pages} pages; the API may be repeating \
             pages. Try again later, or report it to Scaleway support"
        ),
    }
}

pub(super) fn fallback_message(message: &str, fallback: &str) -> String {
    if message.is_empty() { fallback.to_owned() } else { message.to_owned() }
}

/// A size in bytes shown in MiB, with a decimal only when it is not whole; a size under one
/// MiB is shown in bytes.
pub(super) struct Mebibytes(pub u64);

impl fmt::Display for Mebibytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const BYTES_PER_MIB: u64 = 1024 * 1024;
        const TENTHS: u64 = 10;
        let (whole, rest) = (self.0 / BYTES_PER_MIB, self.0 % BYTES_PER_MIB);
        if whole == 0 {
            return write!(f, "{} bytes", self.0);
        }
        if rest == 0 {
            return write!(f, "{whole} MiB");
        }
        let tenth = rest * TENTHS / BYTES_PER_MIB;
        write!(f, "{whole}.{tenth} MiB")
    }
}

/// Milliseconds shown as seconds, with a decimal only when it is not whole.
struct Seconds(u64);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MS_PER_SEC: u64 = 1000;
        let (whole, rest) = (self.0 / MS_PER_SEC, self.0 % MS_PER_SEC);
        if rest == 0 {
            return write!(f, "{whole}");
        }
        let fraction = format!("{rest:03}");
        write!(f, "{whole}.{}", fraction.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use crate::api::ApiError;

    fn timeout(method: &str, timeout_ms: u64, while_connecting: bool) -> String {
        let path = "/webhosting/v1/regions/fr-par/hostings/h1/progresses".to_owned();
        ApiError::Timeout { method: method.into(), path, timeout_ms, while_connecting }.to_string()
    }

    #[test]
    fn timeouts_say_how_long_and_what_to_do() {
        let get = timeout("GET", 30_000, false);
        assert!(get.contains("did not answer within 30 s. Check the network"), "{get}");
        let post = timeout("POST", 250, false);
        assert!(post.contains("within 0.25 s"), "{post}");
        assert!(post.contains("a restore may have started"), "{post}");
        let connect = timeout("POST", 10_000, true);
        assert!(connect.contains("could not connect within 10 s"), "{connect}");
    }

    #[test]
    fn a_lost_post_warns_about_a_running_restore() {
        let lost = |method: &str| {
            let (path, detail) = ("/x".to_owned(), "closed".to_owned());
            ApiError::ConnectionLost { method: method.into(), path, detail }.to_string()
        };
        assert!(lost("POST").contains("Check the recent restores before sending it again"));
        assert!(!lost("GET").contains("restore"));
    }
}
