//! What the progress poller asks next and when: a pure plan with no I/O, driven by the watch
//! requests, the answers, and the clock readings it is handed.
//!
//! Every watched restore is running by construction: a restore leaves the plan the moment an
//! answer shows it final (or its unknown status outlives the cap, or the API refuses for good
//! to show it), so "anything running" is "anything in `progresses`". Each target remembers
//! when its last answer came back and is due one cadence later; a target never has two
//! requests in flight.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use tokio::time::Instant;

use super::{PollerOptions, Watch};
use crate::api::{Progress, ProgressStatus, ProgressSummary};

/// Names one restore: progress ids are only unique within their hosting's API path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProgressKey {
    pub hosting_id: String,
    pub progress_id: String,
}

/// One call the poller should make now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// ListRecentProgresses of the watched hosting.
    Recent { hosting_id: String },
    /// GetProgress of one watched restore.
    Progress(ProgressKey),
}

/// What a GetProgress answer means for the restore's watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Still running: report it and keep polling.
    Running,
    /// Final: report it once; polling it has stopped.
    Final,
    /// Its status has been one this build does not know for at least the cap; polling it
    /// has stopped.
    GaveUp { unknown_for: Duration },
}

/// What a failed call means for its target's watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Report it and try again one cadence later.
    Retry,
    /// The API refused for good to show this restore: polling it has stopped.
    Dropped,
}

/// The polling state of one target.
#[derive(Debug, Default)]
struct Target {
    /// When the last answer (or failure) came back; `None` means due at once.
    answered_at: Option<Instant>,
    in_flight: bool,
}

impl Target {
    fn due_at(&self, now: Instant, every: Duration) -> Option<Instant> {
        if self.in_flight {
            return None;
        }
        Some(self.answered_at.map_or(now, |at| at + every))
    }

    fn answered(&mut self, now: Instant) {
        self.in_flight = false;
        self.answered_at = Some(now);
    }
}

#[derive(Debug, Default)]
struct WatchedProgress {
    target: Target,
    /// Since when every answer has carried a status this build does not know.
    unknown_since: Option<Instant>,
}

/// The set of watched restores and hosting, and when each is next due.
#[derive(Debug)]
pub struct Plan {
    options: PollerOptions,
    hosting: Option<(String, Target)>,
    progresses: BTreeMap<ProgressKey, WatchedProgress>,
    /// Restores seen final or dropped, so a stale list does not bring them back.
    settled: BTreeSet<ProgressKey>,
}

impl Plan {
    pub fn new(options: PollerOptions) -> Self {
        Self { options, hosting: None, progresses: BTreeMap::new(), settled: BTreeSet::new() }
    }

    /// Applies a request from the UI; what it names becomes due at once.
    pub fn watch(&mut self, watch: Watch) {
        match watch {
            Watch::Hosting(None) => self.hosting = None,
            Watch::Hosting(Some(hosting_id)) => match &mut self.hosting {
                Some((current, target)) if *current == hosting_id => target.answered_at = None,
                _ => self.hosting = Some((hosting_id, Target::default())),
            },
            Watch::Progress { hosting_id, progress_id } => {
                let key = ProgressKey { hosting_id, progress_id };
                self.settled.remove(&key);
                self.progresses.entry(key).or_default().target.answered_at = None;
            }
        }
    }

    /// Whether any watched restore is still running.
    fn is_busy(&self) -> bool {
        !self.progresses.is_empty()
    }

    /// The pause between two polls of a target under the current state.
    pub fn every(&self) -> Duration {
        if self.is_busy() { self.options.busy_every } else { self.options.quiet_every }
    }

    /// When the earliest target falls due; `None` when there is nothing to poll (nothing
    /// watched, or every target already has a request in flight).
    pub fn next_due(&self, now: Instant) -> Option<Instant> {
        let every = self.every();
        let hosting = self.hosting.iter().map(|(_, target)| target);
        let progresses = self.progresses.values().map(|watched| &watched.target);
        hosting.chain(progresses).filter_map(|target| target.due_at(now, every)).min()
    }

    /// The requests due at `now`, marked in flight: the hosting list first, then restores.
    pub fn take_due(&mut self, now: Instant) -> Vec<Request> {
        let every = self.every();
        let is_due = |target: &Target| target.due_at(now, every).is_some_and(|due| due <= now);
        let mut requests = Vec::new();
        if let Some((hosting_id, target)) = &mut self.hosting
            && is_due(target)
        {
            target.in_flight = true;
            requests.push(Request::Recent { hosting_id: hosting_id.clone() });
        }
        for (key, watched) in &mut self.progresses {
            if is_due(&watched.target) {
                watched.target.in_flight = true;
                requests.push(Request::Progress(key.clone()));
            }
        }
        requests
    }

