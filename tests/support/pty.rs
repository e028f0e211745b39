//! Runs the real `whbackup` binary in a pseudo-terminal and reads its screen through a
//! terminal emulator, so end-to-end tests see what a person would see.
//!
//! A reader thread feeds every byte the program writes to a `vt100` parser and to a raw log,
//! answers the two terminal queries a TUI may block on (cursor position and device
//! attributes), and wakes waiting tests through a condition variable. A waiter thread reaps
//! the child and records its exit status the same way.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{ChildKiller, CommandBuilder, ExitStatus, PtySize, native_pty_system};
use tempfile::TempDir;

/// The Enter key as a terminal sends it.
pub const ENTER: &str = "\r";
/// The Escape key.
pub const ESC: &str = "\x1b";

/// Leaves the alternate screen.
pub const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
/// Shows the cursor again.
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
/// Turns on mouse reporting, as crossterm's `EnableMouseCapture` does first.
const ENABLE_MOUSE: &[u8] = b"\x1b[?1000h";
/// Turns mouse reporting off again.
const DISABLE_MOUSE: &[u8] = b"\x1b[?1000l";

/// Asks the terminal where the cursor is.
const CURSOR_POSITION_QUERY: &[u8] = b"\x1b[6n";
/// Asks the terminal what it is (crossterm sends it after its keyboard-protocol query).
const DEVICE_ATTRIBUTES_QUERY: &[u8] = b"\x1b[c";
/// The answer of a plain VT100-compatible terminal with no extras.
const DEVICE_ATTRIBUTES_ANSWER: &[u8] = b"\x1b[?1;0c";

/// How many bytes one read of the pty takes at most.
const READ_CHUNK_BYTES: usize = 8192;

/// How to start the program.
#[derive(Debug, Clone)]
pub struct PtyConfig {
    pub cols: u16,
    pub rows: u16,
    /// `whbackup` unless a test runs something else (a shell that starts it, say).
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Added to the clean environment the harness builds.
    pub env: Vec<(String, String)>,
}

impl Default for PtyConfig {
    fn default() -> Self {
        Self {
            cols: 100,
            rows: 30,
            program: PathBuf::from(env!("CARGO_BIN_EXE_whbackup")),
            args: Vec::new(),
            env: Vec::new(),
        }
    }
}

impl PtyConfig {
    /// The default 100x30 terminal running `whbackup` with these arguments.
    pub fn with_args(args: &[&str]) -> Self {
        Self { args: args.iter().map(ToString::to_string).collect(), ..Self::default() }
    }

    /// Adds one environment variable.
    #[must_use]
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// This test binary, running only its ignored test `name`, with `env_key` set so that
    /// the test's body runs: how a test watches a child of its own in a terminal.
    pub fn child_test(name: &str, env_key: &str) -> Self {
        let program = std::env::current_exe().expect("this test binary");
        let args = [name, "--exact", "--ignored", "--nocapture", "--test-threads=1"];
        Self { program, args: args.map(String::from).to_vec(), ..Self::default() }.env(env_key, "1")
    }
}

/// What the reader and waiter threads have seen so far.
struct Seen {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// Where the next scan for terminal queries starts in `raw`.
    scanned: usize,
    output_closed: bool,
    exit: Option<ExitStatus>,
}

