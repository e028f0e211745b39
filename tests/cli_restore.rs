//! The real `whbackup restore` and `whbackup history` against a demo API on loopback:
//! pre-flight refusals with nothing sent, read-only, an item restore followed to its end,
//! and the journal it leaves behind.

mod cli_support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::Method;
use serde_json::Value;
use tempfile::TempDir;
use whbackup::api::ProgressStatus;
use whbackup::demo::{DemoConfig, DemoServer};

use cli_support::{Outcome, run};

const TOKEN: &str = "5ca1ab1e-0000-4000-8000-00000000c11e";
/// The demo hosting whose backups include damaged, locked and disabled ones.
const MIXED_HOSTING: &str = "986c786e-42dc-4496-a2da-52d3ba5e68cc";
/// Demo restores run this much faster than real ones, so `--wait` ends within the test.
const DEMO_SPEED: f64 = 2000.0;
/// Exit codes, as `whbackup --help` documents them.
const EXIT_REFUSED: i32 = 5;
const EXIT_PARTIAL: i32 = 6;
const EXIT_RESTORE_FAILED: i32 = 7;

struct Demo {
    server: DemoServer,
    _runtime: tokio::runtime::Runtime,
    home: TempDir,
}

impl Demo {
    fn start() -> Self {
        Self::start_at(DEMO_SPEED)
    }

    /// A demo whose restores run `speed` times faster than real ones.
    fn start_at(speed: f64) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let config = DemoConfig { speed, ..DemoConfig::default() };
        let server = runtime.block_on(DemoServer::start(config, listen, TOKEN.into())).unwrap();
        Self { server, _runtime: runtime, home: tempfile::tempdir().unwrap() }
    }

    fn journal(&self) -> PathBuf {
        self.home.path().join("state/journal.jsonl")
    }

    /// Runs the binary with no terminal on stdin, the demo's URL and token, and the test's
    /// own journal.
    fn run(&self, args: &[&str]) -> Outcome {
        let mut command = Command::new(env!("CARGO_BIN_EXE_whbackup"));
        command
            .env_clear()
            .env("HOME", self.home.path())
            .env("SCW_CONFIG_PATH", self.home.path().join("absent/config.yaml"))
            .env("SCW_SECRET_KEY", TOKEN)
            .env("SCW_ACCESS_KEY", "SCWTESTACCESSKEY000")
            .env("TZ", "UTC")
            .arg("--api-url")
            .arg(&self.server.url)
            .arg("--journal")
            .arg(self.journal())
            .args(args);
        run(command)
    }

    fn json(&self, args: &[&str]) -> Value {
        let outcome = self.run(args);
        assert_eq!(outcome.code, 0, "{args:?} failed: {outcome:#?}");
        serde_json::from_str(&outcome.stdout).unwrap()
    }

    /// The id of a backup of `hosting` with `status`.
    fn backup_with(&self, hosting: &str, status: &str) -> String {
        self.backups_with(hosting, status).swap_remove(0)
    }

    /// The ids of every backup of `hosting` with `status`.
    fn backups_with(&self, hosting: &str, status: &str) -> Vec<String> {
        let backups = self.json(&["backups", "--hosting", hosting, "--json"]);
        let ids: Vec<String> = backups
            .as_array()
            .unwrap()
            .iter()
            .filter(|backup| backup["status"] == status)
            .map(|backup| backup["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(!ids.is_empty(), "no {status} backup in {backups}");
        ids
    }

    fn posts(&self) -> usize {
        self.server.requests().iter().filter(|request| request.method == Method::POST).count()
    }
}

/// The kinds of the journal's records, in file order.
fn record_kinds(journal: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(journal).unwrap();
    text.lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["kind"].as_str().unwrap().into())
        .collect()
}

#[test]
fn damaged_locked_and_disabled_backups_are_refused_before_sending() {
    let demo = Demo::start();
    for (status, reason) in [("damaged", "damaged"), ("locked", "locked"), ("disabled", "disabled")]
    {
        let backup = demo.backup_with(MIXED_HOSTING, status);
        let outcome =
            demo.run(&["restore", "--hosting", MIXED_HOSTING, "--backup", &backup, "--yes"]);
        assert_eq!(outcome.code, EXIT_REFUSED, "{outcome:#?}");
        assert!(outcome.stderr.contains(reason), "{outcome:#?}");
    }
    assert_eq!(demo.posts(), 0, "a refused restore sends nothing");
    assert!(!demo.journal().exists(), "a refused restore is not journaled");
}

#[test]
fn read_only_refuses_and_the_server_sees_no_post() {
    let demo = Demo::start();
    let backup = demo.backup_with(MIXED_HOSTING, "active");
    demo.server.clear_requests();
    let outcome = demo.run(&[
        "--read-only",
        "restore",
        "--hosting",
        MIXED_HOSTING,
        "--backup",
        &backup,
        "--yes",
    ]);
    assert_eq!(outcome.code, EXIT_REFUSED, "{outcome:#?}");
    assert!(outcome.stderr.contains("--read-only"), "{outcome:#?}");
    assert_eq!(demo.posts(), 0, "{:#?}", demo.server.requests());
}

#[test]
fn without_a_terminal_or_yes_nothing_is_asked_nor_sent() {
    let demo = Demo::start();
    let backup = demo.backup_with(MIXED_HOSTING, "active");
    let outcome = demo.run(&["restore", "--hosting", MIXED_HOSTING, "--backup", &backup]);
    assert_eq!(outcome.code, EXIT_REFUSED, "{outcome:#?}");
    assert!(outcome.stderr.contains("--yes"), "{outcome:#?}");
    assert!(!outcome.stderr.contains("Type yes"), "no prompt without a terminal");
    assert_eq!(demo.posts(), 0);
}

