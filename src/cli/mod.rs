//! The script commands: the dashboard's engine for pipes and cron. Each prints an aligned
//! table, or with `--json` the API's objects exactly as it sent them, and exits with a code
//! that tells the kind of failure apart.

mod restore;
mod views;

use std::io::{self, Write as _};
use std::process::ExitCode;

use serde::Serialize;
use serde_json::Value;

use crate::api::{ApiError, Client};
use crate::config::ConfigError;
pub use restore::{EXIT_PARTIAL, EXIT_REFUSED, EXIT_RESTORE_FAILED, RestoreArgs, ScriptContext};
use views::Clock;

/// Any failure not listed below: network, server, unreadable answer.
pub const EXIT_FAILURE: u8 = 1;
/// A bad command line or configuration: flags, arguments the API refused, credentials, the
/// config file, the API URL.
pub const EXIT_USAGE: u8 = 2;
/// What was asked for does not exist: a hosting, backup or restore id.
pub const EXIT_NOT_FOUND: u8 = 3;
/// The API refused the secret key, or the key may not do this.
pub const EXIT_AUTH: u8 = 4;

/// The exit codes as `--help` lists them.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  any other failure (network, server, unreadable answer)
  2  bad usage or configuration (flags, arguments the API refused, credentials,
     config file, API URL)
  3  not found (unknown hosting, backup or restore)
  4  authentication refused, or permission denied
  5  restore refused before sending (pre-flight, --read-only, not confirmed)
  6  restore --wait: the restore ended partially completed
  7  restore --wait: the restore failed, was aborted or never finished";

/// The script commands: the same engine as the dashboard, for pipes and cron.
#[derive(Debug, clap::Subcommand)]
pub enum ScriptCommand {
    /// List the hostings.
    #[command(after_help = EXIT_CODES_HELP)]
    Hostings(Output),
    /// List the backups of a hosting, newest first.
    #[command(after_help = EXIT_CODES_HELP)]
    Backups {
        #[arg(long, value_name = "ID")]
        hosting: String,
        #[command(flatten)]
        output: Output,
    },
    /// List the items of a backup, grouped by type.
    #[command(after_help = EXIT_CODES_HELP)]
    Items {
        #[arg(long, value_name = "ID")]
        hosting: String,
        #[arg(long, value_name = "ID")]
        backup: String,
        #[command(flatten)]
        output: Output,
    },
    /// List the recent restores of a hosting.
    #[command(after_help = EXIT_CODES_HELP)]
    Progresses {
        #[arg(long, value_name = "ID")]
        hosting: String,
        #[command(flatten)]
        output: Output,
    },
    /// Show one restore.
    #[command(after_help = EXIT_CODES_HELP)]
    Progress {
        #[arg(long, value_name = "ID")]
        hosting: String,
        progress_id: String,
        #[command(flatten)]
        output: Output,
    },
    /// Restore a backup, or items of it, on a hosting; prints the restore's progress id.
    ///
    /// Without --item, restores the whole backup. Refuses, before sending, a backup or item
    /// that is damaged, locked, disabled or already restoring, and every restore with
    /// --read-only. Asks for confirmation on the terminal unless --yes; with no terminal and
    /// no --yes, refuses. The restore is written to the journal before it is sent.
    #[command(after_help = EXIT_CODES_HELP)]
    Restore(RestoreArgs),
    /// Print the restores this machine asked for, from the restore journal, newest first.
    #[command(after_help = EXIT_CODES_HELP)]
    History(Output),
}

/// How a script command prints.
#[derive(Debug, clap::Args)]
pub struct Output {
    /// Print the API's objects as JSON instead of a table: an array, or one object for
    /// `progress`.
    #[arg(long)]
    pub json: bool,
}