struct Shared {
    seen: Mutex<Seen>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The program running in a pseudo-terminal; killed when dropped if still running.
pub struct Pty {
    shared: Arc<Shared>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    killer: Box<dyn ChildKiller + Send + Sync>,
    pid: Option<u32>,
    /// The terminal's modes (raw or not, echo, ...) before the program started, as `Debug`
    /// text: the termios type belongs to a crate this one does not name, and its text form
    /// compares just as well.
    modes_at_start: Option<String>,
    threads: Vec<JoinHandle<()>>,
    // Kept open for the child's lifetime: dropping the master hangs the terminal up.
    master: Box<dyn portable_pty::MasterPty + Send>,
    // The child's HOME and XDG directories.
    _home: TempDir,
}

impl Pty {
    /// Starts the program (`whbackup` by default) in a fresh terminal of `config.cols` x
    /// `config.rows`, in a clean environment with a temporary HOME and no `scw` config file.
    pub fn start(config: &PtyConfig) -> Self {
        let home = tempfile::tempdir().expect("create a temporary HOME");
        let size =
            PtySize { rows: config.rows, cols: config.cols, pixel_width: 0, pixel_height: 0 };
        let pair = native_pty_system().openpty(size).expect("open a pseudo-terminal");
        let modes_at_start = modes(pair.master.as_ref());
        let child = pair.slave.spawn_command(command(config, &home)).expect("start whbackup");
        drop(pair.slave);

        let killer = child.clone_killer();
        let pid = child.process_id();
        let reader = pair.master.try_clone_reader().expect("read the pseudo-terminal");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("write to the pty")));
        let shared = Arc::new(Shared {
            seen: Mutex::new(Seen {
                parser: vt100::Parser::new(config.rows, config.cols, 0),
                raw: Vec::new(),
                scanned: 0,
                output_closed: false,
                exit: None,
            }),
            changed: Condvar::new(),
        });
        let threads = vec![
            spawn_reader(reader, Arc::clone(&shared), Arc::clone(&writer)),
            spawn_waiter(child, Arc::clone(&shared)),
        ];
        Self {
            shared,
            writer,
            killer,
            pid,
            modes_at_start,
            threads,
            master: pair.master,
            _home: home,
        }
    }

    /// The program's process id, while the system can tell it.
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }

    /// Sends the signal `name` (`TERM`, `HUP`, ...) to the program, as `kill -s` does.
    pub fn signal(&self, name: &str) {
        let pid = self.pid.expect("the program's process id");
        let status = std::process::Command::new("kill")
            .args(["-s", name, &pid.to_string()])
            .status()
            .expect("run `kill`");
        assert!(status.success(), "`kill -s {name} {pid}` failed: {status}");
    }

    /// The whole raw output so far, escape sequences included.
    pub fn raw(&self) -> Vec<u8> {
        self.raw_since(0)
    }

    /// Types `keys` as if on the keyboard (`ENTER`, `ESC` and escape sequences included).
    pub fn send(&self, keys: &str) {
        let mut writer = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        writer.write_all(keys.as_bytes()).expect("type into the pseudo-terminal");
        writer.flush().expect("flush the pseudo-terminal");
    }

    /// The screen as text, one line per row, trailing blanks trimmed.
    pub fn screen_text(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    /// The screen as one string per row, each exactly as wide as the terminal.
    pub fn screen_rows(&self) -> Vec<String> {
        rows_of(self.shared.lock().parser.screen())
    }

    /// How many raw bytes the program has written so far; a mark for `raw_since`.
    pub fn raw_len(&self) -> usize {
        self.shared.lock().raw.len()
    }

    /// The raw bytes written since `mark`, escape sequences included.
    pub fn raw_since(&self, mark: usize) -> Vec<u8> {
        self.shared.lock().raw[mark..].to_vec()
    }

    /// Waits until the screen shows `text`; on timeout panics showing the whole screen.
    pub fn wait_for_text(&self, text: &str, timeout: Duration) {
        self.wait_for(&format!("the text {text:?}"), timeout, |screen| {
            screen.contents().contains(text)
        });
    }

    /// Waits until the screen no longer shows `text`; on timeout panics showing the screen.
    pub fn wait_for_no_text(&self, text: &str, timeout: Duration) {
        self.wait_for(&format!("the text {text:?} to go away"), timeout, |screen| {
            !screen.contents().contains(text)
        });
    }

    /// Waits until `ready` holds for the screen; on timeout panics naming `what` and showing
    /// the whole screen. Returns the rows of the screen that satisfied it.
    pub fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        let mut seen = self.shared.lock();
        loop {
            if ready(seen.parser.screen()) {
                return rows_of(seen.parser.screen());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || seen.output_closed {
                let why = if seen.output_closed {
                    "the program closed its output".to_owned()
                } else {
                    format!("timed out after {timeout:?}")
                };
                panic!("waiting for {what}: {why}; the screen:\n{}", framed(seen.parser.screen()));
            }
            seen = self.wait_change(seen, left);
        }
    }

    /// Moves a focused list's cursor (the reverse-video row) to screen row `target` with `j`
    /// and `k`, and waits until it is drawn there.
    pub fn move_highlight_to(&self, target: usize, timeout: Duration) {
        let screen_text = self.screen_text();
        let from = self.highlighted();
        let from = from.unwrap_or_else(|| panic!("no highlighted row on:\n{screen_text}"));
        let key = if target > from { "j" } else { "k" };
        self.send(&key.repeat(target.abs_diff(from)));
        self.wait_for(&format!("the cursor on row {target}"), timeout, |screen| {
            highlighted_row(screen) == Some(target)
        });
    }

    /// The screen row of a focused list's cursor, if one is drawn.
    pub fn highlighted(&self) -> Option<usize> {
        highlighted_row(self.shared.lock().parser.screen())
    }

    /// Waits for the program to exit and for its last output to be read; returns its status.
    pub fn wait_exit(&self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        let mut seen = self.shared.lock();
        loop {
            if let (Some(exit), true) = (&seen.exit, seen.output_closed) {
                return exit.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "the program did not exit within {timeout:?}; the screen:\n{}",
                framed(seen.parser.screen())
            );
            seen = self.wait_change(seen, left);
        }
    }

    /// Whether the terminal's modes are as they were before the program started: false while
    /// a dashboard holds it in raw mode. True when the system cannot tell.
    pub fn modes_as_found(&self) -> bool {
        self.modes_at_start.is_none() || modes(self.master.as_ref()) == self.modes_at_start
    }

    /// Asserts that the output after `mark` put the terminal back as it found it: alternate
    /// screen left, cursor shown, mouse capture off if it was ever turned on, and the modes
    /// (raw mode off) as they were at the start.
    pub fn assert_terminal_restored(&self, mark: usize) {
        assert!(self.modes_as_found(), "the terminal's modes (raw mode) were not put back");
        let after = self.raw_since(mark);
        let all = self.raw_since(0);
        assert!(contains(&after, LEAVE_ALTERNATE_SCREEN), "the alternate screen was not left");
        assert!(contains(&after, SHOW_CURSOR), "the cursor was not shown again");
        if contains(&all, ENABLE_MOUSE) {
            assert!(contains(&after, DISABLE_MOUSE), "mouse capture was not turned off");
        }
        assert!(
            !self.shared.lock().parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
    }

    fn wait_change<'a>(&self, seen: MutexGuard<'a, Seen>, left: Duration) -> MutexGuard<'a, Seen> {
        let (seen, _) = self
            .shared
            .changed
            .wait_timeout(seen, left)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        seen
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.shared.lock().exit.is_none() {
            // The child may have exited in the meantime; then there is nothing to kill.
            let _ = self.killer.kill();
        }
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// The command with a clean environment: only what a terminal session needs, the caller's
/// additions, and a temporary HOME so no real settings or credentials are read.
fn command(config: &PtyConfig, home: &TempDir) -> CommandBuilder {
    let home_path = home.path();
    let mut command = CommandBuilder::new(&config.program);
    command.args(&config.args);
    command.env_clear();
    command.cwd(home_path);
    let dirs: [(&str, PathBuf); 4] = [
        ("HOME", home_path.to_path_buf()),
        ("XDG_STATE_HOME", home_path.join("state")),
        ("XDG_CONFIG_HOME", home_path.join("config")),
        ("SCW_CONFIG_PATH", home_path.join("missing-scw-config.yaml")),
    ];
    for (key, path) in dirs {
        command.env(key, path);
    }
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command.env("TERM", "xterm-256color");
    command.env("LANG", "C.UTF-8");
    for (key, value) in &config.env {
        command.env(key, value);
    }
    command
}

/// The terminal's modes as text, when the system can tell them.
fn modes(master: &dyn portable_pty::MasterPty) -> Option<String> {
    master.get_termios().map(|termios| format!("{termios:?}"))
}

fn spawn_reader(
    mut reader: Box<dyn Read + Send>,
    shared: Arc<Shared>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut chunk = vec![0; READ_CHUNK_BYTES];
        loop {
            // Linux answers EIO once the child side is gone: that is the end of output.
            let read = reader.read(&mut chunk).unwrap_or(0);
            let answers = {
                let mut seen = shared.lock();
                if read == 0 {
                    seen.output_closed = true;
                } else {
                    seen.parser.process(&chunk[..read]);
                    seen.raw.extend_from_slice(&chunk[..read]);
                }
                let answers = query_answers(&mut seen);
                shared.changed.notify_all();
                answers
            };
            if read == 0 {
                return;
            }
            if !answers.is_empty() {
                let mut writer = writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let _ = writer.write_all(&answers).and_then(|()| writer.flush());
            }
        }
    })
}

