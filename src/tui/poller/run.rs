//! The poller's I/O loop: waits on the UI's watch requests, the answers in flight and the
//! next deadline of the plan, sends the calls the plan asks for, and reports the answers.

use std::time::Duration;

use futures::StreamExt as _;
use futures::stream::FuturesUnordered;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::plan::{Failure, Plan, ProgressKey, Request, Verdict};
use super::{PollEvent, PollerOptions, ProgressNews, Watch};
use crate::api::{ApiError, Client, Progress, ProgressSummary};

const SECONDS_PER_MINUTE: u64 = 60;

/// The result of one call, with the request it answers.
enum Answer {
    Recent { hosting_id: String, result: Result<Vec<ProgressSummary>, ApiError> },
    Progress { key: ProgressKey, result: Result<Progress, ApiError> },
}

/// Whether the loop goes on after reporting.
enum Flow {
    Continue,
    Stop,
}

/// Runs until the watch sender is dropped or the events receiver is closed.
pub async fn run(
    client: Client,
    mut watches: mpsc::Receiver<Watch>,
    events: mpsc::Sender<PollEvent>,
    options: PollerOptions,
) {
    let mut plan = Plan::new(options);
    let mut in_flight = FuturesUnordered::new();
    loop {
        let deadline = plan.next_due(Instant::now());
        tokio::select! {
            watch = watches.recv() => match watch {
                Some(watch) => plan.watch(watch),
                None => break,
            },
            Some(answer) = in_flight.next(), if !in_flight.is_empty() => {
                if let Flow::Stop = report(&mut plan, answer, &events).await {
                    break;
                }
            }
            () = sleep_until(deadline) => {
                for request in plan.take_due(Instant::now()) {
                    in_flight.push(call(client.clone(), request));
                }
            }
            () = events.closed() => break,
        }
    }
    tracing::debug!("progress poller stopped");
}

/// Sleeps until `deadline`, or forever when there is none.
async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// Makes one call; owns its inputs so it can run while the loop goes on.
async fn call(client: Client, request: Request) -> Answer {
    match request {
        Request::Recent { hosting_id } => {
            let result = client.list_recent_progresses(&hosting_id).await;
            Answer::Recent { hosting_id, result }
        }
        Request::Progress(key) => {
            let result = client.get_progress(&key.hosting_id, &key.progress_id).await;
            Answer::Progress { key, result }
        }
    }
}

/// Feeds an answer to the plan and sends the event it calls for, if any.
async fn report(plan: &mut Plan, answer: Answer, events: &mpsc::Sender<PollEvent>) -> Flow {
    let now = Instant::now();
    let event = match answer {
        Answer::Recent { hosting_id, result: Ok(progresses) } => plan
            .on_recent(&hosting_id, &progresses, now)
            .then_some(PollEvent::Recent { hosting_id, progresses }),
        Answer::Progress { key, result: Ok(progress) } => plan
            .on_progress(&key, &progress, now)
            .map(|verdict| progress_event(key, progress, &verdict)),
        Answer::Recent { hosting_id, result: Err(error) } => {
            let request = Request::Recent { hosting_id };
            plan.on_failure(&request, refused_for_good(&error), now)
                .map(|_| failed_event(request, error))
        }
        Answer::Progress { key, result: Err(error) } => {
            let request = Request::Progress(key.clone());
            match plan.on_failure(&request, refused_for_good(&error), now) {
                None => None,
                Some(Failure::Retry) => Some(failed_event(request, error)),
                Some(Failure::Dropped) => Some(lost_event(key, &error)),
            }
        }
    };
    let Some(event) = event else { return Flow::Continue };
    match events.send(event).await {
        Ok(()) => Flow::Continue,
        Err(_) => Flow::Stop,
    }
}

/// Whether the API will give the same refusal however often it is asked: it does not know
/// the restore (or it expired), or the key may not read it. Other failures may pass.
fn refused_for_good(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::NotFound { .. }
            | ApiError::Expired { .. }
            | ApiError::DeniedAuthentication { .. }
            | ApiError::PermissionsDenied { .. }
    )
}

fn progress_event(key: ProgressKey, progress: Progress, verdict: &Verdict) -> PollEvent {
    let news = match verdict {
        Verdict::Running | Verdict::Final => {
            let (progress_id, status) = (&key.progress_id, &progress.status);
            tracing::debug!(%progress_id, %status, "restore polled");
            ProgressNews::Polled(progress)
        }
        Verdict::GaveUp { unknown_for } => {
            let reason = gave_up(&progress, *unknown_for);
            tracing::warn!(progress_id = %key.progress_id, reason, "stopped watching a restore");
            ProgressNews::Lost { progress_id: key.progress_id, reason, for_good: false }
        }
    };
    PollEvent::Progress { hosting_id: key.hosting_id, progress: news }
}

/// The last event about a restore the API refused for good to show.
fn lost_event(key: ProgressKey, error: &ApiError) -> PollEvent {
    tracing::warn!(progress_id = %key.progress_id, %error, "the API no longer shows a restore");
    let reason = match error {
        ApiError::NotFound { .. } | ApiError::Expired { .. } => {
            "the API no longer knows this restore"
        }
        _ => "the API key may not read this restore",
    };
    let news =
        ProgressNews::Lost { progress_id: key.progress_id, reason: reason.into(), for_good: true };
    PollEvent::Progress { hosting_id: key.hosting_id, progress: news }
}

fn failed_event(request: Request, error: ApiError) -> PollEvent {
    match request {
        Request::Recent { hosting_id } => {
            tracing::debug!(%hosting_id, %error, "listing recent restores failed");
            PollEvent::Failed { hosting_id, progress_id: None, error }
        }
        Request::Progress(key) => {
            tracing::debug!(progress_id = %key.progress_id, %error, "polling a restore failed");
            PollEvent::Failed {
                hosting_id: key.hosting_id,
                progress_id: Some(key.progress_id),
                error,
            }
        }
    }
}

/// Why a restore was given up on, said once.
fn gave_up(progress: &Progress, unknown_for: Duration) -> String {
    let minutes = unknown_for.as_secs() / SECONDS_PER_MINUTE;
    format!(
        "its status `{}`, unknown to whbackup, lasted {minutes} min; the Scaleway console \
         shows how it ended",
        progress.status
    )
}
