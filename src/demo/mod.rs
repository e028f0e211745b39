//! INTERFACE STUB: replaced by the demo server work. Signatures here are the contract.

use std::net::SocketAddr;

/// The shape and behaviour of the demo API.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    pub seed: u64,
    /// Restores run this many times faster than at normal speed.
    pub speed: f64,
    pub latency_ms: u64,
    /// Share of requests (0.0..=1.0) answered 500, 503 or 429.
    pub fail_rate: f64,
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
            fail_rate: 0.0,
            hostings: 5,
            backups: 0,
            items: 0,
        }
    }
}

/// A running demo server; it stops when shut down or dropped.
pub struct DemoServer {
    pub url: String,
    pub token: String,
}

impl DemoServer {
    /// Binds `listen` (port 0 picks a free one) and serves until shut down.
    #[allow(clippy::unused_async, unused_variables)]
    pub async fn start(
        config: DemoConfig,
        listen: SocketAddr,
        token: String,
    ) -> std::io::Result<Self> {
        todo!()
    }
}