fn spawn_waiter(
    mut child: Box<dyn portable_pty::Child + Send + Sync>,
    shared: Arc<Shared>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let exit = child.wait().unwrap_or_else(|_| ExitStatus::with_signal("unknown"));
        shared.lock().exit = Some(exit);
        shared.changed.notify_all();
    })
}

/// Answers the terminal queries in the output not scanned yet, as a real terminal would.
fn query_answers(seen: &mut Seen) -> Vec<u8> {
    let longest = CURSOR_POSITION_QUERY.len().max(DEVICE_ATTRIBUTES_QUERY.len());
    let mut answers = Vec::new();
    let mut at = seen.scanned;
    while at < seen.raw.len() {
        let rest = &seen.raw[at..];
        if rest.starts_with(CURSOR_POSITION_QUERY) {
            let (row, col) = seen.parser.screen().cursor_position();
            answers.extend_from_slice(format!("\x1b[{};{}R", row + 1, col + 1).as_bytes());
        } else if rest.starts_with(DEVICE_ATTRIBUTES_QUERY) {
            answers.extend_from_slice(DEVICE_ATTRIBUTES_ANSWER);
        } else if rest.len() < longest && is_query_prefix(rest) {
            // A query may be cut between two reads: look at this tail again next time.
            break;
        }
        at += 1;
    }
    seen.scanned = at;
    answers
}

