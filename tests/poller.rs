//! The progress poller against the demo server over real HTTP: it follows a restore to its
//! final status, stops polling it then, reports a failed poll and recovers on the next tick,
//! drops a restore the API no longer knows, gives up on a status nobody knows after its
//! cap, and ends when either channel closes.

use std::time::Duration;

use axum::http::Method;
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout};
use whbackup::api::{
    ApiError, BackupStatus, Client, ClientOptions, Endpoint, ItemType, RetryPolicy, SecretKey,
};
use whbackup::demo::{DemoConfig, DemoServer, Fault, FaultRule};
use whbackup::tui::poller::{self, PollEvent, Poller, PollerOptions, ProgressNews, Watch};

/// Restores run this many times faster than normal: 10-30 s become 250-750 ms, long enough
/// for several fast-cadence polls.
const SPEED: f64 = 40.0;
const TOKEN: &str = "00000000-0000-4000-8000-00000000beef";

/// Short cadences, so the test sees many ticks in little time.
const BUSY_EVERY: Duration = Duration::from_millis(20);
const QUIET_EVERY: Duration = Duration::from_millis(300);
const UNKNOWN_STATUS_CAP: Duration = Duration::from_secs(60);
/// The cap in the test of a status nobody knows: a handful of fast ticks.
const UNKNOWN_CAP_IN_TEST: Duration = Duration::from_millis(150);

/// How long any single awaited event or exit may take.
const EVENT_TIMEOUT: Duration = Duration::from_secs(15);
/// How many events a test reads at most before deciding it will not see what it waits for.
const MAX_EVENTS: usize = 2_000;
/// How many quiet-cadence list answers to wait for after a restore is final.
const QUIET_TICKS: usize = 3;
/// The first hand-picked hosting, a shop with backups.
const SHOP: usize = 0;
const EVENT_QUEUE: usize = 64;

fn options() -> PollerOptions {
    PollerOptions {
        busy_every: BUSY_EVERY,
        quiet_every: QUIET_EVERY,
        unknown_status_cap: UNKNOWN_STATUS_CAP,
    }
}

