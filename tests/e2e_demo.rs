//! `--demo` end to end: the dashboard and a script command against the demo API the binary
//! starts inside itself, with no account; and the demo's restores kept in a journal of their
//! own, apart from the real one.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::flow::{
    STEP_TIMEOUT, open_newest_active_backup, pane_ids, quit_and_check_restored, row_index, screen,
    tick_one_item,
};
use support::pty::{ENTER, Pty, PtyConfig, rows_of};

/// Domains of the demo's first hostings, the same on every run.
const DEMO_DOMAINS: [&str; 2] = ["example-shop.fr", "atelier-lumen.com"];
/// The demo hosting the tests open; it has backups.
const SHOP: &str = DEMO_DOMAINS[0];
/// The breadcrumb's separator, before the open hosting's domain.
const CRUMB: &str = " > ";

/// The journals under the state folder: the real one and the demo's.
const REAL_JOURNAL: &str = "whbackup/journal.jsonl";
const DEMO_JOURNAL: &str = "whbackup/demo-journal.jsonl";

/// The dashboard with `--demo`, keeping its state under `state`.
fn demo_dashboard(state: &Path) -> Pty {
    let config = PtyConfig::with_args(&["--demo"]);
    Pty::start(&config.env("XDG_STATE_HOME", &state.display().to_string()))
}

/// Waits for the demo hostings and opens the shop's backups.
fn open_the_shop(pty: &Pty) {
    let rows = pty.wait_for("the demo hostings", STEP_TIMEOUT, |s| {
        let shown = s.contents();
        shown.contains(screen::HOSTINGS_TITLE) && DEMO_DOMAINS.iter().all(|d| shown.contains(d))
    });
    pty.move_highlight_to(row_index(&rows, SHOP), STEP_TIMEOUT);
    pty.send(ENTER);
    pty.wait_for_text(screen::BACKUPS_TITLE, STEP_TIMEOUT);
}

#[test]
fn the_demo_dashboard_lists_the_demo_hostings_and_opens_one() {
    let state = tempfile::tempdir().unwrap();
    let pty = demo_dashboard(state.path());
    open_the_shop(&pty);
    let shown = pty.screen_text();
    assert!(shown.contains(&format!("{CRUMB}{SHOP}")), "the shop is open:\n{shown}");
    quit_and_check_restored(&pty);
}

#[test]
fn a_demo_restore_goes_to_the_demo_journal_only() {
    let state = tempfile::tempdir().unwrap();
    let pty = demo_dashboard(state.path());
    open_the_shop(&pty);
    open_newest_active_backup(&pty);
    tick_one_item(&pty);
    let known = pane_ids(&pty.screen_rows());
    pty.send("r");
    pty.wait_for_text(screen::OVERWRITTEN, STEP_TIMEOUT);
    pty.send(ENTER);
    pty.wait_for("the demo's answer in the pane", STEP_TIMEOUT, |s| {
        let ids = pane_ids(&rows_of(s));
        ids.iter().any(|id| id != screen::NO_ID_YET && !known.contains(id))
    });
    quit_and_check_restored(&pty);

    let demo_journal = std::fs::read_to_string(state.path().join(DEMO_JOURNAL));
    let demo_journal = demo_journal.expect("the demo journal");
    assert!(demo_journal.contains("\"kind\":\"answer\""), "journaled:\n{demo_journal}");
    assert!(!state.path().join(REAL_JOURNAL).exists(), "the real journal was touched");
    let demo_history = json_of(state.path(), &["--demo", "history", "--json"]);
    assert_eq!(entries(&demo_history).len(), 1, "{demo_history}");
    let real_history = json_of(state.path(), &["history", "--json"]);
    assert!(entries(&real_history).is_empty(), "{real_history}");
}

#[test]
fn a_script_command_runs_against_the_demo() {
    let state = tempfile::tempdir().unwrap();
    let hostings = json_of(state.path(), &["--demo", "hostings", "--json"]);
    let domains: Vec<&str> =
        entries(&hostings).iter().filter_map(|h| h["domain"].as_str()).collect();
    for domain in DEMO_DOMAINS {
        assert!(domains.contains(&domain), "{domain} is missing from {domains:?}");
    }
}

/// Runs `whbackup ARGS` with a clean environment whose home and state folder are `home`,
/// and parses what it prints as JSON.
fn json_of(home: &Path, args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_whbackup"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_STATE_HOME", home)
        .env("SCW_CONFIG_PATH", home.join("missing-scw-config.yaml"))
        .output()
        .expect("run whbackup");
    assert!(output.status.success(), "{args:?} failed: {output:?}");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("{args:?} printed no JSON ({error}): {}", String::from_utf8_lossy(&output.stdout))
    })
}

/// The entries of what must be a JSON array.
fn entries(value: &Value) -> &[Value] {
    value.as_array().unwrap_or_else(|| panic!("not a JSON array: {value}"))
}
