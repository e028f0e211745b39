//! Restores that can be trusted, for the dashboard and the script commands alike: one
//! pre-flight rule ([`preflight`]), one way to send a restore that journals it first
//! ([`submit`]), and one record of how it went on ([`Follow`]).
//!
//! No terminal code lives here; callers word the questions and show the answers.

use std::time::Duration;

mod follow;
mod preflight;
mod submit;

pub use follow::Follow;
pub use preflight::{Cleared, PreflightAsk, Refusal, preflight, status_refusal};
pub use submit::{Order, SubmitError, Submitted, submit};

/// How long a restore may report a status this build does not know before watchers stop
/// following it; the SDKs' own waiters give up after 5 min, a restore can take far longer.
pub const UNKNOWN_STATUS_CAP: Duration = Duration::from_secs(30 * 60);
