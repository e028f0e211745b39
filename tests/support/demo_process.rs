//! Runs `whbackup demo-server` as a child process, so a dashboard in a pseudo-terminal can
//! be pointed at a demo API with knobs (speed) the `--demo` flag does not offer.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The token the demo server is started with; any UUID-shaped string works.
pub const DEMO_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// How long the server may take to print its URL.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A demo server child process; killed when dropped.
pub struct DemoProcess {
    pub url: String,
    pub token: String,
    child: Child,
}

impl DemoProcess {
    /// Starts the demo server on a free loopback port with the given restore speed and
    /// waits for the URL it prints.
    pub fn start(speed: u32) -> Self {
        Self::start_with(&["--speed", &speed.to_string()])
    }

    /// Starts the demo server on a free loopback port with more knobs (`--huge-response-mb
    /// 300`) and waits for the URL it prints.
    pub fn start_with(knobs: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_whbackup"))
            .args(["demo-server", "--listen", "127.0.0.1:0", "--token", DEMO_TOKEN])
            .args(knobs)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start `whbackup demo-server`");
        let stdout = child.stdout.take().expect("the demo server's stdout");

        // The first line is the URL; a thread reads it so the wait can time out.
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let url = match lines.recv_timeout(START_TIMEOUT) {
            Ok(Ok(line)) => line.trim().to_owned(),
            other => {
                let _ = child.kill();
                panic!("the demo server printed no URL within {START_TIMEOUT:?}: {other:?}");
            }
        };
        assert!(url.starts_with("http://127.0.0.1:"), "unexpected demo server URL {url:?}");
        Self { url, token: DEMO_TOKEN.to_owned(), child }
    }
}

impl Drop for DemoProcess {
    fn drop(&mut self) {
        // Already gone is fine: the test is over either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
