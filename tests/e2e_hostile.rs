//! End-to-end tests under hostile conditions: the real `whbackup` binary in a
//! pseudo-terminal against a slow, failing or oversized demo API. A restore is sent once
//! however often it is confirmed, a huge answer costs bounded memory, and a hostile network
//! never stops the dashboard from answering keys.

mod support;

use std::time::Duration;

use axum::http::Method;
use support::demo_process::DemoProcess;
use support::flow::{
    InProcessDemo, STEP_TIMEOUT, open_newest_active_backup, pane_ids, quit_and_check_restored,
    row_index, screen, tick_one_item,
};
use support::pty::{ENTER, ESC, Pty, PtyConfig, rows_of};
use whbackup::api::retry::DEFAULT_MAX_ATTEMPTS;
use whbackup::demo::{Burst429, DemoConfig, Fault, FaultRule};

const TOKEN: &str = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e";
/// Every answer of the slow server waits this long.
const SLOW_MS: u64 = 3000;
/// How often the restore is confirmed while its request is in flight.
const CONFIRMS: usize = 10;
/// Long enough for a seeded try and its retries, none of them hung.
const SEEDED_TIMEOUT: Duration = Duration::from_secs(25);
/// Long enough for a few answers at the slow server's pace.
const SLOW_STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// The padded size of the huge answers, over the client's default cap.
const HUGE_MB: &str = "300";
/// A padded size under the cap: the answer is read whole and the hostings load.
const LARGE_MB: &str = "200";
/// The client's default cap, as its error names it.
const CAP_TEXT: &str = "larger than 256 MiB";
/// The most the dashboard may hold at its peak while refusing a huge answer: the cap and a
/// margin for the program itself.
const PEAK_RSS_LIMIT_KIB: u64 = 400 * 1024;
/// Reading 256 MiB through a debug build takes a while.
const HUGE_TIMEOUT: Duration = Duration::from_secs(45);

fn dashboard(url: &str, token: &str, extra_args: &[&str]) -> Pty {
    let mut args = vec!["--api-url", url];
    args.extend_from_slice(extra_args);
    Pty::start(&PtyConfig::with_args(&args).env("SCW_SECRET_KEY", token))
}

#[test]
fn ten_quick_confirms_send_one_restore() {
    let config = DemoConfig { latency_ms: SLOW_MS, ..DemoConfig::default() };
    let demo = InProcessDemo::start(config, TOKEN);
    let hosting_id = demo.server.hosting_id(0);
    let pty = dashboard(&demo.server.url, TOKEN, &["--hosting", &hosting_id]);
    open_newest_active_backup(&pty);
    tick_one_item(&pty);
    assert_eq!(demo.server.count(&Method::POST, "restore"), 0, "nothing sent before r");

    pty.send("r");
    pty.wait_for_text(screen::OVERWRITTEN, STEP_TIMEOUT);
    // Keys are handled in order: once the help shows, every Enter before it was handled.
    pty.send(&format!("{}?", ENTER.repeat(CONFIRMS)));
    pty.wait_for_text(screen::HELP, STEP_TIMEOUT);
    pty.send(ESC);
    pty.wait_for_no_text(screen::HELP, STEP_TIMEOUT);
    let ours_first = |rows: &[String]| pane_ids(rows).first().cloned();
    let sending = pty.wait_for("our restore at the top of the pane", STEP_TIMEOUT, |s| {
        ours_first(&rows_of(s)).as_deref() == Some(screen::NO_ID_YET)
    });
    let unanswered = pane_ids(&sending).into_iter().filter(|id| id == screen::NO_ID_YET).count();
    assert_eq!(unanswered, 1, "{CONFIRMS} confirms show one restore being sent");
    let answered = pty.wait_for("the restore's id in the pane", SLOW_STEP_TIMEOUT, |s| {
        ours_first(&rows_of(s)).is_some_and(|id| id != screen::NO_ID_YET)
    });
    let id = ours_first(&answered).expect("the answered restore");
    quit_and_check_restored(&pty);

    let posts = demo.server.count(&Method::POST, "restore");
    eprintln!("confirmed {CONFIRMS} times at {SLOW_MS} ms a request: {posts} restore POST ({id})");
    assert_eq!(posts, 1, "{CONFIRMS} confirms must send exactly one restore");
    let requests = demo.server.requests();
    let post = requests.iter().find(|r| r.method == Method::POST).expect("the POST");
    assert!(post.path.ends_with("/restore-backup-items"), "{}", post.path);
}

#[test]
fn a_huge_answer_is_refused_within_bounded_memory() {
    let demo = DemoProcess::start_with(&["--huge-response-mb", HUGE_MB]);
    let pty = dashboard(&demo.url, &demo.token, &[]);
    pty.wait_for_text(screen::LOAD_FAILED, HUGE_TIMEOUT);
    let shown = squeezed(&pty.screen_text());
    assert!(shown.contains(CAP_TEXT), "the error names the cap: {shown}");

    let pid = pty.pid().expect("the dashboard's process id");
    let peak_kib = peak_rss_kib(pid);
    eprintln!("peak RSS of the dashboard refusing a {HUGE_MB} MiB answer: {} MiB", peak_kib / 1024);
    assert!(
        peak_kib < PEAK_RSS_LIMIT_KIB,
        "the dashboard peaked at {peak_kib} KiB, over {PEAK_RSS_LIMIT_KIB} KiB"
    );
    quit_and_check_restored(&pty);
}

