//! The real `whbackup` binary running its script commands against a demo API server started
//! on loopback by the test: tables, `--json`, exit codes and error messages.

mod cli_support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;
use whbackup::api::{Client, Endpoint, SecretKey};
use whbackup::demo::{DemoConfig, DemoServer};

use cli_support::{Outcome, run};

/// The token the test's demo server expects.
const TOKEN: &str = "5ca1ab1e-0000-4000-8000-00000000c11e";
/// A well-formed key the demo server does not know.
const WRONG_TOKEN: &str = "0badc0de-0000-4000-8000-000000000bad";

/// A proxy address where nothing listens (the discard port).
const DEAD_PROXY: &str = "http://127.0.0.1:9";

/// Exit codes, as `whbackup --help` documents them.
const EXIT_USAGE: i32 = 2;
const EXIT_NOT_FOUND: i32 = 3;
const EXIT_AUTH: i32 = 4;

/// A demo server, its runtime, and a private directory for `HOME` and the config path.
struct Demo {
    server: DemoServer,
    runtime: tokio::runtime::Runtime,
    home: TempDir,
}

impl Demo {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let server = runtime
            .block_on(DemoServer::start(DemoConfig::default(), listen, TOKEN.into()))
            .unwrap();
        Self { server, runtime, home: tempfile::tempdir().unwrap() }
    }

    /// The binary with a clean environment: the demo token, a config path that does not
    /// exist, a private `HOME`, and UTC dates.
    fn command(&self, token: Option<&str>) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_whbackup"));
        command
            .env_clear()
            .env("HOME", self.home.path())
            .env("SCW_CONFIG_PATH", self.missing_config())
            .env("TZ", "UTC");
        if let Some(token) = token {
            command.env("SCW_SECRET_KEY", token);
        }
        command
    }

    fn missing_config(&self) -> PathBuf {
        self.home.path().join("absent/config.yaml")
    }

    /// Runs `whbackup --api-url <demo> ARGS...` with the right token.
    fn run(&self, args: &[&str]) -> Outcome {
        let mut command = self.command(Some(TOKEN));
        command.arg("--api-url").arg(&self.server.url).args(args);
        run(command)
    }

    /// Runs the command, which must succeed, and parses its output as JSON.
    fn json(&self, args: &[&str]) -> Value {
        let outcome = self.run(args).success();
        serde_json::from_str(&outcome.stdout).unwrap_or_else(|error| {
            panic!("{args:?} printed no JSON ({error}):\n{}", outcome.stdout)
        })
    }

    fn client(&self) -> Client {
        Client::new(Endpoint {
            api_url: self.server.url.clone(),
            region: "fr-par".into(),
            secret_key: SecretKey::new(TOKEN),
            profile: "test".into(),
            key_source: "the test".into(),
        })
        .unwrap()
    }

    /// The first hosting's id.
    fn hosting_id(&self) -> String {
        field(&self.json(&["hostings", "--json"])[0], "id")
    }

    /// A backup of the hosting that can be restored, with its items' JSON groups.
    fn active_backup(&self, hosting: &str) -> (String, Value) {
        let backups = self.json(&["backups", "--hosting", hosting, "--json"]);
        let backup = array(&backups)
            .iter()
            .find(|backup| backup["status"] == "active")
            .expect("the demo hosting has an active backup");
        let backup_id = field(backup, "id");
        let groups = self.json(&["items", "--hosting", hosting, "--backup", &backup_id, "--json"]);
        (backup_id, groups)
    }
}

impl Outcome {
    fn success(self) -> Self {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        assert!(self.stderr.is_empty(), "nothing on stderr: {self:#?}");
        self
    }

    fn failure(self, code: i32) -> Self {
        assert_eq!(self.code, code, "{self:#?}");
        assert!(self.stdout.is_empty(), "nothing on stdout: {self:#?}");
        assert!(self.stderr.starts_with("whbackup: "), "{self:#?}");
        self
    }

