//! INTERFACE STUB: replaced by the dashboard work. Signatures here are the contract.

pub mod poller;

use crate::api::Client;

/// How the dashboard was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Open at this hosting's backups.
    pub hosting: Option<String>,
    /// Hide and refuse every restore action.
    pub read_only: bool,
}

#[allow(clippy::unused_async, unused_variables)]
pub async fn run(client: Client, options: Options) -> anyhow::Result<()> {
    todo!()
}
