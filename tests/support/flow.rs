//! Steps of the dashboard's restore flow that several end-to-end tests take, and an
//! in-process demo server with a runtime of its own for tests that are not async.

use std::time::Duration;

use tokio::runtime::Runtime;
use whbackup::demo::{DemoConfig, DemoServer};

use super::pty::{ENTER, Pty, rows_of};

/// How long a screen may take to show what a step expects.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the program may take to exit after `q`.
pub const EXIT_TIMEOUT: Duration = Duration::from_secs(10);

/// Texts the dashboard shows along the flow.
pub mod screen {
    /// A column title of a loaded hostings table.
    pub const HOSTINGS_TITLE: &str = "Domain";
    /// A column title of a loaded backups table.
    pub const BACKUPS_TITLE: &str = "Age";
    pub const ACTIVE: &str = "active";
    pub const COLLAPSED: &str = "▸";
    pub const EXPANDED: &str = "▾";
    pub const TICKED: &str = "[x]";
    /// The group of the one item that restores a whole backup.
    pub const FULL_GROUP: &str = "full";
    /// The restore dialog's list of what is overwritten.
    pub const OVERWRITTEN: &str = "These will be overwritten on";
    /// The dialog once confirmed.
    pub const SENDING: &str = "Sending the restore…";
    pub const RESTORES_PANE: &str = " Restores ";
    /// The id column of a restore whose request has not been answered yet.
    pub const NO_ID_YET: &str = "—";
    pub const NO_RESTORES_YET: &str = "No restores yet";
    /// The help overlay.
    pub const HELP: &str = "Keys (any key closes)";
    /// The hint under a list that failed to load.
    pub const RETRY_HINT: &str = "Ctrl-R retries";
    pub const LOAD_FAILED: &str = "Could not load the";
    pub const LOADING_HOSTINGS: &str = "Loading the hostings";
}

/// A demo server in this process, on a runtime of its own, so a synchronous test can drive
/// the real binary and still count what the server received.
pub struct InProcessDemo {
    // Declared before the runtime: fields drop in order, and the server's task belongs to it.
    pub server: DemoServer,
    _runtime: Runtime,
}

impl InProcessDemo {
    pub fn start(config: DemoConfig, token: &str) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the demo server");
        let listen = "127.0.0.1:0".parse().expect("a loopback address");
        let server = runtime
            .block_on(DemoServer::start(config, listen, token.to_owned()))
            .expect("start the demo server");
        Self { server, _runtime: runtime }
    }
}

/// On a hosting's backups list, opens the newest active backup's item tree.
pub fn open_newest_active_backup(pty: &Pty) {
    pty.wait_for_text(screen::BACKUPS_TITLE, STEP_TIMEOUT);
    let rows = pty.wait_for("a backup row", STEP_TIMEOUT, |s| {
        let rows = rows_of(s);
        rows.iter().any(|row| last_word(row) == screen::ACTIVE)
    });
    let title = row_index(&rows, screen::BACKUPS_TITLE);
    let active = (title + 1..rows.len()).find(|&i| last_word(&rows[i]) == screen::ACTIVE);
    let active = active.unwrap_or_else(|| panic!("no active backup:\n{}", rows.join("\n")));
    pty.move_highlight_to(active, STEP_TIMEOUT);
    pty.send(ENTER);
    pty.wait_for_text(screen::COLLAPSED, STEP_TIMEOUT);
}

/// Expands the first group other than `full` and ticks its first active item.
pub fn tick_one_item(pty: &Pty) {
    let rows = pty.screen_rows();
    let group = rows.iter().position(|row| {
        row.contains(screen::COLLAPSED) && !row.contains(&format!("] {} ", screen::FULL_GROUP))
    });
    let group = group.unwrap_or_else(|| panic!("no group to open:\n{}", rows.join("\n")));
    pty.move_highlight_to(group, STEP_TIMEOUT);
    pty.send(ENTER);
    let rows = pty.wait_for("the group to expand", STEP_TIMEOUT, |s| {
        rows_of(s)[group].contains(screen::EXPANDED)
    });
    let item = (group + 1..rows.len()).find(|&i| last_word(&rows[i]) == screen::ACTIVE);
    let item = item.unwrap_or_else(|| panic!("no active item:\n{}", rows.join("\n")));
    pty.move_highlight_to(item, STEP_TIMEOUT);
    pty.send(" ");
    pty.wait_for("the item to be ticked", STEP_TIMEOUT, |s| {
        rows_of(s)[item].contains(screen::TICKED)
    });
}

/// Presses `q` and checks the exit status and that the terminal was put back.
pub fn quit_and_check_restored(pty: &Pty) {
    let mark = pty.raw_len();
    pty.send("q");
    let status = pty.wait_exit(EXIT_TIMEOUT);
    assert!(status.success(), "the dashboard exited with {status:?}");
    pty.assert_terminal_restored(mark);
}

/// The ids the restores pane shows, answered or not (`—`).
pub fn pane_ids(rows: &[String]) -> Vec<String> {
    let Some(start) = rows.iter().position(|row| row.contains(screen::RESTORES_PANE)) else {
        return Vec::new();
    };
    let pane = rows[start + 1..].iter().take_while(|row| !row.starts_with('├'));
    pane.filter(|row| !row.contains(screen::NO_RESTORES_YET))
        .map(|row| row_id(row))
        .filter(|id| !id.is_empty())
        .collect()
}

/// A pane row's restore id: its first word after the border and the cursor marker.
pub fn row_id(row: &str) -> String {
    let mut words = row.trim_matches(|c: char| c == '│' || c.is_whitespace()).split_whitespace();
    let first = words.next().unwrap_or_default();
    let id = if first == "▶" { words.next().unwrap_or_default() } else { first };
    id.to_owned()
}

/// The last word of a table row, inside the border: a backup's or an item's status.
pub fn last_word(row: &str) -> &str {
    let inner = row.trim_end().trim_end_matches('│').trim_end();
    inner.rsplit(' ').next().unwrap_or_default()
}

/// The index of the first row containing `text`.
pub fn row_index(rows: &[String], text: &str) -> usize {
    let index = rows.iter().position(|row| row.contains(text));
    index.unwrap_or_else(|| panic!("no row shows {text:?}:\n{}", rows.join("\n")))
}
