//! What the script-command tests share: running the real binary to its end with its output
//! captured, and failing the test if it hangs.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long one run of the binary may take before the test fails; a restore followed with
/// `--wait` at demo speed included.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(60);
/// How often a running binary is checked for having exited.
const EXIT_POLL: Duration = Duration::from_millis(10);

/// What one run of the binary left behind.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command to its end with no terminal on stdin, reading its output as it comes;
/// fails after [`RUN_TIMEOUT`].
pub fn run(mut command: Command) -> Outcome {
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = reader(child.stdout.take().unwrap());
    let stderr = reader(child.stderr.take().unwrap());
    let code = wait(&mut child);
    Outcome { code, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

fn reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).unwrap();
        text
    })
}

fn wait(child: &mut Child) -> i32 {
    let deadline = Instant::now() + RUN_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().expect("whbackup exited by a signal");
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("whbackup did not exit within {RUN_TIMEOUT:?}");
        }
        thread::sleep(EXIT_POLL);
    }
}