#[test]
fn an_item_restore_is_followed_to_its_end_and_journaled() {
    let demo = Demo::start();
    let hosting = MIXED_HOSTING;
    let backup = demo.backup_with(hosting, "active");
    let groups = demo.json(&["items", "--hosting", hosting, "--backup", &backup, "--json"]);
    let item = groups
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|group| group["items"].as_array().unwrap())
        .find(|item| item["status"] == "active")
        .expect("the backup has an active item");
    let item_id = item["id"].as_str().unwrap();

    let outcome = demo.run(&[
        "restore",
        "--hosting",
        hosting,
        "--backup",
        &backup,
        "--item",
        item_id,
        "--yes",
        "--wait",
        "--json",
    ]);
    assert!(
        [0, EXIT_PARTIAL, EXIT_RESTORE_FAILED].contains(&outcome.code),
        "the wait ends with a final status: {outcome:#?}"
    );
    let printed: Value = serde_json::from_str(&outcome.stdout).unwrap();
    let status = printed["status"].as_str().unwrap();
    let expected_code = match status {
        "completed" => 0,
        "partially_completed" => EXIT_PARTIAL,
        "failed" => EXIT_RESTORE_FAILED,
        other => panic!("not a final status: {other}"),
    };
    assert_eq!(outcome.code, expected_code, "the exit code follows the status");
    assert!(printed["progress_id"].is_string(), "{printed}");
    assert_eq!(demo.posts(), 1, "exactly one restore request");

    let kinds = record_kinds(&demo.journal());
    assert_eq!(kinds.first().map(String::as_str), Some("intent"), "{kinds:?}");
    assert_eq!(kinds.get(1).map(String::as_str), Some("answer"), "{kinds:?}");
    assert_eq!(kinds.last().map(String::as_str), Some("final"), "{kinds:?}");
    let journal = std::fs::read_to_string(demo.journal()).unwrap();
    assert!(journal.contains(item_id) && journal.contains("SCWTESTACCESSKEY000"));
    assert!(!journal.contains(TOKEN), "the secret key never reaches the journal");

    let history = demo.json(&["history", "--json"]);
    let entry = &history.as_array().unwrap()[0];
    assert_eq!(entry["progress_id"], printed["progress_id"]);
    assert_eq!(entry["final_status"], status);
    let table = demo.run(&["history"]);
    assert_eq!(table.code, 0, "{table:#?}");
    assert!(table.stdout.contains("1 item") && table.stdout.contains(status), "{table:#?}");
}

#[test]
fn the_exit_code_of_wait_follows_how_the_restore_ended() {
    let demo = Demo::start();
    let backup = demo.backup_with(MIXED_HOSTING, "active");
    #[rustfmt::skip]
    let endings = [
        (ProgressStatus::Completed, 0),
        (ProgressStatus::PartiallyCompleted, EXIT_PARTIAL),
        (ProgressStatus::Failed, EXIT_RESTORE_FAILED),
        (ProgressStatus::Aborted, EXIT_RESTORE_FAILED),
        (ProgressStatus::NeverFinished, EXIT_RESTORE_FAILED),
    ];
    for (ending, code) in endings {
        demo.server.force_next_outcome(ending.clone());
        let args = ["restore", "--hosting", MIXED_HOSTING, "--backup", &backup, "--yes", "--wait"];
        let outcome = demo.run(&args);
        assert_eq!(outcome.code, code, "{ending}: {outcome:#?}");
        assert!(outcome.stdout.contains(&ending.to_string()), "{ending}: {outcome:#?}");
    }
}

#[test]
fn a_restore_already_running_on_the_hosting_needs_yes() {
    // Real speed: a restore then takes at least 10 s, so the first still runs while the
    // second is asked for.
    let demo = Demo::start_at(1.0);
    let backups = demo.backups_with(MIXED_HOSTING, "active");
    assert!(backups.len() >= 2, "two active backups to restore from: {backups:?}");
    let first =
        demo.run(&["restore", "--hosting", MIXED_HOSTING, "--backup", &backups[0], "--yes"]);
    assert_eq!(first.code, 0, "{first:#?}");

    let again =
        demo.run(&["restore", "--hosting", MIXED_HOSTING, "--backup", &backups[0], "--yes"]);
    assert_eq!(again.code, EXIT_REFUSED, "{again:#?}");
    assert!(again.stderr.contains("already being restored"), "{again:#?}");

    let second = demo.run(&["restore", "--hosting", MIXED_HOSTING, "--backup", &backups[1]]);
    assert_eq!(second.code, EXIT_REFUSED, "{second:#?}");
    assert!(second.stderr.contains("already running"), "{second:#?}");
    assert!(second.stderr.contains("--yes"), "{second:#?}");
    assert_eq!(demo.posts(), 1, "the refused restore sent nothing");

    let forced =
        demo.run(&["restore", "--hosting", MIXED_HOSTING, "--backup", &backups[1], "--yes"]);
    assert_eq!(forced.code, 0, "{forced:#?}");
    assert_eq!(demo.posts(), 2);
}

#[test]
fn history_needs_no_credentials_and_reads_the_default_journal_place() {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_whbackup"));
    command
        .env_clear()
        .env("HOME", home.path())
        .env("SCW_CONFIG_PATH", home.path().join("absent/config.yaml"))
        .arg("history");
    let outcome = run(command);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(outcome.stdout.contains("No restore has been recorded yet"), "{outcome:#?}");

    let mut command = Command::new(env!("CARGO_BIN_EXE_whbackup"));
    command.env_clear().args(["history", "--json"]);
    let outcome = run(command);
    assert_ne!(outcome.code, 0, "no HOME: nowhere to read: {outcome:#?}");
    assert!(outcome.stderr.contains("--journal"), "{outcome:#?}");
}