async fn start(retry: RetryPolicy) -> (DemoServer, Client) {
    let config = DemoConfig { speed: SPEED, ..DemoConfig::default() };
    let listen = "127.0.0.1:0".parse().unwrap();
    let server = DemoServer::start(config, listen, TOKEN.into()).await.unwrap();
    let endpoint = Endpoint {
        api_url: server.url.clone(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(server.token.clone()),
        profile: "test".into(),
        key_source: "the test".into(),
    };
    let client =
        Client::with_options(endpoint, ClientOptions { retry, ..ClientOptions::default() });
    (server, client.unwrap())
}

/// Submits a restore of two active items of the hosting's newest active backup.
async fn submit_restore(client: &Client, hosting_id: &str) -> String {
    let backups = client.list_backups(hosting_id).await.unwrap();
    let backup = backups.iter().find(|backup| backup.status == BackupStatus::Active).unwrap();
    let groups = client.list_backup_items(hosting_id, &backup.id).await.unwrap();
    let item_ids: Vec<String> = groups
        .iter()
        .filter(|group| group.item_type != ItemType::Full)
        .flat_map(|group| &group.items)
        .filter(|item| item.status == BackupStatus::Active)
        .take(2)
        .map(|item| item.id.clone())
        .collect();
    assert_eq!(item_ids.len(), 2, "the backup has two active items");
    let answer = client.restore_backup_items(hosting_id, &item_ids).await.unwrap();
    answer.progress_id.expect("the demo server answers a progress id")
}

async fn next_event(events: &mut mpsc::Receiver<PollEvent>) -> PollEvent {
    let received = timeout(EVENT_TIMEOUT, events.recv()).await;
    let event = received.unwrap_or_else(|_| panic!("no poll event within {EVENT_TIMEOUT:?}"));
    event.expect("the poller is still running")
}

/// Reads events until the restore is final; returns the statuses seen for it and the
/// failures reported about it, in order.
async fn follow_to_final(
    events: &mut mpsc::Receiver<PollEvent>,
    progress_id: &str,
) -> (Vec<String>, Vec<ApiError>) {
    let mut statuses = Vec::new();
    let mut failures = Vec::new();
    for _ in 0..MAX_EVENTS {
        match next_event(events).await {
            PollEvent::Progress { progress: ProgressNews::Polled(progress), .. }
                if progress.id == progress_id =>
            {
                statuses.push(progress.status.to_string());
                if progress.status.is_final() {
                    return (statuses, failures);
                }
            }
            PollEvent::Progress { progress: ProgressNews::Lost { reason, .. }, .. } => {
                panic!("an unexpected end of polling: {reason}");
            }
            PollEvent::Failed { progress_id: Some(id), error, .. } if id == progress_id => {
                failures.push(error);
            }
            PollEvent::Failed { error, .. } => panic!("an unexpected poll failure: {error}"),
            PollEvent::Recent { .. } | PollEvent::Progress { .. } => {}
        }
    }
    panic!("restore {progress_id} not final after {MAX_EVENTS} events: {statuses:?}");
}

fn get_progress_path(progress_id: &str) -> String {
    format!("/progresses/{progress_id}")
}

#[tokio::test]
async fn a_restore_is_followed_to_its_final_status_then_left_alone() {
    let (server, client) = start(RetryPolicy::default()).await;
    let hosting_id = server.hosting_id(SHOP);
    let progress_id = submit_restore(&client, &hosting_id).await;
    let (sender, mut events) = mpsc::channel(EVENT_QUEUE);
    let poller = poller::spawn_with(client, sender, options());

    poller.watch.send(Watch::Hosting(Some(hosting_id.clone()))).await.unwrap();
    let watch =
        Watch::Progress { hosting_id: hosting_id.clone(), progress_id: progress_id.clone() };
    poller.watch.send(watch).await.unwrap();
    let (statuses, failures) = follow_to_final(&mut events, &progress_id).await;
    let polls_when_final = server.count(&Method::GET, &get_progress_path(&progress_id));

    assert!(failures.is_empty(), "{failures:?}");
    assert!(statuses.len() >= 2, "polled while it ran, then final: {statuses:?}");
    assert!(["pending", "processing"].contains(&statuses[0].as_str()), "{statuses:?}");
    assert_eq!(polls_when_final, statuses.len(), "one GetProgress per reported status");

    let gaps = quiet_list_gaps(&mut events, &hosting_id).await;
    let polls_later = server.count(&Method::GET, &get_progress_path(&progress_id));
    assert_eq!(polls_later, polls_when_final, "the final restore was polled again");
    let shortest_gap = gaps.iter().min().unwrap();
    assert!(*shortest_gap >= QUIET_EVERY / 2, "quiet ticks came too fast: {gaps:?}");
}

/// Waits for `QUIET_TICKS` more list answers once all is quiet and returns the gaps between
/// them. The first answer may come from a tick scheduled (or answered) while the restore
/// ran, so it is neither checked nor timed.
async fn quiet_list_gaps(
    events: &mut mpsc::Receiver<PollEvent>,
    hosting_id: &str,
) -> Vec<Duration> {
    let mut arrivals = Vec::new();
    for _ in 0..MAX_EVENTS {
        match next_event(events).await {
            PollEvent::Recent { hosting_id: listed, progresses } => {
                assert_eq!(listed, hosting_id);
                let settled = progresses.iter().all(|p| p.status.is_final());
                assert!(arrivals.is_empty() || settled, "{progresses:?}");
                arrivals.push(Instant::now());
                if arrivals.len() > QUIET_TICKS {
                    break;
                }
            }
            PollEvent::Progress { progress, .. } => panic!("polled after final: {progress:?}"),
            PollEvent::Failed { error, .. } => panic!("an unexpected poll failure: {error}"),
        }
    }
    arrivals.windows(2).skip(1).map(|pair| pair[1] - pair[0]).collect()
}

#[tokio::test]
async fn a_failed_poll_is_reported_then_retried_at_the_next_tick() {
    // No client-side retry: the one 503 reaches the poller.
    let (server, client) = start(RetryPolicy::never()).await;
    let hosting_id = server.hosting_id(SHOP);
    let progress_id = submit_restore(&client, &hosting_id).await;
    let body = serde_json::json!({"message": "service unavailable", "type": "unavailable"});
    let rule = FaultRule::new(Fault::json(503, &body)).method(Method::GET);
    server.inject(rule.path_contains(get_progress_path(&progress_id)));
    let (sender, mut events) = mpsc::channel(EVENT_QUEUE);
    let poller = poller::spawn_with(client, sender, options());

    let watch = Watch::Progress { hosting_id, progress_id: progress_id.clone() };
    poller.watch.send(watch).await.unwrap();
    let first = next_event(&mut events).await;
    let PollEvent::Failed { progress_id: Some(failed_id), error, .. } = first else {
        panic!("the first event is the failure, not {first:?}");
    };
    assert_eq!(failed_id, progress_id);
    assert_eq!(error.status(), Some(503), "{error}");

    let (statuses, failures) = follow_to_final(&mut events, &progress_id).await;
    assert!(failures.is_empty(), "only one failure was injected: {failures:?}");
    assert!(statuses.last().is_some(), "the poll after the failure answered");
    assert!(!poller.task.is_finished(), "a failure does not end the task");
}

#[tokio::test]
async fn a_restore_stuck_in_an_unknown_status_is_given_up_after_the_cap() {
    let (server, client) = start(RetryPolicy::default()).await;
    let hosting_id = server.hosting_id(SHOP);
    let progress_id = "00000000-0000-4000-8000-0000000000aa";
    let odd = serde_json::json!({"id": progress_id, "status": "queued", "percentage": 0});
    let rule = FaultRule::new(Fault::json(200, &odd)).method(Method::GET);
    server.inject(rule.path_contains(get_progress_path(progress_id)).times(MAX_EVENTS));
    let (sender, mut events) = mpsc::channel(EVENT_QUEUE);
    let capped = PollerOptions { unknown_status_cap: UNKNOWN_CAP_IN_TEST, ..options() };
    let poller = poller::spawn_with(client, sender, capped);

    let watch = Watch::Progress { hosting_id: hosting_id.clone(), progress_id: progress_id.into() };
    poller.watch.send(watch).await.unwrap();
    let started = Instant::now();
    let (reason, for_good) = loop {
        match next_event(&mut events).await {
            PollEvent::Progress { progress: ProgressNews::Polled(progress), .. } => {
                assert_eq!(progress.status.as_str(), "queued");
            }
            PollEvent::Progress {
                progress: ProgressNews::Lost { progress_id: id, reason, for_good },
                ..
            } if id == progress_id => {
                break (reason, for_good);
            }
            other => panic!("unexpected event {other:?}"),
        }
    };
    assert!(started.elapsed() >= UNKNOWN_CAP_IN_TEST, "gave up too early");
    assert!(reason.contains("queued"), "{reason}");
    assert!(!for_good, "a later run may read the status");
    assert_not_polled_again(&server, &poller, &mut events, &hosting_id, progress_id).await;
}

/// Waits for two answers of the hosting's list, during which a restore still watched would
/// have been polled at least once more, and checks that `progress_id` was not.
async fn assert_not_polled_again(
    server: &DemoServer,
    poller: &Poller,
    events: &mut mpsc::Receiver<PollEvent>,
    hosting_id: &str,
    progress_id: &str,
) {
    let polls_when_dropped = server.count(&Method::GET, &get_progress_path(progress_id));
    poller.watch.send(Watch::Hosting(Some(hosting_id.to_owned()))).await.unwrap();
    for _ in 0..2 {
        let event = next_event(events).await;
        assert!(matches!(event, PollEvent::Recent { .. }), "{event:?}");
    }
    let polls_later = server.count(&Method::GET, &get_progress_path(progress_id));
    assert_eq!(polls_later, polls_when_dropped, "the dropped restore was polled again");
}

#[tokio::test]
async fn a_restore_the_api_no_longer_knows_is_dropped_for_good() {
    let (server, client) = start(RetryPolicy::never()).await;
    let hosting_id = server.hosting_id(SHOP);
    let progress_id = "00000000-0000-4000-8000-0000000000bb";
    let body = serde_json::json!({
        "message": "resource is not found",
        "type": "not_found",
        "resource": "progress",
        "resource_id": progress_id,
    });
    let rule = FaultRule::new(Fault::json(404, &body)).method(Method::GET);
    server.inject(rule.path_contains(get_progress_path(progress_id)).times(MAX_EVENTS));
    let (sender, mut events) = mpsc::channel(EVENT_QUEUE);
    let poller = poller::spawn_with(client, sender, options());

    let watch = Watch::Progress { hosting_id: hosting_id.clone(), progress_id: progress_id.into() };
    poller.watch.send(watch).await.unwrap();
    let event = next_event(&mut events).await;
    let PollEvent::Progress {
        progress: ProgressNews::Lost { progress_id: id, reason, for_good },
        ..
    } = event
    else {
        panic!("the first event ends the watch: {event:?}");
    };
    assert_eq!(id, progress_id);
    assert!(for_good && reason.contains("no longer knows"), "{reason}");
    assert_eq!(server.count(&Method::GET, &get_progress_path(progress_id)), 1, "asked once");
    assert_not_polled_again(&server, &poller, &mut events, &hosting_id, progress_id).await;
}

#[tokio::test]
async fn the_task_ends_when_the_watch_sender_is_dropped() {
    let (server, client) = start(RetryPolicy::default()).await;
    let (sender, mut events) = mpsc::channel(EVENT_QUEUE);
    let Poller { watch, task } = poller::spawn_with(client, sender, options());
    watch.send(Watch::Hosting(Some(server.hosting_id(SHOP)))).await.unwrap();
    assert!(matches!(next_event(&mut events).await, PollEvent::Recent { .. }));

    drop(watch);
    timeout(EVENT_TIMEOUT, task).await.expect("the task ended").unwrap();
}

#[tokio::test]
async fn the_task_ends_when_the_events_receiver_is_dropped() {
    let (server, client) = start(RetryPolicy::default()).await;
    let (sender, events) = mpsc::channel(EVENT_QUEUE);
    let Poller { watch, task } = poller::spawn_with(client, sender, options());
    watch.send(Watch::Hosting(Some(server.hosting_id(SHOP)))).await.unwrap();

    drop(events);
    timeout(EVENT_TIMEOUT, task).await.expect("the task ended").unwrap();
    assert!(watch.is_closed(), "the task dropped its watch receiver");
}
