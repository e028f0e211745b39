//! What the script-command tests share: running the real binary to its end with its output
//! captured, and failing the test if it hangs.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How long one run of the binary may take before the test fails; a restore followed with
/// `--wait` at demo speed included.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// What one run of the binary left behind.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command to its end with no terminal on stdin, reading its output as it comes;
/// kills it and fails after [`RUN_TIMEOUT`].
pub fn run(mut command: Command) -> Outcome {
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = reader(child.stdout.take().unwrap());
    let stderr = reader(child.stderr.take().unwrap());
    let pid = child.id();
    let (exited, exit) = mpsc::channel();
    thread::spawn(move || exited.send(child.wait()));
    let Ok(status) = exit.recv_timeout(RUN_TIMEOUT) else {
        let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        panic!("whbackup did not exit within {RUN_TIMEOUT:?}");
    };
    let code = status.unwrap().code().expect("whbackup exited by a signal");
    Outcome { code, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

fn reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).unwrap();
        text
    })
}
