//! `--demo` end to end: the dashboard and a script command against the demo API the binary
//! starts inside itself, with no account.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::flow::{STEP_TIMEOUT, quit_and_check_restored, row_index, screen};
use support::pty::{ENTER, Pty, PtyConfig};

/// Domains of the demo's first hostings, the same on every run.
const DEMO_DOMAINS: [&str; 2] = ["example-shop.fr", "atelier-lumen.com"];
/// The demo hosting the tests open; it has backups.
const SHOP: &str = DEMO_DOMAINS[0];
/// The breadcrumb's separator, before the open hosting's domain.
const CRUMB: &str = " > ";

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