    /// Records a ListRecentProgresses answer and adopts the running restores it lists.
    /// Returns whether the hosting is still watched, that is whether to report the answer.
    pub fn on_recent(
        &mut self,
        hosting_id: &str,
        progresses: &[ProgressSummary],
        now: Instant,
    ) -> bool {
        let Some((current, target)) = &mut self.hosting else { return false };
        if current != hosting_id {
            return false;
        }
        target.answered(now);
        for summary in progresses.iter().filter(|summary| summary.status.is_running()) {
            let key =
                ProgressKey { hosting_id: hosting_id.to_owned(), progress_id: summary.id.clone() };
            if self.settled.contains(&key) {
                continue;
            }
            // The list has just told where it stands: the detail comes one cadence later.
            let adopted = || WatchedProgress {
                target: Target { answered_at: Some(now), in_flight: false },
                unknown_since: None,
            };
            self.progresses.entry(key).or_insert_with(adopted);
        }
        true
    }

    /// Records a GetProgress answer. `None` means the restore is no longer watched and the
    /// answer should be dropped.
    pub fn on_progress(
        &mut self,
        key: &ProgressKey,
        progress: &Progress,
        now: Instant,
    ) -> Option<Verdict> {
        let watched = self.progresses.get_mut(key)?;
        watched.target.answered(now);
        let verdict = if progress.status.is_final() {
            Verdict::Final
        } else if is_unknown(&progress.status) {
            let since = *watched.unknown_since.get_or_insert(now);
            let unknown_for = now.duration_since(since);
            if unknown_for >= self.options.unknown_status_cap {
                Verdict::GaveUp { unknown_for }
            } else {
                Verdict::Running
            }
        } else {
            watched.unknown_since = None;
            Verdict::Running
        };
        if verdict != Verdict::Running {
            self.progresses.remove(key);
            self.settled.insert(key.clone());
        }
        Some(verdict)
    }

    /// Records a failed call. A restore the API refused to show `for_good` is dropped;
    /// anything else is retried one cadence later (a hosting list always is, since the
    /// refusal may be lifted). `None` means the target is no longer watched and the failure
    /// should be dropped.
    pub fn on_failure(
        &mut self,
        request: &Request,
        for_good: bool,
        now: Instant,
    ) -> Option<Failure> {
        let target = match request {
            Request::Recent { hosting_id } => match &mut self.hosting {
                Some((current, target)) if current == hosting_id => target,
                _ => return None,
            },
            Request::Progress(key) if for_good => {
                self.progresses.remove(key)?;
                self.settled.insert(key.clone());
                return Some(Failure::Dropped);
            }
            Request::Progress(key) => &mut self.progresses.get_mut(key)?.target,
        };
        target.answered(now);
        Some(Failure::Retry)
    }
}

