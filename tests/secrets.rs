//! The secret key never leaks: a whole dashboard session at the most verbose log level, the
//! script commands refused with a wrong key, and a panic that formats the structs holding
//! the key. Each looks for the key, and for the part of it the masked form hides, in
//! everything the program left behind.

mod support;

use std::path::Path;
use std::time::Duration;

use axum::http::Method;
use support::flow::{
    EXIT_TIMEOUT, InProcessDemo, STEP_TIMEOUT, open_newest_active_backup, pane_ids,
    quit_and_check_restored, screen, tick_one_item,
};
use support::pty::{ENTER, Pty, PtyConfig, rows_of};
use whbackup::api::{Client, SecretKey};
use whbackup::config::{self, Overrides};
use whbackup::demo::{DemoConfig, Fault, FaultRule};
use whbackup::tui::terminal::Tui;

/// The key of the session; any UUID works.
const SECRET: &str = "3f9a1c47-b2e8-4d6f-9a0b-5c7e1d2f8a63";
/// What the masked form hides: finding this anywhere is a leak even without the first part.
const HIDDEN_PART: &str = "b2e8-4d6f-9a0b-5c7e1d2f8a63";
/// A well-formed key the server does not know.
const WRONG_SECRET: &str = "7d20e5b9-61c4-4f3a-8e9d-0a1b2c3d4e5f";
const WRONG_HIDDEN_PART: &str = "61c4-4f3a-8e9d-0a1b2c3d4e5f";
/// Restores run this many times faster, so one ends within the test.
const DEMO_SPEED: f64 = 50.0;
/// How long the restore's answer is held back.
const POST_DELAY_MS: u64 = 1000;
/// How long the restore may take to reach a final status.
const RESTORE_TIMEOUT: Duration = Duration::from_secs(40);
/// Status words of a finished restore, as the pane writes them.
const FINAL_WORDS: [&str; 5] =
    ["completed", "partially completed", "failed", "aborted", "never finished"];

/// Asserts that `text`, found in `place`, holds neither the key nor its hidden part.
fn assert_clean(place: &str, text: &str, secret: &str, hidden: &str) {
    assert!(!text.contains(secret), "the secret key appears in {place}");
    assert!(!text.contains(hidden), "the hidden part of the secret key appears in {place}");
}

/// Every file under `dir`, with its contents read as lossy text.
fn files_under(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path.display().to_string(), String::from_utf8_lossy(&bytes).into()));
            }
        }
    }
    found
}

#[test]
fn a_whole_session_at_the_most_verbose_level_leaks_no_key() {
    let demo =
        InProcessDemo::start(DemoConfig { speed: DEMO_SPEED, ..DemoConfig::default() }, SECRET);
    let temp = tempfile::tempdir().unwrap();
    let log = temp.path().join("whbackup.log");
    let state_dir = temp.path().join("state");
    let hosting_id = demo.server.hosting_id(0);
    let log_arg = log.display().to_string();
    let args = ["--api-url", &demo.server.url, "--hosting", &hosting_id, "-vvv"];
    let config = PtyConfig::with_args(&args)
        .env("SCW_SECRET_KEY", SECRET)
        .env("XDG_STATE_HOME", &state_dir.display().to_string());
    let config =
        PtyConfig { args: [config.args, vec!["--log-file".into(), log_arg]].concat(), ..config };
    let pty = Pty::start(&config);

    open_newest_active_backup(&pty);
    tick_one_item(&pty);
    // The answer waits a moment, so the pane's top row is seen to be ours before it has an id.
    let slow_post = FaultRule::new(Fault::Delay { ms: POST_DELAY_MS }).method(Method::POST);
    demo.server.inject(slow_post);
    pty.send("r");
    pty.wait_for_text(screen::OVERWRITTEN, STEP_TIMEOUT);
    pty.send(ENTER);
    pty.wait_for("the restore at the top of the pane", STEP_TIMEOUT, |s| {
        pane_ids(&rows_of(s)).first().map(String::as_str) == Some(screen::NO_ID_YET)
    });
    pty.wait_for("the restore to finish", RESTORE_TIMEOUT, |s| {
        let rows = rows_of(s);
        let answered = pane_ids(&rows).first().is_some_and(|id| id != screen::NO_ID_YET);
        let pane_start = rows.iter().position(|row| row.contains(screen::RESTORES_PANE));
        let top_row = pane_start.and_then(|start| rows.get(start + 1)).cloned();
        let top_row = top_row.unwrap_or_default();
        answered && FINAL_WORDS.iter().any(|word| top_row.contains(word))
    });
    assert_eq!(demo.server.count(&Method::POST, "restore"), 1);
    let screen_text = pty.screen_text();
    quit_and_check_restored(&pty);

    let log_text = std::fs::read_to_string(&log).expect("the log file");
    assert!(log_text.contains("api call"), "the log names its requests:\n{log_text}");
    let restore_logged = log_text.contains("method=POST") && log_text.contains("SendRestore");
    assert!(restore_logged, "the log covers the restore:\n{log_text}");
    assert!(log_text.contains("TRACE") || log_text.contains("DEBUG"), "not verbose:\n{log_text}");
    // Each line reads `time LEVEL target: message`; the libraries log at this level too.
    let mut targets = log_text.lines().filter_map(|line| line.split_whitespace().nth(2));
    let libraries_logged = targets.any(|target| !target.starts_with("whbackup"));
    assert!(libraries_logged, "no library's events in the log:\n{log_text}");
    assert!(demo.server.requests().iter().all(|r| r.token_valid), "the key was sent right");
    assert_clean("the log file", &log_text, SECRET, HIDDEN_PART);
    let state_files = files_under(&state_dir);
    let journal = state_files.iter().find(|(path, _)| path.ends_with("journal.jsonl"));
    let (_, journal_text) = journal.expect("the restore journal under the state dir");
    assert!(
        journal_text.contains("\"kind\":\"intent\""),
        "the journal holds the restore:\n{journal_text}"
    );
    for (path, text) in &state_files {
        assert_clean(path, text, SECRET, HIDDEN_PART);
    }
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    assert!(!raw.is_empty());
    assert_clean("the terminal output", &raw, SECRET, HIDDEN_PART);
    assert_clean("the screen", &screen_text, SECRET, HIDDEN_PART);
    eprintln!(
        "searched: the log ({} bytes), {} files under the state dir, {} bytes of terminal \
         output, the last screen",
        log_text.len(),
        state_files.len(),
        raw.len()
    );
}