fn is_query_prefix(tail: &[u8]) -> bool {
    CURSOR_POSITION_QUERY.starts_with(tail) || DEVICE_ATTRIBUTES_QUERY.starts_with(tail)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// The rows of `screen`, each padded to the terminal's width.
pub fn rows_of(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    let width = usize::from(cols);
    screen.rows(0, cols).map(|row| format!("{row:<width$}")).collect()
}

/// The first row drawn in reverse video across its whole inner width (inside a one-cell
/// border): how a focused list shows its cursor.
pub fn highlighted_row(screen: &vt100::Screen) -> Option<usize> {
    let (rows, cols) = screen.size();
    let inverse = |row: u16, col: u16| screen.cell(row, col).is_some_and(vt100::Cell::inverse);
    let row = (0..rows).find(|&row| inverse(row, 1) && inverse(row, cols.saturating_sub(2)))?;
    Some(usize::from(row))
}

/// The screen with row numbers and a frame, for panic messages.
fn framed(screen: &vt100::Screen) -> String {
    let (_, cols) = screen.size();
    let rule = "-".repeat(usize::from(cols));
    let rows = rows_of(screen).into_iter().enumerate().map(|(i, row)| format!("{i:>2} |{row}|"));
    format!("   +{rule}+\n{}\n   +{rule}+", rows.collect::<Vec<_>>().join("\n"))
}
