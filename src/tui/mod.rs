//! The dashboard: pick a hosting, browse its backups, tick items in a backup's tree,
//! restore them and watch the restores finish.
//!
//! One loop (`app`) owns the state and the terminal. `update` turns messages into state
//! changes and commands; the `executor` runs commands as tasks; the `poller` follows
//! restores; `view` draws the state. See DESIGN.md, "Architecture".

pub mod app;
pub mod cursor;
pub mod executor;
pub mod format;
pub mod keys;
pub mod layout;
pub mod msg;
pub mod poller;
pub mod state;
pub mod terminal;
pub mod tree;
pub mod update;
pub mod view;

use anyhow::Context as _;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::layout::Rect;

use std::path::PathBuf;

use crate::api::Client;
use crate::journal;
use app::App;
use executor::Journaling;
use state::{Settings, State};
pub use terminal::Notify;
use terminal::Tui;

/// How the dashboard was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Open at this hosting's backups.
    pub hosting: Option<String>,
    /// Hide and refuse every restore action.
    pub read_only: bool,
    /// The restore journal; `journal::default_path` when not given.
    pub journal: Option<PathBuf>,
    /// The access key id, named in the journal's intents.
    pub access_key: Option<String>,
    /// How the terminal is told that a watched restore ended.
    pub notify: Notify,
}

/// Runs the dashboard until the user quits or a signal stops it, and tells which. The
/// terminal is given back on every way out, errors and panics included.
pub async fn run(client: Client, options: Options) -> anyhow::Result<app::Exit> {
    let tui = Tui::enter().context("cannot take over the terminal")?;
    let size = tui.terminal.size().context("cannot read the terminal size")?;
    let endpoint = client.endpoint();
    let mut state = State::new(Settings {
        region: endpoint.region.clone(),
        profile: endpoint.profile.clone(),
        read_only: options.read_only,
        color: color_wanted(std::env::var_os("NO_COLOR")),
        now: Timestamp::now(),
        tz: TimeZone::system(),
        area: Rect::new(0, 0, size.width, size.height),
    });
    let mut first = update::init(&mut state, options.hosting);
    let journaling = open_journal(options.journal, options.access_key).await;
    first.extend(update::resume(&mut state, &read_journal(&journaling.path).await));
    let (executor, poller, messages, poll_events) = app::start_workers(&client, journaling);
    tracing::info!(region = %state.region, profile = %state.profile, "dashboard started");
    let notify = options.notify;
    App { state, tui, executor, poller, messages, poll_events, notify }.run(first).await
}

/// Opens the restore journal at `path` (or its default place). A journal that cannot be
/// opened does not stop the dashboard: it refuses restores, saying why.
async fn open_journal(path: Option<PathBuf>, access_key: Option<String>) -> Journaling {
    let path = match path {
        Some(path) => Ok(path),
        None => journal::default_path(&|name| std::env::var(name).ok()),
    };
    let opened = match &path {
        Ok(path) => journal::AsyncJournal::open(path.clone()).await,
        Err(error) => Err(std::io::Error::new(error.kind(), error.to_string())),
    };
    let journal = opened.map_err(|error| {
        tracing::warn!(%error, "restores are off: the journal cannot be opened");
        format!("{error}; pass --journal PATH")
    });
    Journaling { journal, path: path.unwrap_or_default(), access_key }
}

/// The journal's restores, for resuming; an unreadable journal resumes nothing.
async fn read_journal(path: &std::path::Path) -> Vec<journal::RestoreEntry> {
    let path = path.to_owned();
    let read = tokio::task::spawn_blocking(move || journal::read_entries(path)).await;
    read.map_err(std::io::Error::other).and_then(|read| read).unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot read the restore journal; nothing to resume");
        Vec::new()
    })
}

/// Colours are on unless `NO_COLOR` is set to something (an empty value does not count).
fn color_wanted(no_color: Option<std::ffi::OsString>) -> bool {
    no_color.is_none_or(|value| value.is_empty())
}
