//! End-to-end tests: the real `whbackup` binary in a pseudo-terminal, its screen read through
//! a terminal emulator, against a demo server running as a separate process.

mod support;

use std::time::Duration;

use support::demo_process::DemoProcess;
use support::pty::{ENTER, ESC, Pty, PtyConfig};

/// How long a screen may take to show what a step expects.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// How long a restore may take to reach a final status at the test speed.
const RESTORE_TIMEOUT: Duration = Duration::from_secs(60);

/// How long the program may take to exit after `q`.
const EXIT_TIMEOUT: Duration = Duration::from_secs(10);

/// Restores run this many times faster than normal (10-30 s become well under a second).
const DEMO_SPEED: u32 = 50;

/// A terminal that holds the whole `--help` text.
const HELP_COLS: u16 = 200;
const HELP_ROWS: u16 = 80;

/// Words the restores pane uses for a finished restore.
const FINAL_WORDS: [&str; 3] = ["completed", "partially completed", "failed"];

#[test]
fn help_prints_usage_and_exits_zero() {
    // Tall and wide enough for the whole text to stay on screen.
    let config =
        PtyConfig { cols: HELP_COLS, rows: HELP_ROWS, ..PtyConfig::with_args(&["--help"]) };
    let pty = Pty::start(&config);
    pty.wait_for_text("Usage: whbackup", STEP_TIMEOUT);
    let status = pty.wait_exit(EXIT_TIMEOUT);
    assert!(status.success(), "`whbackup --help` exited with {status:?}");
    assert!(pty.screen_text().contains("--read-only"), "{}", pty.screen_text());
}

/// Starts the dashboard in a pseudo-terminal against `demo`.
fn dashboard(demo: &DemoProcess, extra_args: &[&str]) -> Pty {
    let mut args = vec!["--api-url", demo.url.as_str()];
    args.extend_from_slice(extra_args);
    Pty::start(&PtyConfig::with_args(&args).env("SCW_SECRET_KEY", &demo.token))
}

/// Texts the dashboard shows at each step of the flow.
mod screen {
    /// The hostings list has loaded.
    pub const HOSTINGS_LOADED: &str = "Hostings";
    /// A hosting's backups list is empty.
    pub const NO_BACKUPS: &str = "No backups";
    /// A backup or item that may be restored.
    pub const ACTIVE: &str = "active";
    /// An unticked item of the tree.
    pub const UNTICKED: &str = "[ ]";
    /// A ticked item of the tree.
    pub const TICKED: &str = "[x]";
    /// A collapsed group of the tree.
    pub const COLLAPSED: &str = "[+]";
    /// The restore dialog is open.
    pub const RESTORE_DIALOG: &str = "Restore";
    /// The heading of the restores pane.
    pub const RESTORES_PANE: &str = "Restores";
    /// What the dashboard says when `r` is pressed with `--read-only`.
    pub const READ_ONLY: &str = "read-only";
}

/// How many hostings the flow tries before deciding none has backups.
const MAX_HOSTINGS_TRIED: usize = 10;

#[test]
#[ignore = "needs the dashboard (branch tui) on main"]
fn restore_two_items_and_watch_it_finish() {
    let demo = DemoProcess::start(DEMO_SPEED);
    let pty = dashboard(&demo, &[]);
    open_first_hosting_with_backups(&pty);
    open_newest_active_backup(&pty);
    let before_restore = restores_pane(&pty.screen_text());
    tick_two_items(&pty);

    pty.send("r");
    pty.wait_for_text(screen::RESTORE_DIALOG, STEP_TIMEOUT);
    pty.send(ENTER);
    let finished = pty.wait_for("a final status in the restores pane", RESTORE_TIMEOUT, |s| {
        let pane = restores_pane(&s.contents());
        pane.len() > before_restore.len() && pane.iter().any(|row| is_final_row(row))
    });
    let pane = restores_pane(&finished);
    assert!(pane.iter().any(|row| row.contains("2 items")), "restores pane:\n{}", pane.join("\n"));

    quit_and_check_restored(&pty);
}