#[test]
fn script_commands_refused_with_a_wrong_key_do_not_print_it() {
    let demo = InProcessDemo::start(DemoConfig::default(), SECRET);
    let temp = tempfile::tempdir().unwrap();
    let hosting_id = demo.server.hosting_id(0);
    let commands: [&[&str]; 3] =
        [&["hostings"], &["hostings", "--json"], &["backups", "--hosting", &hosting_id]];
    for command in commands {
        let log = temp.path().join(format!("{}.log", command.join("-")));
        let mut args = vec!["--api-url", demo.server.url.as_str(), "-vvv"];
        let log_arg = log.display().to_string();
        args.extend(["--log-file", log_arg.as_str()]);
        args.extend_from_slice(command);
        let pty = Pty::start(&PtyConfig::with_args(&args).env("SCW_SECRET_KEY", WRONG_SECRET));
        let status = pty.wait_exit(STEP_TIMEOUT);
        let output = String::from_utf8_lossy(&pty.raw()).into_owned();
        assert!(!status.success(), "{command:?} succeeded with a wrong key: {output}");
        assert!(output.contains("authentication failed"), "{command:?}: {output}");
        assert!(output.contains("SCW_SECRET_KEY"), "says where the key came from: {output}");
        assert_clean(
            &format!("the output of {command:?}"),
            &output,
            WRONG_SECRET,
            WRONG_HIDDEN_PART,
        );
        let log_text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(log_text.contains("api call"), "{command:?} logged its request: {log_text}");
        assert_clean(
            &format!("the log of {command:?}"),
            &log_text,
            WRONG_SECRET,
            WRONG_HIDDEN_PART,
        );
    }
}

/// The name of the test that runs as the child of the panic test.
const PANIC_CHILD: &str = "panicking_with_the_key_in_hand";
/// Set in the child's environment, so the child's body runs only there.
const PANIC_CHILD_ENV: &str = "WHBACKUP_TEST_SECRET_PANIC_CHILD";
/// What the child's panic message starts with.
const PANIC_TEXT: &str = "formatting panic";

#[test]
fn a_panic_formatting_the_client_and_config_shows_the_masked_key() {
    let pty = Pty::start(&PtyConfig::child_test(PANIC_CHILD, PANIC_CHILD_ENV));
    let status = pty.wait_exit(EXIT_TIMEOUT);
    assert!(!status.success(), "the child's test must fail with its panic: {status:?}");

    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    assert!(raw.contains(PANIC_TEXT), "the panic was printed: {raw:?}");
    assert!(raw.contains(&SecretKey::new(SECRET).masked()), "masked form shown: {raw:?}");
    assert_clean("the panic's output", &raw, SECRET, HIDDEN_PART);
}

/// The child of the test above, in a pseudo-terminal: resolves the key as the dashboard
/// does, takes the terminal over as the dashboard does, and panics with the client and the
/// configuration in its message, so the program's own panic hook prints it. Run any other
/// way, it does nothing.
#[test]
#[ignore = "the child of a_panic_formatting_the_client_and_config_shows_the_masked_key"]
fn panicking_with_the_key_in_hand() {
    if std::env::var_os(PANIC_CHILD_ENV).is_none() {
        eprintln!("{PANIC_CHILD} runs only in the pseudo-terminal of its parent test");
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let missing_file = temp.path().join("no-config.yaml").display().to_string();
    let env = |name: &str| match name {
        "SCW_SECRET_KEY" => Some(SECRET.to_owned()),
        "SCW_CONFIG_PATH" => Some(missing_file.clone()),
        "SCW_API_URL" => Some("http://127.0.0.1:9".to_owned()),
        _ => None,
    };
    let resolved = config::resolve(&Overrides::default(), &env).expect("the key from the env");
    let client = Client::new(resolved.endpoint.clone()).expect("a loopback client");
    let _tui = Tui::enter().expect("the terminal");
    panic!("{PANIC_TEXT}: {client:?} {resolved:?} {resolved:#?}");
}
