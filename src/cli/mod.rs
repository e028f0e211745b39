//! INTERFACE STUB: replaced by the script commands work. Signatures here are the contract.

mod table;
mod views;

use std::process::ExitCode;

use crate::api::Client;

/// The script commands: the same engine as the dashboard, for pipes and cron.
#[derive(Debug, clap::Subcommand)]
pub enum ScriptCommand {
    /// List the hostings.
    Hostings(Output),
    /// List the backups of a hosting, newest first.
    Backups {
        #[arg(long, value_name = "ID")]
        hosting: String,
        #[command(flatten)]
        output: Output,
    },
    /// List the items of a backup, grouped by type.
    Items {
        #[arg(long, value_name = "ID")]
        hosting: String,
        #[arg(long, value_name = "ID")]
        backup: String,
        #[command(flatten)]
        output: Output,
    },
    /// List the recent restores of a hosting.
    Progresses {
        #[arg(long, value_name = "ID")]
        hosting: String,
        #[command(flatten)]
        output: Output,
    },
    /// Show one restore.
    Progress {
        #[arg(long, value_name = "ID")]
        hosting: String,
        progress_id: String,
        #[command(flatten)]
        output: Output,
    },
}

/// How a script command prints.
#[derive(Debug, clap::Args)]
pub struct Output {
    /// Print the API's objects as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs one script command; errors go to stderr and give a non-zero code.
#[allow(clippy::unused_async, unused_variables)]
pub async fn run(client: &Client, command: ScriptCommand) -> ExitCode {
    todo!()
}