    /// The table's lines after the header.
    fn rows(&self) -> Vec<&str> {
        self.stdout.lines().skip(1).collect()
    }

    fn header(&self) -> Vec<&str> {
        self.stdout.lines().next().unwrap_or_default().split_whitespace().collect()
    }
}

fn array(value: &Value) -> &Vec<Value> {
    value.as_array().unwrap_or_else(|| panic!("expected a JSON array: {value}"))
}

fn field(value: &Value, name: &str) -> String {
    value[name].as_str().unwrap_or_else(|| panic!("no string `{name}` in {value}")).to_owned()
}

#[test]
fn hostings_print_as_a_table_and_as_json() {
    let demo = Demo::start();
    let hostings = demo.json(&["hostings", "--json"]);
    let hostings = array(&hostings);
    assert!(!hostings.is_empty());
    for hosting in hostings {
        assert!(hosting["status"].is_string(), "{hosting}");
        assert!(hosting["created_at"].is_string(), "{hosting}");
    }

    let table = demo.run(&["hostings"]).success();
    assert_eq!(table.header(), ["ID", "DOMAIN", "STATUS", "OFFER", "CREATED"]);
    assert_eq!(table.rows().len(), hostings.len());
    for (row, hosting) in table.rows().iter().zip(hostings) {
        assert!(row.starts_with(&field(hosting, "id")), "{row}");
        assert!(row.contains(&field(hosting, "status")), "{row}");
    }
}

#[test]
fn backups_print_newest_first_with_sizes_and_ages() {
    let demo = Demo::start();
    let hosting = demo.hosting_id();
    let backups = demo.json(&["backups", "--hosting", &hosting, "--json"]);
    let mut backups = array(&backups).clone();
    assert!(!backups.is_empty());
    for backup in &backups {
        assert!(backup["size"].is_u64() && backup["total_items"].is_u64(), "{backup}");
    }

    let table = demo.run(&["backups", "--hosting", &hosting]).success();
    assert_eq!(table.header(), ["ID", "CREATED", "AGE", "SIZE", "ITEMS", "STATUS"]);
    // RFC 3339 times in UTC sort as text; the table puts the newest first.
    backups.sort_by_key(|backup| std::cmp::Reverse(field(backup, "created_at")));
    assert_eq!(table.rows().len(), backups.len());
    for (row, backup) in table.rows().iter().zip(&backups) {
        assert!(row.starts_with(&field(backup, "id")), "{row}");
        let created = field(backup, "created_at").replace('T', " ");
        assert!(row.contains(&created[..16]), "{row} lacks {created}");
        assert!(row.contains(" ago") || row.contains("just now"), "{row}");
        assert!(row.contains("iB ") || row.contains(" B "), "{row}");
    }
}

#[test]
fn items_print_grouped_by_type() {
    let demo = Demo::start();
    let hosting = demo.hosting_id();
    let (backup, groups) = demo.active_backup(&hosting);
    let groups = array(&groups);
    assert!(!groups.is_empty());
    let items: Vec<(String, &Value)> = groups
        .iter()
        .flat_map(|group| array(&group["items"]).iter().map(|item| (field(group, "type"), item)))
        .collect();
    assert!(!items.is_empty());

    let table = demo.run(&["items", "--hosting", &hosting, "--backup", &backup]).success();
    assert_eq!(table.header(), ["TYPE", "NAME", "SIZE", "STATUS", "ID"]);
    assert_eq!(table.rows().len(), items.len());
    for (row, (item_type, item)) in table.rows().iter().zip(&items) {
        assert!(row.starts_with(item_type.as_str()), "{row}");
        assert!(row.ends_with(&field(item, "id")), "{row}");
    }
}