/// Whether a status is one nobody can interpret: neither running as we know it nor final.
fn is_unknown(status: &ProgressStatus) -> bool {
    matches!(status, ProgressStatus::Unknown | ProgressStatus::Other(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUSY: Duration = Duration::from_secs(1);
    const QUIET: Duration = Duration::from_secs(15);
    const CAP: Duration = Duration::from_secs(60);

    fn plan() -> Plan {
        Plan::new(PollerOptions { busy_every: BUSY, quiet_every: QUIET, unknown_status_cap: CAP })
    }

    fn key(progress_id: &str) -> ProgressKey {
        ProgressKey { hosting_id: "h1".into(), progress_id: progress_id.into() }
    }

    fn watch_progress(plan: &mut Plan, progress_id: &str) {
        plan.watch(Watch::Progress { hosting_id: "h1".into(), progress_id: progress_id.into() });
    }

    fn summary(id: &str, status: ProgressStatus) -> ProgressSummary {
        ProgressSummary { id: id.into(), status, ..ProgressSummary::default() }
    }

    fn progress(id: &str, status: ProgressStatus) -> Progress {
        Progress { id: id.into(), status, ..Progress::default() }
    }

    fn recent(hosting_id: &str) -> Request {
        Request::Recent { hosting_id: hosting_id.into() }
    }

    #[test]
    fn nothing_watched_means_nothing_due() {
        let mut plan = plan();
        let now = Instant::now();
        assert_eq!(plan.next_due(now), None);
        assert!(plan.take_due(now).is_empty());
    }

    #[test]
    fn a_new_hosting_is_due_at_once_then_quietly() {
        let mut plan = plan();
        let now = Instant::now();
        plan.watch(Watch::Hosting(Some("h1".into())));
        assert_eq!(plan.next_due(now), Some(now));
        assert_eq!(plan.take_due(now), vec![recent("h1")]);
        assert_eq!(plan.next_due(now), None, "a request in flight is not due again");

        assert!(plan.on_recent("h1", &[summary("p0", ProgressStatus::Completed)], now));
        assert!(!plan.is_busy());
        assert_eq!(plan.next_due(now), Some(now + QUIET));
        assert!(plan.take_due(now + QUIET - BUSY).is_empty());
        assert_eq!(plan.take_due(now + QUIET), vec![recent("h1")]);
    }

    #[test]
    fn running_restores_in_the_list_are_adopted_and_speed_polling_up() {
        let mut plan = plan();
        let now = Instant::now();
        plan.watch(Watch::Hosting(Some("h1".into())));
        plan.take_due(now);
        let listed =
            [summary("p1", ProgressStatus::Processing), summary("p0", ProgressStatus::Failed)];
        assert!(plan.on_recent("h1", &listed, now));

        assert!(plan.is_busy());
        assert_eq!(plan.next_due(now), Some(now + BUSY));
        assert_eq!(plan.take_due(now + BUSY), vec![recent("h1"), Request::Progress(key("p1"))]);
    }

    #[test]
    fn a_watched_restore_is_polled_until_final_then_never_again() {
        let mut plan = plan();
        let now = Instant::now();
        watch_progress(&mut plan, "p1");
        assert_eq!(plan.take_due(now), vec![Request::Progress(key("p1"))]);
        let running = progress("p1", ProgressStatus::Pending);
        assert_eq!(plan.on_progress(&key("p1"), &running, now), Some(Verdict::Running));
        assert_eq!(plan.next_due(now), Some(now + BUSY));

        let later = now + BUSY;
        assert_eq!(plan.take_due(later), vec![Request::Progress(key("p1"))]);
        let done = progress("p1", ProgressStatus::PartiallyCompleted);
        assert_eq!(plan.on_progress(&key("p1"), &done, later), Some(Verdict::Final));
        assert!(!plan.is_busy());
        assert_eq!(plan.next_due(later), None);
        assert_eq!(plan.on_progress(&key("p1"), &done, later), None, "a late duplicate is dropped");
    }

    #[test]
    fn a_stale_list_does_not_bring_a_final_restore_back() {
        let mut plan = plan();
        let now = Instant::now();
        watch_progress(&mut plan, "p1");
        plan.watch(Watch::Hosting(Some("h1".into())));
        plan.take_due(now);
        plan.on_progress(&key("p1"), &progress("p1", ProgressStatus::Completed), now);

        assert!(plan.on_recent("h1", &[summary("p1", ProgressStatus::Processing)], now));
        assert!(!plan.is_busy());
        assert_eq!(plan.next_due(now), Some(now + QUIET));
    }

    #[test]
    fn asking_again_for_a_final_restore_polls_it_again() {
        let mut plan = plan();
        let now = Instant::now();
        watch_progress(&mut plan, "p1");
        plan.take_due(now);
        plan.on_progress(&key("p1"), &progress("p1", ProgressStatus::Failed), now);

        watch_progress(&mut plan, "p1");
        assert_eq!(plan.take_due(now), vec![Request::Progress(key("p1"))]);
    }

    #[test]
    fn an_unknown_status_is_polled_until_the_cap() {
        let mut plan = plan();
        let start = Instant::now();
        let odd = progress("p1", ProgressStatus::Other("queued".into()));
        watch_progress(&mut plan, "p1");
        plan.take_due(start);
        assert_eq!(plan.on_progress(&key("p1"), &odd, start), Some(Verdict::Running));
        assert_eq!(plan.next_due(start), Some(start + BUSY), "unknown counts as running");

        let almost = start + CAP - BUSY;
        plan.take_due(almost);
        assert_eq!(plan.on_progress(&key("p1"), &odd, almost), Some(Verdict::Running));
        let capped = start + CAP;
        plan.take_due(capped);
        let verdict = plan.on_progress(&key("p1"), &odd, capped);
        assert_eq!(verdict, Some(Verdict::GaveUp { unknown_for: CAP }));
        assert_eq!(plan.next_due(capped), None);
    }

    #[test]
    fn a_known_status_resets_the_unknown_clock() {
        let mut plan = plan();
        let start = Instant::now();
        let odd = progress("p1", ProgressStatus::Unknown);
        watch_progress(&mut plan, "p1");
        plan.on_progress(&key("p1"), &odd, start);
        plan.on_progress(&key("p1"), &progress("p1", ProgressStatus::Processing), start + BUSY);
        plan.on_progress(&key("p1"), &odd, start + CAP);

        let verdict = plan.on_progress(&key("p1"), &odd, start + CAP + BUSY);
        assert_eq!(verdict, Some(Verdict::Running));
    }

    #[test]
    fn a_new_hosting_replaces_the_old_and_drops_its_late_answer() {
        let mut plan = plan();
        let now = Instant::now();
        plan.watch(Watch::Hosting(Some("h1".into())));
        plan.take_due(now);
        plan.watch(Watch::Hosting(Some("h2".into())));
        assert_eq!(plan.take_due(now), vec![recent("h2")]);

        assert!(!plan.on_recent("h1", &[summary("p1", ProgressStatus::Pending)], now));
        assert!(!plan.is_busy(), "a dropped answer adopts nothing");
        assert_eq!(plan.on_failure(&recent("h1"), false, now), None);
        assert!(plan.on_recent("h2", &[], now));
    }

    #[test]
    fn no_hosting_stops_the_list() {
        let mut plan = plan();
        let now = Instant::now();
        plan.watch(Watch::Hosting(Some("h1".into())));
        plan.watch(Watch::Hosting(None));
        assert_eq!(plan.next_due(now), None);
    }

    #[test]
    fn asking_again_for_the_listed_hosting_does_not_double_a_request_in_flight() {
        let mut plan = plan();
        let now = Instant::now();
        plan.watch(Watch::Hosting(Some("h1".into())));
        plan.take_due(now);
        plan.watch(Watch::Hosting(Some("h1".into())));
        assert!(plan.take_due(now).is_empty());

        assert!(plan.on_recent("h1", &[], now));
        plan.watch(Watch::Hosting(Some("h1".into())));
        assert_eq!(plan.take_due(now), vec![recent("h1")], "asking again polls at once");
    }

    #[test]
    fn a_failure_is_retried_one_cadence_later() {
        let mut plan = plan();
        let now = Instant::now();
        watch_progress(&mut plan, "p1");
        plan.take_due(now);
        let p1 = Request::Progress(key("p1"));
        assert_eq!(plan.on_failure(&p1, false, now), Some(Failure::Retry));
        assert!(plan.is_busy());
        assert!(plan.take_due(now).is_empty());
        assert_eq!(plan.take_due(now + BUSY), vec![p1]);
        let p9 = Request::Progress(key("p9"));
        assert_eq!(plan.on_failure(&p9, false, now), None, "unwatched is not reported");
    }

    #[test]
    fn a_refusal_for_good_drops_the_restore_and_slows_down() {
        let mut plan = plan();
        let now = Instant::now();
        watch_progress(&mut plan, "p1");
        plan.watch(Watch::Hosting(Some("h1".into())));
        plan.take_due(now);
        assert!(plan.on_recent("h1", &[], now));

        let p1 = Request::Progress(key("p1"));
        assert_eq!(plan.on_failure(&p1, true, now), Some(Failure::Dropped));
        assert!(!plan.is_busy(), "nothing runs any more");
        assert_eq!(plan.next_due(now), Some(now + QUIET), "back to the quiet cadence");
        assert!(plan.take_due(now + BUSY).is_empty(), "the dropped restore is not asked again");
        assert!(plan.on_recent("h1", &[summary("p1", ProgressStatus::Processing)], now));
        assert!(!plan.is_busy(), "a stale list does not bring it back");
        assert_eq!(plan.on_failure(&p1, true, now), None, "a late failure is dropped too");
    }

    #[test]
    fn a_hosting_list_is_retried_even_after_a_refusal() {
        let mut plan = plan();
        let now = Instant::now();
        plan.watch(Watch::Hosting(Some("h1".into())));
        plan.take_due(now);
        assert_eq!(plan.on_failure(&recent("h1"), true, now), Some(Failure::Retry));
        assert_eq!(plan.take_due(now + QUIET), vec![recent("h1")]);
    }

    #[test]
    fn progress_ids_are_scoped_by_hosting() {
        let mut plan = plan();
        let now = Instant::now();
        watch_progress(&mut plan, "p1");
        plan.watch(Watch::Progress { hosting_id: "h2".into(), progress_id: "p1".into() });
        assert_eq!(plan.take_due(now).len(), 2);
        let other = ProgressKey { hosting_id: "h2".into(), progress_id: "p1".into() };
        plan.on_progress(&other, &progress("p1", ProgressStatus::Completed), now);
        assert!(plan.is_busy(), "h1's p1 still runs");
    }
}
