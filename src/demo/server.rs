//! The accept loop: HTTP/1.1 over loopback TCP, one task per connection, and a way for a
//! request to close its own connection without answering.
//!
//! `axum::serve` offers no hold on single connections, so the loop is written here with
//! hyper. Each connection task owns its hyper connection and drops it (closing the socket,
//! with no bytes of answer sent) when a handler asks through [`ConnectionKill`]. Stopping
//! the loop's task stops every connection task with it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::{Extension, Router};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

/// Pause after a failed accept (for example, out of file descriptors) before trying again.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(50);

/// A handle on the connection a request came in on; present in every request's extensions.
#[derive(Debug, Clone, Default)]
pub struct ConnectionKill(Arc<Notify>);

impl ConnectionKill {
    /// Closes the connection at once; the request's answer is never sent.
    pub fn close(&self) {
        self.0.notify_one();
    }
}

/// Serves `app` on `listener` until the returned task is aborted.
pub fn spawn(listener: TcpListener, app: Router) -> JoinHandle<()> {
    tokio::spawn(accept_loop(listener, app))
}

async fn accept_loop(listener: TcpListener, app: Router) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(serve_connection(stream, peer, app.clone()));
                }
                Err(error) => {
                    tracing::warn!(%error, "demo server cannot accept a connection");
                    tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve_connection(stream: TcpStream, peer: SocketAddr, app: Router) {
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, %peer, "demo server cannot disable Nagle's algorithm");
    }
    let kill = ConnectionKill::default();
    let service = TowerToHyperService::new(app.layer(Extension(kill.clone())));
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = connection => {
            if let Err(error) = result {
                tracing::debug!(%error, %peer, "demo connection ended with an error");
            }
        }
        () = kill.0.notified() => tracing::debug!(%peer, "demo connection closed on purpose"),
    }
}
