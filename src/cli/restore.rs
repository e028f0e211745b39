//! `whbackup restore` and `whbackup history`: a restore from a script, with the same
//! pre-flight rule and journal as the dashboard, and the journal read back.

use std::io::{self, BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use serde_json::json;

use super::{EXIT_FAILURE, EXIT_NOT_FOUND, api_exit_code};
use crate::api::{ApiError, BackupItem, Client, ProgressStatus};
use crate::journal::{self, AsyncJournal, Record, Scope};
use crate::restore::{self, Follow, Order, PreflightAsk, SubmitError, Submitted};

/// A pre-flight refusal, or no confirmation: nothing was sent.
pub const EXIT_REFUSED: u8 = 5;
/// `--wait` saw the restore end partially completed.
pub const EXIT_PARTIAL: u8 = 6;
/// `--wait` saw the restore fail, be aborted, or never finish.
pub const EXIT_RESTORE_FAILED: u8 = 7;

/// Pause between two GetProgress calls of `--wait`.
const WAIT_POLL_EVERY: Duration = Duration::from_millis(500);
/// What the user types to confirm on the terminal.
const CONFIRM_WORD: &str = "yes";

/// What a script restore knows besides its flags.
#[derive(Debug, Clone, Default)]
pub struct ScriptContext {
    /// `--read-only`: every restore is refused.
    pub read_only: bool,
    /// Where the restore journal lives (`--journal`); its default place when `None`.
    pub journal_path: Option<PathBuf>,
    /// The access key id, named in the journal's intents; never the secret key.
    pub access_key: Option<String>,
}

/// The flags of `whbackup restore`.
#[derive(Debug, Clone, clap::Args)]
pub struct RestoreArgs {
    #[arg(long, value_name = "ID")]
    pub hosting: String,
    #[arg(long, value_name = "ID")]
    pub backup: String,
    /// Restore this item of the backup; repeat for more. Without it, the whole backup.
    #[arg(long = "item", value_name = "ID")]
    pub items: Vec<String>,
    /// Do not ask for confirmation, even when a restore already runs on the hosting.
    #[arg(long)]
    pub yes: bool,
    /// Follow the restore until it ends; the exit code tells how it ended.
    #[arg(long)]
    pub wait: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// How a script restore stopped short, with its exit code.
#[derive(Debug)]
pub struct Stop {
    pub code: u8,
    pub message: String,
}

impl Stop {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Self { code: api_exit_code(&error), message: error.to_string() }
    }
}

/// Runs `whbackup restore`: what it prints, and its exit code (0 unless `--wait` saw the
/// restore end badly).
pub async fn run_restore(
    client: &Client,
    args: RestoreArgs,
    context: &ScriptContext,
) -> Result<(String, u8), Stop> {
    let order = check(client, &args, context).await?;
    let (journal, submitted) = send(client, context, order).await?;
    let progress_id = submitted.answer.progress_id.as_deref();
    let ended = match (progress_id, args.wait) {
        (Some(progress_id), true) => {
            let waited = wait(client, &journal, &args.hosting, progress_id, &submitted).await;
            Some(waited.map_err(|error| wait_failed(&error, &args.hosting, progress_id))?)
        }
        (None, true) => {
            eprintln!("whbackup: the API named no progress for this restore; cannot wait for it");
            None
        }
        (_, false) => None,
    };
    let code = match ended.as_ref().map(|(status, _)| status) {
        Some(ProgressStatus::PartiallyCompleted) => EXIT_PARTIAL,
        Some(ProgressStatus::Failed | ProgressStatus::Aborted | ProgressStatus::NeverFinished) => {
            EXIT_RESTORE_FAILED
        }
        _ => 0,
    };
    Ok((report(&args, &submitted, ended), code))
}

/// Opens the journal and submits the restore; nothing is sent when the journal fails.
async fn send(
    client: &Client,
    context: &ScriptContext,
    order: Order,
) -> Result<(AsyncJournal, Submitted), Stop> {
    let not_sent = |error: io::Error| Stop::new(EXIT_FAILURE, format!("restore not sent: {error}"));
    let path = journal_path(context.journal_path.clone()).map_err(not_sent)?;
    let journal = AsyncJournal::open(path).await.map_err(not_sent)?;
    let access_key = context.access_key.as_deref();
    let submitted =
        restore::submit(client, &journal, access_key, order).await.map_err(|error| {
            let code = match &error {
                SubmitError::Request { error, .. } => api_exit_code(error),
                SubmitError::JournalBeforeSend(_) => EXIT_FAILURE,
            };
            let advice = if error.may_have_reached_server() { MAY_HAVE_STARTED } else { "" };
            Stop::new(code, format!("{error}{advice}"))
        })?;
    if let Some(warning) = &submitted.journal_warning {
        eprintln!("whbackup: warning: {warning}");
    }
    Ok((journal, submitted))
}

/// A wait that failed after the restore was taken: the restore goes on without us.
fn wait_failed(error: &ApiError, hosting_id: &str, progress_id: &str) -> Stop {
    let how = format!("`whbackup progress --hosting {hosting_id} {progress_id}`");
    let message = format!(
        "restore {progress_id} was sent, but following it failed: {error}; {how} shows where \
         it stands"
    );
    Stop::new(api_exit_code(error), message)
}

/// Said after a failed request that may have reached the server.
const MAY_HAVE_STARTED: &str =
    "; it may have started anyway, so check `whbackup progresses` before trying again";

/// What `restore` prints: the progress id (and how it ended), or one JSON object.
fn report(
    args: &RestoreArgs,
    submitted: &Submitted,
    ended: Option<(ProgressStatus, f64)>,
) -> String {
    let progress_id = submitted.answer.progress_id.as_deref();
    if args.json {
        let (status, seconds) = ended.map_or((None, None), |(s, d)| (Some(s), Some(d)));
        let value = json!({
            "restore": submitted.key,
            "hosting_id": args.hosting,
            "backup_id": args.backup,
            "progress_id": progress_id,
            "status": status,
            "duration_seconds": seconds,
        });
        return super::json(&value);
    }
    let id = progress_id.unwrap_or("-");
    match ended {
        Some((status, seconds)) => format!("{id}\n{status} after {seconds:.0}s\n"),
        None => format!("{id}\n"),
    }
}

/// Fetches what the pre-flight rule needs, applies it, and asks for confirmation.
async fn check(
    client: &Client,
    args: &RestoreArgs,
    context: &ScriptContext,
) -> Result<Order, Stop> {
    let refused = |reason: String| Stop::new(EXIT_REFUSED, format!("restore refused: {reason}"));
    if context.read_only {
        return Err(refused(restore::Refusal::ReadOnly.to_string()));
    }
    let hosting = client.get_hosting(&args.hosting).await?;
    let backup = client.get_backup(&args.hosting, &args.backup).await?;
    let items = if args.items.is_empty() { None } else { Some(picked_items(client, args).await?) };
    let running = client.list_recent_progresses(&args.hosting).await?;
    let running_on_hosting = running.iter().filter(|p| p.status.is_running()).count();
    let ask = PreflightAsk {
        backup: &backup,
        items: items.as_deref(),
        running_on_hosting,
        read_only: context.read_only,
    };
    let cleared = restore::preflight(&ask).map_err(|refusal| refused(refusal.to_string()))?;
    let scope = items.as_ref().map_or(Scope::Full, Scope::items);
    let domain = hosting.display_domain().to_owned();
    if !args.yes {
        let what = match &scope {
            Scope::Full => "the whole backup".to_owned(),
            Scope::Items(items) => format!("{} item(s)", items.len()),
        };
        let question = format!("Restore {what} of backup {} over {domain}?", backup.id);
        confirm(question, cleared.warning()).await?;
    }
    Ok(Order {
        hosting_id: args.hosting.clone(),
        domain,
        backup_id: backup.id.clone(),
        backup_created_at: backup.created_at,
        scope,
    })
}

/// The backup's items named by `--item`, in the order given; an unknown id is not found.
async fn picked_items(client: &Client, args: &RestoreArgs) -> Result<Vec<BackupItem>, Stop> {
    let groups = client.list_backup_items(&args.hosting, &args.backup).await?;
    let all: Vec<&BackupItem> = groups.iter().flat_map(|group| &group.items).collect();
    args.items
        .iter()
        .map(|id| {
            all.iter().find(|item| &item.id == id).map(|item| (*item).clone()).ok_or_else(|| {
                Stop::new(
                    EXIT_NOT_FOUND,
                    format!("backup {} has no item {id}: `whbackup items` lists them", args.backup),
                )
            })
        })
        .collect()
}

/// Asks on the terminal, saying `warning` first; with no terminal to ask on, refuses and
/// says to pass `--yes`.
async fn confirm(question: String, warning: Option<String>) -> Result<(), Stop> {
    if !io::stdin().is_terminal() {
        let reason = match &warning {
            Some(warning) => format!("{warning}; pass --yes to restore anyway"),
            None => "there is no terminal to confirm on; pass --yes to restore without asking"
                .to_owned(),
        };
        return Err(Stop::new(EXIT_REFUSED, format!("restore not sent: {reason}")));
    }
    let question = match warning {
        Some(warning) => format!("Note: {warning}.\n{question}"),
        None => question,
    };
    let answer = tokio::task::spawn_blocking(move || -> io::Result<String> {
        let mut stderr = io::stderr().lock();
        write!(stderr, "{question}\nType {CONFIRM_WORD} to restore: ")?;
        stderr.flush()?;
        let mut line = String::new();
        io::stdin().lock().read_line(&mut line)?;
        Ok(line)
    })
    .await
    .map_err(io::Error::other)
    .and_then(|answer| answer)
    .map_err(|error| Stop::new(EXIT_FAILURE, format!("cannot read the confirmation: {error}")))?;
    if answer.trim() == CONFIRM_WORD {
        Ok(())
    } else {
        Err(Stop::new(EXIT_REFUSED, "restore not sent: not confirmed"))
    }
}

/// Follows the restore with GetProgress until it is final, journaling each change and the
/// end. Returns the final status and the seconds since the intent.
async fn wait(
    client: &Client,
    journal: &AsyncJournal,
    hosting_id: &str,
    progress_id: &str,
    submitted: &Submitted,
) -> Result<(ProgressStatus, f64), ApiError> {
    let mut follow = Follow::new(submitted.key.clone(), submitted.started_at);
    let mut unknown_since = None;
    loop {
        let progress = client.get_progress(hosting_id, progress_id).await?;
        let now = Timestamp::now();
        for record in follow.seen(&progress.status, progress.percentage, now) {
            write_record(journal, record).await;
        }
        if progress.status.is_final() {
            return Ok((progress.status, follow.seconds_since_start(now)));
        }
        if matches!(progress.status, ProgressStatus::Unknown | ProgressStatus::Other(_)) {
            let since = *unknown_since.get_or_insert_with(Instant::now);
            if since.elapsed() >= restore::UNKNOWN_STATUS_CAP {
                return Err(unknown_for_too_long(&progress.status));
            }
        } else {
            unknown_since = None;
        }
        tokio::time::sleep(WAIT_POLL_EVERY).await;
    }
}

/// The wait's end when the API keeps reporting a status this build cannot read.
fn unknown_for_too_long(status: &ProgressStatus) -> ApiError {
    let minutes = restore::UNKNOWN_STATUS_CAP.as_secs() / SECONDS_PER_MINUTE;
    ApiError::Other(format!(
        "the restore has reported the status `{status}`, which this version does not know, \
         for {minutes} min; stopped waiting: the Scaleway console shows how it ended"
    ))
}

const SECONDS_PER_MINUTE: u64 = 60;

/// A status that cannot be journaled is worth a warning, not abandoning the wait.
async fn write_record(journal: &AsyncJournal, record: Record) {
    if let Err(error) = journal.append(record).await {
        eprintln!("whbackup: warning: cannot write to the restore journal: {error}");
    }
}

/// `--journal`, else the journal's default place.
fn journal_path(given: Option<PathBuf>) -> io::Result<PathBuf> {
    match given {
        Some(path) => Ok(path),
        None => journal::default_path(&|name| std::env::var(name).ok()).map_err(|error| {
            io::Error::new(error.kind(), format!("{error}, or pass --journal PATH"))
        }),
    }
}

/// Runs `whbackup history`: the journal as a table, or as JSON.
pub async fn history(path: Option<PathBuf>, as_json: bool) -> Result<String, Stop> {
    let path = journal_path(path).map_err(|error| Stop::new(EXIT_FAILURE, error.to_string()))?;
    let read = tokio::task::spawn_blocking(move || journal::read_entries(path))
        .await
        .map_err(io::Error::other)
        .and_then(|read| read)
        .map_err(|error| Stop::new(EXIT_FAILURE, error.to_string()))?;
    Ok(if as_json {
        super::json(&journal::history_json(&read))
    } else {
        journal::history_table(&read)
    })
}
