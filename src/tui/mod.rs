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

use crate::api::Client;
use app::App;
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
    pub journal: Option<std::path::PathBuf>,
    /// The access key id, named in the journal's intents.
    pub access_key: Option<String>,
    /// How the terminal is told that a watched restore ended.
    pub notify: Notify,
}

/// Runs the dashboard until the user quits or a signal stops it. The terminal is given back
/// on every way out, errors and panics included.
pub async fn run(client: Client, options: Options) -> anyhow::Result<()> {
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
    let first = update::init(&mut state, options.hosting);
    let (executor, poller, messages, poll_events) = app::start_workers(&client);
    tracing::info!(region = %state.region, profile = %state.profile, "dashboard started");
    App { state, tui, executor, poller, messages, poll_events }.run(first).await
}

/// Colours are on unless `NO_COLOR` is set to something (an empty value does not count).
fn color_wanted(no_color: Option<std::ffi::OsString>) -> bool {
    no_color.is_none_or(|value| value.is_empty())
}