#[test]
#[ignore = "needs the dashboard (branch tui) on main"]
fn read_only_offers_no_restore() {
    let demo = DemoProcess::start(DEMO_SPEED);
    let pty = dashboard(&demo, &["--read-only"]);
    open_first_hosting_with_backups(&pty);
    open_newest_active_backup(&pty);
    let before = restores_pane(&pty.screen_text());
    pty.send(" ");
    pty.send("r");

    pty.wait_for_text(screen::READ_ONLY, STEP_TIMEOUT);
    assert!(!pty.screen_text().contains(screen::RESTORE_DIALOG), "{}", pty.screen_text());
    assert_eq!(restores_pane(&pty.screen_text()), before, "a restore appeared");
    quit_and_check_restored(&pty);
}

/// Opens hostings from the top until one lists backups.
fn open_first_hosting_with_backups(pty: &Pty) {
    pty.wait_for_text(screen::HOSTINGS_LOADED, STEP_TIMEOUT);
    for tried in 0..MAX_HOSTINGS_TRIED {
        pty.send(ENTER);
        let found = wait_for_any(pty, &[screen::ACTIVE, screen::NO_BACKUPS]);
        if found == screen::ACTIVE {
            return;
        }
        pty.send(ESC);
        pty.wait_for_no_text(screen::NO_BACKUPS, STEP_TIMEOUT);
        pty.send(&"j".repeat(tried + 1));
    }
    panic!("none of the first {MAX_HOSTINGS_TRIED} hostings has backups:\n{}", pty.screen_text());
}

/// Moves to the newest active backup (the list is newest first) and opens its items.
fn open_newest_active_backup(pty: &Pty) {
    let text = pty.screen_text();
    let rows: Vec<&str> = text.lines().collect();
    let first_backup = rows.iter().position(|row| is_backup_row(row)).expect("a backup row");
    let active = rows.iter().position(|row| is_backup_row(row) && row.contains(screen::ACTIVE));
    let active = active.expect("an active backup");
    pty.send(&"j".repeat(active - first_backup));
    pty.send(ENTER);
    pty.wait_for_text(screen::UNTICKED, STEP_TIMEOUT);
}

/// Expands the first group if groups start collapsed, then ticks the first two items.
fn tick_two_items(pty: &Pty) {
    if pty.screen_text().contains(screen::COLLAPSED) {
        pty.send(ENTER);
        pty.wait_for_no_text(screen::COLLAPSED, STEP_TIMEOUT);
    }
    pty.send("j j ");
    pty.wait_for("two ticked items", STEP_TIMEOUT, |s| {
        s.contents().matches(screen::TICKED).count() >= 2
    });
}

/// Presses `q` and checks the exit status and that the terminal was put back.
fn quit_and_check_restored(pty: &Pty) {
    let mark = pty.raw_len();
    pty.send("q");
    let status = pty.wait_exit(EXIT_TIMEOUT);
    assert!(status.success(), "the dashboard exited with {status:?}");
    pty.assert_terminal_restored(mark);
}

/// Waits until the screen shows one of `texts`; returns the first one found.
fn wait_for_any<'a>(pty: &Pty, texts: &[&'a str]) -> &'a str {
    let what = format!("one of {texts:?}");
    let shown =
        pty.wait_for(&what, STEP_TIMEOUT, |s| texts.iter().any(|t| s.contents().contains(t)));
    texts.iter().find(|text| shown.contains(*text)).expect("a text the wait saw")
}

/// The rows of the restores pane: from its heading to the bottom of the screen.
fn restores_pane(text: &str) -> Vec<String> {
    let rows = text.lines().skip_while(|row| !row.contains(screen::RESTORES_PANE)).skip(1);
    rows.filter(|row| row.contains('%')).map(str::to_owned).collect()
}

fn is_final_row(row: &str) -> bool {
    FINAL_WORDS.iter().any(|word| row.contains(word))
}

fn is_backup_row(row: &str) -> bool {
    row.contains(" ago")
}