/// Runs one script command; errors go to stderr as `whbackup: <error>` and give a non-zero
/// code (see [`EXIT_CODES_HELP`]).
pub async fn run(client: &Client, command: ScriptCommand, context: &ScriptContext) -> ExitCode {
    let result = match command {
        ScriptCommand::Restore(args) => restore::run_restore(client, args, context).await,
        ScriptCommand::History(output) => {
            restore::history(context.journal_path.clone(), output.json).await.map(|text| (text, 0))
        }
        command => render(client, command).await.map(|text| (text, 0)).map_err(restore::Stop::from),
    };
    match result {
        Ok((text, 0)) => print(text).await,
        Ok((text, code)) => {
            print(text).await;
            ExitCode::from(code)
        }
        Err(stop) => {
            eprintln!("whbackup: {}", stop.message);
            ExitCode::from(stop.code)
        }
    }
}

/// Runs `whbackup history`, which needs no credentials: the journal at `journal_path`, or
/// at its default place.
pub async fn history(journal_path: Option<std::path::PathBuf>, output: &Output) -> ExitCode {
    match restore::history(journal_path, output.json).await {
        Ok(text) => print(text).await,
        Err(stop) => {
            eprintln!("whbackup: {}", stop.message);
            ExitCode::from(stop.code)
        }
    }
}

/// The exit code for an error that ended the program before or outside a script command.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    let code = if error.is::<ConfigError>() {
        EXIT_USAGE
    } else if let Some(error) = error.downcast_ref::<ApiError>() {
        api_exit_code(error)
    } else {
        EXIT_FAILURE
    };
    ExitCode::from(code)
}

pub(crate) fn api_exit_code(error: &ApiError) -> u8 {
    match error {
        ApiError::NotFound { .. } => EXIT_NOT_FOUND,
        ApiError::DeniedAuthentication { .. } | ApiError::PermissionsDenied { .. } => EXIT_AUTH,
        ApiError::InvalidArguments { .. } | ApiError::InsecureUrl { .. } | ApiError::Other(_) => {
            EXIT_USAGE
        }
        _ => EXIT_FAILURE,
    }
}

/// Fetches what the command asks for and lays it out.
async fn render(client: &Client, command: ScriptCommand) -> Result<String, ApiError> {
    // Finding the system's time zone may read files: done on the blocking pool.
    let clock = tokio::task::spawn_blocking(Clock::system).await.unwrap_or_else(|_| Clock::utc());
    let text = match command {
        ScriptCommand::Hostings(output) if output.json => {
            json(&client.list_hostings_as::<Value>().await?)
        }
        ScriptCommand::Hostings(_) => views::hostings(&client.list_hostings().await?, &clock),
        ScriptCommand::Backups { hosting, output } if output.json => {
            json(&client.list_backups_as::<Value>(&hosting).await?)
        }
        ScriptCommand::Backups { hosting, .. } => {
            views::backups(&client.list_backups(&hosting).await?, &clock)
        }
        ScriptCommand::Items { hosting, backup, output } if output.json => {
            json(&client.list_backup_items_as::<Value>(&hosting, &backup).await?)
        }
        ScriptCommand::Items { hosting, backup, .. } => {
            views::items(&client.list_backup_items(&hosting, &backup).await?)
        }
        ScriptCommand::Progresses { hosting, output } if output.json => {
            json(&client.list_recent_progresses_as::<Value>(&hosting).await?)
        }
        ScriptCommand::Progresses { hosting, .. } => {
            views::progresses(&client.list_recent_progresses(&hosting).await?)
        }
        ScriptCommand::Progress { hosting, progress_id, output } if output.json => {
            json(&client.get_progress_as::<Value>(&hosting, &progress_id).await?)
        }
        ScriptCommand::Progress { hosting, progress_id, .. } => {
            views::progress(&client.get_progress(&hosting, &progress_id).await?)
        }
        ScriptCommand::Restore(_) | ScriptCommand::History(_) => {
            unreachable!("`run` handles the commands that write or read the journal")
        }
    };
    Ok(text)
}

pub(crate) fn json(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialize");
    text.push('\n');
    text
}

/// Writes the output, on the blocking pool as stdout may be a slow pipe; a reader that
/// stops early (`| head`) is not a failure.
async fn print(text: String) -> ExitCode {
    let written = tokio::task::spawn_blocking(move || {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush())
    })
    .await
    .unwrap_or_else(|join_error| Err(io::Error::other(join_error)));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("whbackup: cannot write the output: {error}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