#[test]
fn restores_print_as_a_list_and_one_by_one() {
    let demo = Demo::start();
    let hosting = demo.hosting_id();
    let (_, groups) = demo.active_backup(&hosting);
    let item_id = field(&array(&groups)[0]["items"][0], "id");
    let answer =
        demo.runtime.block_on(demo.client().restore_backup_items(&hosting, &[item_id])).unwrap();
    let progress_id = answer.progress_id.expect("the demo answers with a progress id");

    let listed = demo.json(&["progresses", "--hosting", &hosting, "--json"]);
    let summary = array(&listed)
        .iter()
        .find(|progress| progress["id"] == progress_id.as_str())
        .expect("the new restore is listed");
    assert_eq!(summary["backup_items_count"], 1);

    let table = demo.run(&["progresses", "--hosting", &hosting]).success();
    assert_eq!(table.header(), ["ID", "ITEMS", "PERCENTAGE", "STATUS"]);
    assert!(table.rows().iter().any(|row| row.starts_with(&progress_id)), "{table:#?}");

    let one = demo.json(&["progress", "--hosting", &hosting, &progress_id, "--json"]);
    assert_eq!(field(&one, "id"), progress_id);
    assert!(one["percentage"].is_u64() && one["status"].is_string(), "{one}");
    assert!(array(&one["backup_item_groups"]).len() == 1, "{one}");

    let shown = demo.run(&["progress", "--hosting", &hosting, &progress_id]).success();
    let mut lines = shown.stdout.lines();
    assert_eq!(lines.next(), Some(format!("ID          {progress_id}").as_str()));
    assert!(shown.stdout.contains("\nTYPE  NAME"), "{}", shown.stdout);
}

#[test]
fn flags_may_follow_the_command() {
    let demo = Demo::start();
    let hosting = demo.hosting_id();
    let mut command = demo.command(Some(TOKEN));
    command.args(["backups", "--hosting", &hosting, "--api-url", &demo.server.url, "--json"]);
    let outcome = run(command).success();
    let backups: Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert!(!array(&backups).is_empty());
}

#[test]
fn proxy_variables_cannot_divert_loopback_traffic() {
    let demo = Demo::start();
    let mut command = demo.command(Some(TOKEN));
    // A proxy on a port nothing listens on: a request sent through it would fail.
    for name in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"] {
        command.env(name, DEAD_PROXY);
    }
    command.args(["hostings", "--api-url", &demo.server.url, "--json"]);
    run(command).success();
    assert_eq!(demo.server.count(&reqwest::Method::GET, "/hostings"), 1);
}

#[test]
fn an_unknown_hosting_is_not_found() {
    let demo = Demo::start();
    let outcome = demo.run(&["backups", "--hosting", "no-such-hosting"]).failure(EXIT_NOT_FOUND);
    assert!(outcome.stderr.contains("not found"), "{}", outcome.stderr);
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
}

#[test]
fn a_wrong_token_is_refused_and_its_variable_named() {
    let demo = Demo::start();
    let mut command = demo.command(Some(WRONG_TOKEN));
    command.args(["hostings", "--api-url", &demo.server.url]);
    let outcome = run(command).failure(EXIT_AUTH);
    assert!(outcome.stderr.contains("SCW_SECRET_KEY"), "{}", outcome.stderr);
    assert!(!outcome.stderr.contains("0000-000000000bad"), "{}", outcome.stderr);
}

#[test]
fn no_key_at_all_says_how_to_get_one() {
    let demo = Demo::start();
    let mut command = demo.command(None);
    command.args(["hostings", "--api-url", &demo.server.url]);
    let outcome = run(command).failure(EXIT_USAGE);
    let config = demo.missing_config().display().to_string();
    for expected in [config.as_str(), "SCW_SECRET_KEY", "scw init", "whbackup --demo"] {
        assert!(outcome.stderr.contains(expected), "{expected}: {}", outcome.stderr);
    }
}

#[test]
fn help_lists_the_exit_codes() {
    let demo = Demo::start();
    let mut command = demo.command(None);
    command.args(["backups", "--help"]);
    let outcome = run(command).success();
    assert!(outcome.stdout.contains("Exit codes:"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("3  not found"), "{}", outcome.stdout);
}
