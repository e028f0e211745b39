//! When a failed request is sent again, and how long the client waits first.
//!
//! The rule: a rate limit (429) is retried on any method, since the API refused the request
//! and nothing happened. Gateway failures (502, 503, 504), connection failures and timeouts
//! are retried on GET only. A POST is a restore, and a duplicate restore is a real incident,
//! so a 429 is the one failure after which it is sent again. A GET that timed out is sent
//! once more at most: a server that kept two requests waiting for the whole time limit is
//! not answering, and the person should hear so rather than wait minutes more.

use std::future::Future;
use std::time::Duration;

use reqwest::Method;

use super::error::ApiError;

/// How many times a request is sent at most, the first time included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// The wait before the first retry; it doubles at each retry.
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(500);
/// The longest wait between two attempts, before jitter.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(8);
/// A server asking for a longer wait than this is not waited for: the error goes back to the
/// caller, whose message says when the limit resets.
pub const DEFAULT_LONGEST_HINTED_WAIT: Duration = Duration::from_secs(30);

/// How hard the client tries again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    pub longest_hinted_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            base_delay: DEFAULT_BASE_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            longest_hinted_wait: DEFAULT_LONGEST_HINTED_WAIT,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    RetryAfter(Duration),
    GiveUp,
}

/// How many times a request that timed out is sent at most, the first time included.
pub const TIMEOUT_MAX_ATTEMPTS: u32 = 2;

/// Whether a request that failed this way may be sent again at all, whatever the count.
fn may_resend(method: &Method, error: &ApiError) -> bool {
    match error {
        ApiError::RateLimited { .. } => true,
        _ => *method == Method::GET && error.is_retryable(),
    }
}

/// The most attempts for a request that failed this way.
fn attempts_allowed(policy: &RetryPolicy, error: &ApiError) -> u32 {
    match error {
        ApiError::Timeout { while_connecting: false, .. } => {
            policy.max_attempts.min(TIMEOUT_MAX_ATTEMPTS)
        }
        _ => policy.max_attempts,
    }
}

impl RetryPolicy {
    /// A policy that never resends.
    pub fn never() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// Decides after attempt number `attempts_made` (1 for the first) failed. `jitter` is a
    /// number in `0.0..1.0` that spreads the wait; the server's own hint (`Retry-After`,
    /// `reset_seconds`) sets the least wait.
    pub fn decide(
        &self,
        method: &Method,
        error: &ApiError,
        attempts_made: u32,
        jitter: f64,
    ) -> Decision {
        if attempts_made >= attempts_allowed(self, error) || !may_resend(method, error) {
            return Decision::GiveUp;
        }
        let backoff = self.backoff(attempts_made, jitter);
        match error.retry_hint_secs().map(Duration::from_secs) {
            Some(hint) if hint > self.longest_hinted_wait => Decision::GiveUp,
            Some(hint) => Decision::RetryAfter(hint.max(backoff)),
            None => Decision::RetryAfter(backoff),
        }
    }

    /// The wait before retry number `retry` (1 for the first): the base doubled at each
    /// retry, capped, then spread over its upper half by `jitter`.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let doublings = retry.saturating_sub(1).min(u32::BITS - 1);
        let full = self.base_delay.saturating_mul(1 << doublings).min(self.max_delay);
        let half = full / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// Runs `send` until it succeeds or the policy gives up; `send` gets the attempt number.
/// The error kept is the last one, marked with how many retries were made.
pub async fn with_retries<T, F, Fut>(
    policy: &RetryPolicy,
    method: &Method,
    mut send: F,
) -> Result<T, ApiError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut attempt = 1;
    loop {
        let error = match send(attempt).await {
            Ok(answer) => return Ok(answer),
            Err(error) => error,
        };
        match policy.decide(method, &error, attempt, rand::random::<f64>()) {
            Decision::GiveUp => return Err(error.with_retries(attempt - 1)),
            Decision::RetryAfter(wait) => {
                let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
                tracing::debug!(%method, attempt, wait_ms, %error, "retrying");
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
        }
    }
}

#[cfg(test)]
#[path = "retry_tests.rs"]
mod tests;
