//! End-to-end tests: the real `whbackup` binary in a pseudo-terminal, its screen read through
//! a terminal emulator, against a demo server running as a separate process.

mod support;

use std::time::Duration;

use support::demo_process::DemoProcess;
use support::flow::{
    EXIT_TIMEOUT, STEP_TIMEOUT, last_word, open_newest_active_backup, quit_and_check_restored,
    row_id, row_index,
};
use support::pty::{ENTER, ESC, Pty, PtyConfig, rows_of};

/// How long a restore may take to reach a final status at the test speed.
const RESTORE_TIMEOUT: Duration = Duration::from_secs(60);

/// Restores run this many times faster than normal (10-30 s become well under a second).
const DEMO_SPEED: u32 = 50;

/// A terminal that holds the whole `--help` text.
const HELP_COLS: u16 = 200;
const HELP_ROWS: u16 = 80;

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

/// Texts the dashboard shows at each step of the flow: the shared ones, and these.
mod screen {
    pub use crate::support::flow::screen::*;

    /// The restores pane before any hosting is open.
    pub const NO_RESTORES: &str = "No restores yet: tick items in a backup and press r";
    /// The same, with `--read-only`.
    pub const NO_RESTORES_READ_ONLY: &str = "No restores yet (read-only: restores are off)";
    /// A hosting with no backups.
    pub const NO_BACKUPS: &str = "No backups yet";
    /// The footer hint for `r`.
    pub const RESTORE_HINT: &str = "r restore";
    /// The footer once two items are ticked.
    pub const TWO_SELECTED: &str = "2 items ·";
    /// The restore dialog for ticked items.
    pub const RESTORE_DIALOG: &str = "Restore items";
    /// The notice `r` gets with `--read-only`.
    pub const RESTORES_OFF: &str = "Restores are off";
    /// What the pane calls two restored items.
    pub const TWO_ITEMS: &str = "2 items";
    /// The notice of a watched restore that ended.
    pub const FINISHED_NOTICE: &str = "Restore finished";
}

/// Status words of a finished restore, as the pane writes them.
const FINAL_WORDS: [&str; 5] =
    ["completed", "partially completed", "failed", "aborted", "never finished"];

/// How many hostings the flow tries before deciding none has backups.
const MAX_HOSTINGS_TRIED: usize = 10;