#[test]
fn a_large_answer_under_the_cap_loads_within_bounded_memory() {
    let demo = DemoProcess::start_with(&["--huge-response-mb", LARGE_MB]);
    let pty = dashboard(&demo.url, &demo.token, &[]);
    pty.wait_for_text(screen::HOSTINGS_TITLE, HUGE_TIMEOUT);

    let pid = pty.pid().expect("the dashboard's process id");
    let peak_kib = peak_rss_kib(pid);
    eprintln!("peak RSS of the dashboard loading a {LARGE_MB} MiB answer: {} MiB", peak_kib / 1024);
    assert!(
        peak_kib < PEAK_RSS_LIMIT_KIB,
        "the dashboard peaked at {peak_kib} KiB, over {PEAK_RSS_LIMIT_KIB} KiB"
    );
    quit_and_check_restored(&pty);
}

/// The screen's text as one line: rows joined, borders dropped, spaces collapsed, so a
/// message wrapped over several rows reads whole.
fn squeezed(text: &str) -> String {
    let words = text.split(|c: char| c.is_whitespace() || c == '│').filter(|w| !w.is_empty());
    words.collect::<Vec<_>>().join(" ")
}

/// The process's peak resident set (`VmHWM` in `/proc/<pid>/status`), in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read status");
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).expect("a VmHWM line");
    let kib = line.split_whitespace().nth(1).expect("a VmHWM value");
    kib.parse().expect("VmHWM in kB")
}

/// Every seeded knob on: slow, failing, rate limited, malformed, dropping and hanging.
fn hostile_config() -> DemoConfig {
    DemoConfig {
        // With this seed the try after the injected faults meets a dropped connection, then
        // a burst of 429: every attempt fails, none hangs.
        seed: 8,
        latency_ms: 2000,
        latency_jitter_ms: 500,
        fail_rate: 0.3,
        burst_429: Some(Burst429 { after: 4, count: 2 }),
        malformed_rate: 0.15,
        drop_rate: 0.15,
        hang_rate: 0.15,
        ..DemoConfig::default()
    }
}

/// The message of the injected outage.
const FIRST_OUTAGE: &str = "first outage";

/// A server failure with `message`; a 500 is not retried, so it shows at once.
fn outage(message: &str) -> Fault {
    Fault::json(500, &serde_json::json!({ "message": message }))
}

#[test]
fn a_hostile_network_never_stops_the_keys() {
    let demo = InProcessDemo::start(hostile_config(), TOKEN);
    let hostings = || FaultRule::new(Fault::Hang).method(Method::GET).path_contains("hostings");
    // An outage: the first listing fails at once (500 is not retried), the next one hangs.
    demo.server.inject(FaultRule { fault: outage(FIRST_OUTAGE), ..hostings() });
    demo.server.inject(hostings());

    let pty = dashboard(&demo.server.url, TOKEN, &[]);
    pty.wait_for_text(FIRST_OUTAGE, STEP_TIMEOUT);
    assert!(pty.screen_text().contains(screen::LOAD_FAILED), "{}", pty.screen_text());
    pty.wait_for_text(screen::RETRY_HINT, STEP_TIMEOUT);

    // Ctrl-R asks again; that request hangs, and the keys still work.
    pty.send("\x12");
    pty.wait_for_text(screen::LOADING_HOSTINGS, STEP_TIMEOUT);
    pty.send("?");
    pty.wait_for_text(screen::HELP, STEP_TIMEOUT);
    pty.send(ESC);
    pty.wait_for_no_text(screen::HELP, STEP_TIMEOUT);
    assert!(pty.screen_text().contains(screen::LOADING_HOSTINGS), "{}", pty.screen_text());

    // The next try meets the seeded faults, retries included, and its outcome is shown.
    pty.send("\x12?");
    pty.wait_for_text(screen::HELP, STEP_TIMEOUT);
    pty.send(ESC);
    pty.wait_for_no_text(screen::HELP, STEP_TIMEOUT);
    pty.wait_for_text(screen::LOAD_FAILED, SEEDED_TIMEOUT);
    let shown = pty.screen_text();
    assert!(shown.contains("rate limited"), "the last failure is told: {shown}");
    let seeded_try = &demo.server.requests()[2..];
    assert_eq!(seeded_try.len(), usize::try_from(DEFAULT_MAX_ATTEMPTS).unwrap(), "retried");
    let met_knobs = seeded_try.iter().all(|r| r.latency_ms > 0 && r.fault.is_some());
    assert!(met_knobs, "every attempt met a seeded fault: {seeded_try:?}");

    // The outage ends: every later request is answered at once and normally.
    demo.server.inject(FaultRule::new(Fault::Delay { ms: 0 }).times(usize::MAX));
    pty.send("\x12");
    let rows = pty.wait_for("the hostings list", STEP_TIMEOUT, |s| {
        s.contents().contains(screen::HOSTINGS_TITLE)
    });
    let title = row_index(&rows, screen::HOSTINGS_TITLE);
    pty.wait_for("the cursor on the first hosting", STEP_TIMEOUT, |s| {
        support::pty::highlighted_row(s) == Some(title + 1)
    });
    pty.send("j");
    pty.wait_for("j to move down", STEP_TIMEOUT, |s| {
        support::pty::highlighted_row(s) == Some(title + 2)
    });
    pty.send("k");
    pty.wait_for("k to move up", STEP_TIMEOUT, |s| {
        support::pty::highlighted_row(s) == Some(title + 1)
    });
    quit_and_check_restored(&pty);

    let requests = demo.server.requests();
    let seeded = requests.iter().filter(|r| r.latency_ms > 0).count();
    eprintln!(
        "hostile run: {} requests, {seeded} met the seeded knobs, {} a fault",
        requests.len(),
        requests.iter().filter(|r| r.fault.is_some()).count()
    );
    assert!(seeded > 0, "no request met the seeded hostile knobs: {requests:?}");
}
