//! End-to-end tests of how the dashboard holds its terminal and gives it back: stopped by a
//! signal, suspended with Ctrl-Z and resumed with `fg` from a real shell, quitting while a
//! restore request is still in flight, and a panic on the thread that draws or on another.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::Method;
use ratatui::widgets::Paragraph;
use support::flow::{
    EXIT_TIMEOUT, InProcessDemo, STEP_TIMEOUT, open_newest_active_backup, pane_ids, row_index,
    screen, tick_one_item,
};
use support::pty::{ENTER, LEAVE_ALTERNATE_SCREEN, Pty, PtyConfig, highlighted_row, rows_of};
use whbackup::demo::{DemoConfig, Fault, FaultRule};
use whbackup::tui::terminal::Tui;

const TOKEN: &str = "5b8e0c4d-2f1a-4e7b-9c3d-6a0f1e2d3c4b";

/// Exit statuses of a process stopped by a signal: 128 plus the signal's number.
const SIGTERM_EXIT: u32 = 143;
const SIGHUP_EXIT: u32 = 129;
const SIGINT_EXIT: u32 = 130;

/// What a terminal sends for Ctrl-Z and Ctrl-C.
const CTRL_Z: &str = "\x1a";
const CTRL_C: &str = "\x03";

/// The dashboard's line on stderr while it waits for a restore's answer after quitting.
const WAITING_NOTICE: &str = "press Ctrl-C to stop waiting";
/// How `history` labels a restore whose answer never came.
const NO_ANSWER_LABEL: &str = "no answer recorded";

#[test]
fn sigterm_gives_the_terminal_back_and_exits_143() {
    stopped_by_signal("TERM", SIGTERM_EXIT);
}

#[test]
fn sighup_gives_the_terminal_back_and_exits_129() {
    stopped_by_signal("HUP", SIGHUP_EXIT);
}

fn stopped_by_signal(name: &str, expected_code: u32) {
    let pty = Pty::start(&PtyConfig::with_args(&["--demo"]));
    pty.wait_for_text(screen::HOSTINGS_TITLE, STEP_TIMEOUT);
    assert!(!pty.modes_as_found(), "the dashboard holds the terminal in raw mode");

    let mark = pty.raw_len();
    pty.signal(name);
    let status = pty.wait_exit(EXIT_TIMEOUT);
    let ended = (status.exit_code(), status.signal());
    assert_eq!(ended, (expected_code, None), "after SIG{name}: {status:?}");
    pty.assert_terminal_restored(mark);
}

/// How long the restore's answer is held back when the test lets it come.
const SLOW_ANSWER_MS: u64 = 3000;

#[test]
fn quitting_with_a_restore_in_flight_waits_for_its_answer() {
    let demo = InProcessDemo::start(DemoConfig::default(), TOKEN);
    let slow = FaultRule::new(Fault::Delay { ms: SLOW_ANSWER_MS }).method(Method::POST);
    demo.server.inject(slow);
    let state = tempfile::tempdir().unwrap();
    let journal = state.path().join("journal.jsonl");
    let pty = quit_with_a_restore_in_flight(&demo, &journal);

    let status = pty.wait_exit(STEP_TIMEOUT);
    assert!(status.success(), "{status:?}");
    assert_eq!(journal_kinds(&journal), ["intent", "answer"], "the answer was waited for");
}

#[test]
fn ctrl_c_stops_the_wait_for_a_restore_answer_after_quitting() {
    let demo = InProcessDemo::start(DemoConfig::default(), TOKEN);
    demo.server.inject(FaultRule::new(Fault::Hang).method(Method::POST));
    let state = tempfile::tempdir().unwrap();
    let journal = state.path().join("journal.jsonl");
    let pty = quit_with_a_restore_in_flight(&demo, &journal);

    // The request hangs and the wait lasts a minute: only Ctrl-C ends the program this soon.
    pty.send(CTRL_C);
    let status = pty.wait_exit(EXIT_TIMEOUT);
    assert_eq!(status.exit_code(), SIGINT_EXIT, "{status:?}");
    assert_eq!(journal_kinds(&journal), ["intent"], "the answer never came");
    let history = run_history(&journal, state.path());
    assert!(history.contains(NO_ANSWER_LABEL), "as the notice said:\n{history}");
}

/// Sends a restore to `demo`, journaled at `journal`, and quits before its answer: returns
/// once the terminal is given back and the dashboard says it waits.
fn quit_with_a_restore_in_flight(demo: &InProcessDemo, journal: &Path) -> Pty {
    let journal_arg = journal.display().to_string();
    let hosting_id = demo.server.hosting_id(0);
    let args = ["--api-url", &demo.server.url, "--hosting", &hosting_id, "--journal", &journal_arg];
    let pty = Pty::start(&PtyConfig::with_args(&args).env("SCW_SECRET_KEY", TOKEN));

    open_newest_active_backup(&pty);
    tick_one_item(&pty);
    pty.send("r");
    pty.wait_for_text(screen::OVERWRITTEN, STEP_TIMEOUT);
    pty.send(ENTER);
    pty.wait_for("the restore sent, with no answer yet", STEP_TIMEOUT, |s| {
        pane_ids(&rows_of(s)).first().map(String::as_str) == Some(screen::NO_ID_YET)
    });
    let mark = pty.raw_len();
    pty.send("q");
    pty.wait_for_text(WAITING_NOTICE, STEP_TIMEOUT);
    pty.assert_terminal_restored(mark);
    pty
}

/// The kind of each record of the journal at `path`, in order.
fn journal_kinds(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("the restore journal");
    let record = |line: &str| serde_json::from_str::<serde_json::Value>(line).unwrap();
    text.lines().map(|line| record(line)["kind"].as_str().unwrap().to_owned()).collect()
}