#[test]
fn restore_two_items_and_watch_it_finish() {
    let demo = DemoProcess::start(DEMO_SPEED);
    let state = tempfile::tempdir().unwrap();
    let journal_path = state.path().join("journal.jsonl");
    let journal_arg = journal_path.to_str().unwrap();
    let pty = dashboard(&demo, &["--journal", journal_arg, "--notify", "osc9"]);
    pty.wait_for_text(screen::NO_RESTORES, STEP_TIMEOUT);
    open_first_hosting_with_backups(&pty);
    open_newest_active_backup(&pty);
    tick_two_active_items(&pty);
    assert!(footer(&pty.screen_rows()).contains(screen::RESTORE_HINT), "{}", pty.screen_text());

    let known_ids: Vec<String> =
        restores_pane(&pty.screen_rows()).iter().map(|r| row_id(r)).collect();
    pty.send("r");
    pty.wait_for_text(screen::OVERWRITTEN, STEP_TIMEOUT);
    assert!(pty.screen_text().contains(screen::RESTORE_DIALOG), "{}", pty.screen_text());
    let sent_mark = pty.raw_len();
    pty.send(ENTER);
    pty.wait_for_no_text(screen::OVERWRITTEN, STEP_TIMEOUT);
    let new_id = wait_for_new_restore(&pty, &known_ids);
    let finished = pty.wait_for(&format!("restore {new_id} to finish"), RESTORE_TIMEOUT, |s| {
        pane_row(&rows_of(s), &new_id).is_some_and(|row| is_final_row(&row))
    });
    let row = pane_row(&finished, &new_id).expect("the finished restore's row");
    assert!(row.contains(screen::TWO_ITEMS), "the pane row says what was restored: {row}");
    pty.wait_for_text(screen::FINISHED_NOTICE, STEP_TIMEOUT);
    let raw = pty.raw_since(sent_mark);
    let osc9 = b"\x1b]9;Restore of ";
    assert!(raw.windows(osc9.len()).any(|w| w == osc9), "no desktop notification was written");

    quit_and_check_restored(&pty);
    let journal = std::fs::read_to_string(&journal_path).expect("the restore was journaled");
    let kinds: Vec<String> = journal
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .map(|record| record["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("intent"), "{kinds:?}");
    assert_eq!(kinds.get(1).map(String::as_str), Some("answer"), "{kinds:?}");
    assert_eq!(kinds.last().map(String::as_str), Some("final"), "{kinds:?}");
}

#[test]
fn read_only_offers_no_restore() {
    let demo = DemoProcess::start(DEMO_SPEED);
    let pty = dashboard(&demo, &["--read-only"]);
    pty.wait_for_text(screen::NO_RESTORES_READ_ONLY, STEP_TIMEOUT);
    open_first_hosting_with_backups(&pty);
    open_newest_active_backup(&pty);
    tick_two_active_items(&pty);
    assert!(!footer(&pty.screen_rows()).contains(screen::RESTORE_HINT), "{}", pty.screen_text());
    let pane_before = restores_pane(&pty.screen_rows());

    pty.send("r");
    pty.wait_for_text(screen::RESTORES_OFF, STEP_TIMEOUT);
    assert!(!pty.screen_text().contains(screen::OVERWRITTEN), "{}", pty.screen_text());
    assert_eq!(restores_pane(&pty.screen_rows()), pane_before, "a restore appeared");

    quit_and_check_restored(&pty);
}

/// Restores run this much faster than real ones in the resume test: slow enough (5 s at
/// least) to quit the dashboard before the restore ends.
const RESUME_DEMO_SPEED: u32 = 2;

#[test]
fn a_restore_left_running_is_watched_again_at_the_next_start() {
    let demo = DemoProcess::start(RESUME_DEMO_SPEED);
    let state = tempfile::tempdir().unwrap();
    let journal_path = state.path().join("journal.jsonl");
    let journal_arg = journal_path.to_str().unwrap();

    let first = dashboard(&demo, &["--journal", journal_arg]);
    first.wait_for_text(screen::NO_RESTORES, STEP_TIMEOUT);
    open_first_hosting_with_backups(&first);
    open_newest_active_backup(&first);
    tick_two_active_items(&first);
    let known_ids: Vec<String> =
        restores_pane(&first.screen_rows()).iter().map(|r| row_id(r)).collect();
    first.send("r");
    first.wait_for_text(screen::OVERWRITTEN, STEP_TIMEOUT);
    first.send(ENTER);
    let new_id = wait_for_new_restore(&first, &known_ids);
    quit_and_check_restored(&first);
    let before = std::fs::read_to_string(&journal_path).unwrap();
    assert!(!before.contains("\"final\""), "the restore ended before the quit: {before}");

    let second = dashboard(&demo, &["--journal", journal_arg]);
    let resumed = second.wait_for("the resumed restore in the pane", STEP_TIMEOUT, |s| {
        pane_row(&rows_of(s), &new_id).is_some()
    });
    assert!(pane_row(&resumed, &new_id).is_some_and(|row| row.contains(screen::TWO_ITEMS)));
    second.wait_for(&format!("restore {new_id} to finish"), RESTORE_TIMEOUT, |s| {
        pane_row(&rows_of(s), &new_id).is_some_and(|row| is_final_row(&row))
    });
    second.wait_for_text(screen::FINISHED_NOTICE, STEP_TIMEOUT);
    quit_and_check_restored(&second);

    let journal = std::fs::read_to_string(&journal_path).unwrap();
    let kinds: Vec<String> = journal
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .map(|record| record["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds.iter().filter(|kind| *kind == "intent").count(), 1, "{kinds:?}");
    assert_eq!(kinds.last().map(String::as_str), Some("final"), "{kinds:?}");
}

/// Opens hostings from the top until one lists backups.
fn open_first_hosting_with_backups(pty: &Pty) {
    for tried in 0..MAX_HOSTINGS_TRIED {
        pty.wait_for_text(screen::HOSTINGS_TITLE, STEP_TIMEOUT);
        let title = row_index(&pty.screen_rows(), screen::HOSTINGS_TITLE);
        pty.move_highlight_to(title + 1 + tried, STEP_TIMEOUT);
        pty.send(ENTER);
        if wait_for_any(pty, &[screen::BACKUPS_TITLE, screen::NO_BACKUPS]) == screen::BACKUPS_TITLE
        {
            return;
        }
        pty.send(ESC);
    }
    panic!("none of the first {MAX_HOSTINGS_TRIED} hostings has backups:\n{}", pty.screen_text());
}

/// Expands the first group (other than `full`) holding two items or more, and ticks its
/// first two active items.
fn tick_two_active_items(pty: &Pty) {
    let rows = pty.screen_rows();
    let group = rows.iter().position(|row| {
        row.contains(screen::COLLAPSED)
            && !row.contains(&format!("] {} ", screen::FULL_GROUP))
            && item_count(row) >= 2
    });
    let group = group.unwrap_or_else(|| panic!("no group of 2 items:\n{}", rows.join("\n")));
    pty.move_highlight_to(group, STEP_TIMEOUT);
    pty.send(ENTER);
    let expanded = pty.wait_for("the group to expand", STEP_TIMEOUT, |s| {
        rows_of(s)[group].contains(screen::EXPANDED)
    });
    let rows = expanded;
    let items = (group + 1..rows.len())
        .take_while(|&i| !rows[i].contains(screen::COLLAPSED))
        .filter(|&i| last_word(&rows[i]) == screen::ACTIVE)
        .take(2);
    for item in items.collect::<Vec<_>>() {
        pty.move_highlight_to(item, STEP_TIMEOUT);
        pty.send(" ");
        pty.wait_for("the item to be ticked", STEP_TIMEOUT, |s| {
            rows_of(s)[item].contains(screen::TICKED)
        });
    }
    pty.wait_for_text(screen::TWO_SELECTED, STEP_TIMEOUT);
}

/// Waits for the pane to show a restore id that was not there before; returns it.
fn wait_for_new_restore(pty: &Pty, known_ids: &[String]) -> String {
    let is_new = |row: &String| {
        let id = row_id(row);
        id != screen::NO_ID_YET && !known_ids.contains(&id)
    };
    let shown = pty.wait_for("the new restore's id in the pane", STEP_TIMEOUT, |s| {
        restores_pane(&rows_of(s)).iter().any(is_new)
    });
    let pane = restores_pane(&shown);
    row_id(pane.iter().find(|row| is_new(row)).expect("the new row"))
}

/// Waits until the screen shows one of `texts`; returns the first one found.
fn wait_for_any<'a>(pty: &Pty, texts: &[&'a str]) -> &'a str {
    let what = format!("one of {texts:?}");
    let shown =
        pty.wait_for(&what, STEP_TIMEOUT, |s| texts.iter().any(|t| s.contents().contains(t)));
    let shown = shown.join("\n");
    texts.iter().find(|text| shown.contains(*text)).expect("a text the wait saw")
}

/// The rows of the restores pane: below its heading, down to the footer's border.
fn restores_pane(rows: &[String]) -> Vec<String> {
    let Some(start) = rows.iter().position(|row| row.contains(screen::RESTORES_PANE)) else {
        return Vec::new();
    };
    let pane = rows[start + 1..].iter().take_while(|row| !row.starts_with('├'));
    let is_restore =
        |row: &&String| !row_id(row).is_empty() && !row.contains(screen::NO_RESTORES_YET);
    pane.filter(is_restore).cloned().collect()
}

/// The pane row of the restore whose short id is `id`.
fn pane_row(rows: &[String], id: &str) -> Option<String> {
    restores_pane(rows).into_iter().find(|row| row_id(row) == id)
}

/// The item count a group row shows (`12 items`), or 0.
fn item_count(row: &str) -> u64 {
    let words: Vec<&str> = row.split_whitespace().collect();
    let count = words.windows(2).find(|pair| pair[1] == "items").map(|pair| pair[0]);
    count.and_then(|count| count.parse().ok()).unwrap_or(0)
}

/// The footer's status line: the row above the bottom border.
fn footer(rows: &[String]) -> String {
    let bottom = rows.iter().rposition(|row| row.starts_with('└')).unwrap_or(rows.len());
    rows[..bottom].last().cloned().unwrap_or_default()
}

fn is_final_row(row: &str) -> bool {
    FINAL_WORDS.iter().any(|word| row.contains(word))
}
