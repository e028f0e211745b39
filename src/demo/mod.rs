//! The built-in demo API: a real HTTP server on loopback that answers the Scaleway Web Hosting
//! calls the dashboard makes, with seeded data, simulated restores and injectable faults.
//!
//! The client talks to it exactly as it talks to Scaleway: same paths, same `X-Auth-Token`,
//! same JSON shapes and error bodies. Tests drive it through the hooks on [`DemoServer`]:
//! [`DemoServer::inject`] to make the next requests fail in chosen ways, and
//! [`DemoServer::requests`] to see what the client really sent.

mod actions;
mod dataset;
mod errors;
mod faults;
mod gate;
mod handpicked;
mod history;
mod hostile;
mod hostings;
mod ids;
mod items;
mod padding;
mod query;
mod reads;
mod restore;
mod routes;
mod server;
mod state;
mod tables;

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::Method;
use jiff::Timestamp;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultRule, RequestRecord};
pub use hostile::{Burst429, MAX_HUGE_RESPONSE_MB, MAX_LATENCY_MS};

use crate::api::{ProgressStatus, SecretKey};
use dataset::Dataset;
use hostile::Hostility;
use ids::{IdCodec, IdKind};
use state::DemoState;

/// The shape and behaviour of the demo API.
///
/// The hostile knobs (latency to `huge_response_mb`) are all off by default. Every one of
/// them is drawn from the seed and the request's number, so requests sent one after the
/// other meet the same faults on every run; [`RequestRecord::fault`] tells which met what.
/// When several knobs fire on one request, the first in this order wins: a 429 burst, a
/// drop, a hang, a malformed answer, a server error. An injected [`FaultRule`] wins over
/// them all, latency included.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    pub seed: u64,
    /// Restores run this many times faster than at normal speed.
    pub speed: f64,
    /// Added before every answer; with the jitter, at most [`MAX_LATENCY_MS`].
    pub latency_ms: u64,
    /// Up to this many more milliseconds of latency, drawn per request.
    pub latency_jitter_ms: u64,
    /// Share of requests (0.0..=1.0) answered 500, 503 or 429.
    pub fail_rate: f64,
    /// Cycles of requests answered, then refused with 429 `too_many_requests`.
    pub burst_429: Option<Burst429>,
    /// Share of requests (0.0..=1.0) answered with a body that is not the JSON expected:
    /// the real answer cut mid-way (the request was handled), a gateway's HTML page with
    /// status 502, or an HTML page with status 200 (neither handled).
    pub malformed_rate: f64,
    /// Share of requests (0.0..=1.0) whose connection is closed with no answer; half of
    /// those were handled first (a restore was created), half not.
    pub drop_rate: f64,
    /// Share of requests (0.0..=1.0) never answered.
    pub hang_rate: f64,
    /// Pads every successful ListHostings and ListBackupItems answer to this many MiB of
    /// valid JSON, with an extra `padding` text field streamed in chunks; 0 leaves them be.
    pub huge_response_mb: u64,
    pub hostings: usize,
    pub backups: usize,
    pub items: usize,
}

impl Default for DemoConfig {
    fn default() -> Self {
        Self {
            seed: 1,
            speed: 1.0,
            latency_ms: 0,
            latency_jitter_ms: 0,
            fail_rate: 0.0,
            burst_429: None,
            malformed_rate: 0.0,
            drop_rate: 0.0,
            hang_rate: 0.0,
            huge_response_mb: 0,
            hostings: 5,
            backups: 0,
            items: 0,
        }
    }
}

/// A running demo server; it stops when shut down or dropped.
pub struct DemoServer {
    /// Base URL, without a trailing `/`, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// What clients must send as `X-Auth-Token`.
    pub token: String,
    state: Arc<DemoState>,
    task: JoinHandle<()>,
}

impl DemoServer {
    /// Binds `listen` (port 0 picks a free one) and serves until shut down. The token must
    /// have the shape of a Scaleway secret key, since the client refuses any other. Bound to
    /// every interface (`0.0.0.0`), the URL names loopback: the only address the client
    /// sends a key to over plain HTTP.
    pub async fn start(config: DemoConfig, listen: SocketAddr, token: String) -> io::Result<Self> {
        if !SecretKey::new(token.as_str()).looks_valid() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the token must have the shape of a Scaleway secret key, a UUID such as \
                 00000000-0000-4000-8000-000000000000, since whbackup refuses any other key",
            ));
        }
        let hostile = check_knobs(&config)?;
        let dataset = Dataset::new(&config, Timestamp::now())?;
        let listener = TcpListener::bind(listen).await?;
        let mut address = listener.local_addr()?;
        let state = Arc::new(DemoState::new(dataset, token.clone(), hostile, config.speed));
        let task = server::spawn(listener, routes::router(Arc::clone(&state)));
        tracing::info!(%address, seed = config.seed, "demo server listening");
        if address.ip().is_unspecified() {
            address.set_ip(if address.is_ipv4() {
                std::net::Ipv4Addr::LOCALHOST.into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        Ok(Self { url: format!("http://{address}"), token, state, task })
    }

    /// Applies `rule` to the next matching requests (see [`FaultRule`]).
    pub fn inject(&self, rule: FaultRule) {
        self.state.faults().inject(rule);
    }

    /// Every request received so far, oldest first, including those a fault took over.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.state.log().clone()
    }

    /// How many requests with `method` had a path containing `path_contains`.
    pub fn count(&self, method: &Method, path_contains: &str) -> usize {
        let log = self.state.log();
        log.iter()
            .filter(|record| record.method == *method && record.path.contains(path_contains))
            .count()
    }

    /// Moves the server's clock ahead by `by`: restores progress as if that much time had
    /// passed, so tests follow one to its end without waiting for it.
    pub fn advance_clock(&self, by: std::time::Duration) {
        self.state.advance_clock(by);
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.state.log().clear();
    }

    /// Makes the next restore submitted (to any hosting) end with `outcome` instead of the
    /// seeded one.
    pub fn force_next_outcome(&self, outcome: ProgressStatus) {
        self.state.restores().force_next_outcome(outcome);
    }

    /// The id of hosting number `index` (0 is the first of the list in its default order).
    pub fn hosting_id(&self, index: usize) -> String {
        IdCodec::new(self.state.dataset.seed).encode(IdKind::Hosting, index as u64)
    }

    /// Stops serving and waits until the listener and every connection are closed.
    pub async fn shutdown(mut self) {
        self.task.abort();
        // The task was aborted, so the only outcome left is its cancellation.
        let _cancelled = (&mut self.task).await;
    }
}

impl fmt::Debug for DemoServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DemoServer")
            .field("url", &self.url)
            .field("token", &SecretKey::new(self.token.clone()))
            .finish_non_exhaustive()
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Refuses knobs that make no sense, with a message saying which and why.
fn check_knobs(config: &DemoConfig) -> io::Result<Hostility> {
    let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidInput, message);
    if !(config.speed.is_finite() && config.speed > 0.0) {
        return Err(invalid(format!("speed must be a number above 0, not {}", config.speed)));
    }
    Hostility::new(config).map_err(invalid)
}
