//! `whbackup demo-server`, run as a real process: its hostile-network flags reach the server,
//! and knobs out of range are refused with a message naming them.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use reqwest::StatusCode;

const TOKEN: &str = "11111111-2222-4333-8444-555555555555";
const HOSTINGS_PATH: &str = "/webhosting/v1/regions/fr-par/hostings";
/// Bound on the server starting, a request, or the command refusing its flags.
const DEADLINE: Duration = Duration::from_secs(30);
const MIB: u64 = 1024 * 1024;

/// A running `demo-server`, killed when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        // The process may have ended already; either way it must not outlive the test.
        let _killed = self.child.kill();
        let _waited = self.child.wait();
    }
}

fn command(flags: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_whbackup"));
    command.args(["demo-server", "--listen", "127.0.0.1:0", "--token", TOKEN]).args(flags);
    command
}

/// Starts the server with `flags` and reads the URL it prints first.
async fn serve(flags: &[&str]) -> Served {
    let mut child = command(flags).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut served = Served { child, url: String::new() };
    let first_line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(DEADLINE, first_line).await.expect("the URL is printed");
    line.unwrap().unwrap().trim().clone_into(&mut served.url);
    assert!(served.url.starts_with("http://127.0.0.1:"), "{:?}", served.url);
    served
}

/// Runs the command with `flags` to its end.
async fn refused(flags: &[&str]) -> Output {
    let mut command = command(flags);
    let run = tokio::task::spawn_blocking(move || command.stdin(Stdio::null()).output());
    let output = tokio::time::timeout(DEADLINE, run).await.expect("the command ends");
    let output = output.unwrap().unwrap();
    assert!(!output.status.success(), "{output:?}");
    output
}

#[tokio::test]
async fn the_hostile_flags_reach_the_server() {
    let served = serve(&["--burst-429", "1:1", "--huge-response-mb", "1"]).await;
    let http = reqwest::Client::builder().timeout(DEADLINE).build().unwrap();
    let url = format!("{}{HOSTINGS_PATH}", served.url);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let response = http.get(&url).header("X-Auth-Token", TOKEN).send().await.unwrap();
        let status = response.status();
        let length = response.bytes().await.unwrap().len() as u64;
        seen.push((status, length));
    }
    assert_eq!(seen[0], (StatusCode::OK, MIB), "padded to 1 MiB");
    assert_eq!(seen[1].0, StatusCode::TOO_MANY_REQUESTS, "{seen:?}");
    assert!(seen[1].1 < MIB, "errors are not padded");
    assert_eq!(seen[2], (StatusCode::OK, MIB));
}

#[tokio::test]
async fn knobs_out_of_range_are_refused_with_their_name() {
    let output = refused(&["--drop-rate", "1.5"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("drop rate must be from 0 to 1"), "{stderr}");

    let output = refused(&["--latency-ms", "9000", "--latency-jitter-ms", "2000"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("10000 ms at most"), "{stderr}");

    let output = refused(&["--burst-429", "0:5"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("AFTER:COUNT"), "{stderr}");
}