/// What `whbackup history` prints for the journal at `path`.
fn run_history(path: &Path, home: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_whbackup"))
        .arg("history")
        .arg("--journal")
        .arg(path)
        .env_clear()
        .env("HOME", home)
        .output()
        .expect("run `whbackup history`");
    assert!(output.status.success(), "`history` failed: {output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The shell's prompt; the tests count it to tell one prompt from the next.
const PROMPT: &str = "e2e$ ";

#[test]
fn ctrl_z_hands_the_terminal_to_the_shell_and_fg_takes_it_back() {
    let Some(bash) = find_program("bash") else {
        eprintln!("skipped: bash is not installed, and this test needs a shell with job control");
        return;
    };
    let config = PtyConfig {
        program: bash,
        args: ["--norc", "--noprofile", "-i"].map(String::from).to_vec(),
        ..PtyConfig::default()
    };
    let config = config.env("PS1", PROMPT).env("WHBACKUP", env!("CARGO_BIN_EXE_whbackup"));
    let pty = Pty::start(&config);
    pty.wait_for_text(PROMPT, STEP_TIMEOUT);
    pty.send(&format!("\"$WHBACKUP\" --demo{ENTER}"));
    let rows = pty.wait_for("the hostings list", STEP_TIMEOUT, |s| {
        s.contents().contains(screen::HOSTINGS_TITLE)
    });
    let first = row_index(&rows, screen::HOSTINGS_TITLE) + 1;
    pty.wait_for("the cursor on the first hosting", STEP_TIMEOUT, |s| {
        highlighted_row(s) == Some(first)
    });

    pty.send(CTRL_Z);
    pty.wait_for("the shell's prompt after the stop", STEP_TIMEOUT, |s| {
        on_shell_screen(s, 2) && s.contents().contains("Stopped")
    });
    pty.send(&format!("fg{ENTER}"));
    pty.wait_for("the dashboard drawn again", STEP_TIMEOUT, |s| {
        s.alternate_screen() && s.contents().contains(screen::HOSTINGS_TITLE)
    });
    pty.send("j");
    pty.wait_for("j to move the cursor", STEP_TIMEOUT, |s| highlighted_row(s) == Some(first + 1));

    pty.send("q");
    pty.wait_for("the shell's prompt after quitting", STEP_TIMEOUT, |s| on_shell_screen(s, 3));
    pty.send(&format!("echo \"whbackup exited with $?\"{ENTER}"));
    pty.wait_for_text("whbackup exited with 0", STEP_TIMEOUT);
    pty.send(&format!("exit{ENTER}"));
    assert!(pty.wait_exit(EXIT_TIMEOUT).success());
}

/// Whether the shell has the normal screen, showing its prompt for the `count`th time.
fn on_shell_screen(screen: &vt100::Screen, count: usize) -> bool {
    !screen.alternate_screen() && screen.contents().matches(PROMPT).count() == count
}

/// The first `name` on `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|file| file.is_file())
}

/// Text the child of the panic test draws once the other thread's panic is over.
const STILL_DRAWING: &str = "still drawing after the worker's panic";
const WORKER_PANIC: &str = "a worker thread panics";
const UI_PANIC: &str = "the thread holding the terminal panics";
/// The name of the test that runs as the child.
const PANIC_CHILD: &str = "panicking_terminal_owner";
/// Set in the child's environment, so the child's body runs only there.
const PANIC_CHILD_ENV: &str = "WHBACKUP_TEST_PANIC_CHILD";

#[test]
fn a_panic_restores_the_terminal_only_on_the_thread_holding_it() {
    let pty = Pty::start(&PtyConfig::child_test(PANIC_CHILD, PANIC_CHILD_ENV));
    pty.wait_for("the child's screen", STEP_TIMEOUT, |s| {
        s.alternate_screen() && s.contents().contains(STILL_DRAWING)
    });
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    assert!(!raw.contains(WORKER_PANIC), "another thread's panic was printed over the screen");
    assert!(!pty.modes_as_found(), "another thread's panic took raw mode off");

    let mark = pty.raw_len();
    pty.send(ENTER);
    let status = pty.wait_exit(EXIT_TIMEOUT);
    assert!(!status.success(), "the child's test must fail with its panic: {status:?}");
    pty.assert_terminal_restored(mark);
    let after = String::from_utf8_lossy(&pty.raw_since(mark)).into_owned();
    let left = after.find(std::str::from_utf8(LEAVE_ALTERNATE_SCREEN).unwrap());
    let printed = after.find(UI_PANIC);
    assert!(left.is_some() && printed.is_some() && left < printed, "restored, then printed");
    let shown = pty.screen_text();
    assert!(shown.contains(UI_PANIC), "the panic reads on the normal screen:\n{shown}\n{after:?}");
}

/// The child of the test above, in a pseudo-terminal: takes the terminal over, lets another
/// thread panic, draws, waits for a key, then panics itself. Run any other way, it does
/// nothing: it would take over the terminal of whoever runs the ignored tests.
#[test]
#[ignore = "the child of a_panic_restores_the_terminal_only_on_the_thread_holding_it"]
fn panicking_terminal_owner() {
    if std::env::var_os(PANIC_CHILD_ENV).is_none() {
        eprintln!("{PANIC_CHILD} runs only in the pseudo-terminal of its parent test");
        return;
    }
    let mut tui = Tui::enter().expect("the terminal");
    let worker = std::thread::spawn(|| panic!("{WORKER_PANIC}"));
    assert!(worker.join().is_err(), "the worker panicked");
    let text = Paragraph::new(STILL_DRAWING);
    tui.terminal.draw(|frame| frame.render_widget(text, frame.area())).expect("a frame");
    crossterm::event::read().expect("a key");
    panic!("{UI_PANIC}");
}
