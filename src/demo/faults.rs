//! Test hooks: faults injected into the next matching requests, and the log of every request
//! the server received. The seeded knobs (see `hostile`) answer with the same faults.

use axum::http::Method;

/// What the server does instead of (or before) answering normally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answers exactly this status, these headers and this body, and nothing else: no
    /// `X-Request-Id` or `Content-Type` is added. The request is not handled.
    Respond { status: u16, headers: Vec<(String, String)>, body: String },
    /// Closes the connection without answering; the request is not handled.
    Drop,
    /// Handles the request (a restore is created), then closes the connection without
    /// answering: what a client sees when a network cut loses the answer.
    DropAfterHandling,
    /// Waits this long, then handles and answers normally.
    Delay { ms: u64 },
    /// Never answers; the connection stays open until the client gives up or the server stops.
    Hang,
    /// Handles the request, then answers its status and headers with only the first half of
    /// its body: a JSON answer cut mid-way, as a broken proxy delivers it. The restore of a
    /// cut answer was created all the same.
    Truncate,
}

impl Fault {
    /// A `Respond` fault with a JSON body and `Content-Type: application/json`.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }
}

/// Applies `fault` to the next `times` requests matching `method` and `path_contains`
/// (`None` matches anything). Rules are tried in the order they were injected; the first
/// one that matches and has uses left applies, and at most one rule applies per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    pub method: Option<Method>,
    /// A substring of the request's path (the query string is not part of it).
    pub path_contains: Option<String>,
    pub times: usize,
    pub fault: Fault,
}

impl FaultRule {
    /// A rule applying `fault` once, to any request.
    pub fn new(fault: Fault) -> Self {
        Self { method: None, path_contains: None, times: 1, fault }
    }

    /// Only requests with this method match.
    #[must_use]
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Only requests whose path contains `part` match.
    #[must_use]
    pub fn path_contains(mut self, part: impl Into<String>) -> Self {
        self.path_contains = Some(part.into());
        self
    }

    /// The rule applies to this many matching requests, then is gone.
    #[must_use]
    pub fn times(mut self, times: usize) -> Self {
        self.times = times;
        self
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|wanted| wanted == method)
            && self.path_contains.as_deref().is_none_or(|part| path.contains(part))
    }
}

/// The injected rules still waiting for requests.
#[derive(Debug, Default)]
pub struct FaultBook {
    rules: Vec<FaultRule>,
}

impl FaultBook {
    pub fn inject(&mut self, rule: FaultRule) {
        if rule.times > 0 {
            self.rules.push(rule);
        }
    }

    /// The fault for this request, if a rule matches; uses up one of the rule's times.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let position = self.rules.iter().position(|rule| rule.matches(method, path))?;
        let rule = &mut self.rules[position];
        rule.times -= 1;
        let fault = rule.fault.clone();
        if rule.times == 0 {
            self.rules.remove(position);
        }
        Some(fault)
    }
}

/// One request as the server received it. The token's value is never kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: Method,
    pub path: String,
    /// The raw query string, without the `?`; `None` when the URL has none.
    pub query: Option<String>,
    pub user_agent: Option<String>,
    pub accept: Option<String>,
    pub content_type: Option<String>,
    /// Whether `X-Auth-Token` held the server's token.
    pub token_valid: bool,
    /// The body as text (invalid UTF-8 replaced); empty when there was none.
    pub body: String,
    /// The `X-Request-Id` the answer carries (or would have carried, for dropped requests).
    pub request_id: String,
    /// The latency the seeded knobs added before answering, in milliseconds; 0 when an
    /// injected fault took the request over.
    pub latency_ms: u64,
    /// The fault that took this request over, injected or drawn from the seed.
    pub fault: Option<Fault>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_apply_in_order_and_wear_out() {
        let mut book = FaultBook::default();
        book.inject(FaultRule::new(Fault::Drop).method(Method::POST).times(2));
        book.inject(FaultRule::new(Fault::Hang).path_contains("/backups"));
        assert_eq!(book.take(&Method::GET, "/x/backups"), Some(Fault::Hang));
        assert_eq!(book.take(&Method::GET, "/x/backups"), None);
        assert_eq!(book.take(&Method::POST, "/x"), Some(Fault::Drop));
        assert_eq!(book.take(&Method::POST, "/x"), Some(Fault::Drop));
        assert_eq!(book.take(&Method::POST, "/x"), None);
    }
}
