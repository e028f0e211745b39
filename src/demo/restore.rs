//! The restore simulation: each restore's status is read off the clock.
//!
//! A restore gets a fixed timeline when it is submitted: it waits `pending` in its hosting's
//! queue until the restore before it ends, stays `pending` a little longer while it is picked
//! up, then goes `processing` with a rising percentage, and ends with an outcome fixed from
//! the seed and what it restores. Nothing runs in the background; every answer computes the
//! status for the current instant.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::ids::hash;
use crate::api::ProgressStatus;

/// A restore at speed 1.0 takes between these many milliseconds, pickup included.
const MIN_RESTORE_MS: u64 = 10_000;
const MAX_RESTORE_MS: u64 = 30_000;
/// Share (in percent) of a restore's time spent `pending` before it starts processing.
const PICKUP_SHARE_PERCENT: u32 = 20;
/// The longest a restore may take, whatever the speed.
const MAX_RESTORE: Duration = Duration::from_secs(24 * 3600);
/// A failed restore stops between these percentages.
const FAILED_PERCENT: (u64, u64) = (20, 90);
/// Out of 100 restores: how many complete, and how many more complete partially.
const COMPLETED_PERCENT: u64 = 70;
const PARTIAL_PERCENT: u64 = 20;
const FULL_PERCENT: u64 = 100;
const OUTCOME_STREAM: u64 = 0x4f55;
const DURATION_STREAM: u64 = 0x4455;

/// One item of a hosting: which backup, which item in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub backup: u32,
    pub item: u32,
}

/// What a restore brings back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreTarget {
    /// A whole backup; its progress lists the backup's `full` item.
    Full { backup: u32, full_item: u32 },
    /// Chosen items, sorted, possibly of several backups.
    Items(Vec<ItemKey>),
}

impl RestoreTarget {
    /// The items the progress lists.
    pub fn items(&self) -> Vec<ItemKey> {
        match self {
            Self::Full { backup, full_item } => vec![ItemKey { backup: *backup, item: *full_item }],
            Self::Items(keys) => keys.clone(),
        }
    }

    fn fingerprint(&self) -> u64 {
        match self {
            Self::Full { backup, .. } => hash(&[u64::from(*backup)]),
            Self::Items(keys) => {
                let parts: Vec<u64> = keys
                    .iter()
                    .map(|key| (u64::from(key.backup) << 32) | u64::from(key.item))
                    .collect();
                hash(&parts)
            }
        }
    }
}

/// Where a restore stands at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub status: ProgressStatus,
    pub percentage: u64,
}

/// When a submitted restore waits, runs and ends.
#[derive(Debug, Clone, Copy)]
struct Timeline {
    processing_from: Instant,
    end: Instant,
}

/// One restore of a hosting.
#[derive(Debug, Clone)]
pub struct RestoreRun {
    /// The restore's number within its hosting, which its id carries.
    pub seq: u64,
    pub target: RestoreTarget,
    backups: BTreeSet<u32>,
    items: HashSet<ItemKey>,
    /// `None` for restores that ended before the server started.
    timeline: Option<Timeline>,
    outcome: ProgressStatus,
    final_percent: u64,
}

impl RestoreRun {
    /// A restore that had ended with `outcome` before the server started.
    pub fn finished(seed: u64, seq: u64, target: RestoreTarget, outcome: ProgressStatus) -> Self {
        let final_percent = final_percent(seed, &target, &outcome);
        Self::new(seq, target, None, outcome, final_percent)
    }

    fn new(
        seq: u64,
        target: RestoreTarget,
        timeline: Option<Timeline>,
        outcome: ProgressStatus,
        final_percent: u64,
    ) -> Self {
        let (backups, items) = match &target {
            RestoreTarget::Full { backup, .. } => (BTreeSet::from([*backup]), HashSet::new()),
            RestoreTarget::Items(keys) => {
                (keys.iter().map(|key| key.backup).collect(), keys.iter().copied().collect())
            }
        };
        Self { seq, target, backups, items, timeline, outcome, final_percent }
    }

    pub fn phase(&self, now: Instant) -> Phase {
        let Some(timeline) = self.timeline else {
            return Phase { status: self.outcome.clone(), percentage: self.final_percent };
        };
        if now >= timeline.end {
            return Phase { status: self.outcome.clone(), percentage: self.final_percent };
        }
        if now < timeline.processing_from {
            return Phase { status: ProgressStatus::Pending, percentage: 0 };
        }
        let done = now.duration_since(timeline.processing_from).as_micros();
        let span = timeline.end.duration_since(timeline.processing_from).as_micros().max(1);
        let percentage = u64::try_from(done * u128::from(self.final_percent) / span).unwrap_or(0);
        Phase { status: ProgressStatus::Processing, percentage }
    }

    pub fn is_running(&self, now: Instant) -> bool {
        self.timeline.is_some_and(|timeline| now < timeline.end)
    }

    pub fn item_count(&self) -> u64 {
        match &self.target {
            RestoreTarget::Full { .. } => 1,
            RestoreTarget::Items(keys) => keys.len() as u64,
        }
    }

    /// Whether this restore makes `backup` read `restoring` while it runs.
    pub fn involves_backup(&self, backup: u32) -> bool {
        self.backups.contains(&backup)
    }

    /// Whether this restore makes the item read `restoring` while it runs: every item of a
    /// fully restored backup does, and the chosen items of an item restore.
    pub fn involves_item(&self, key: ItemKey) -> bool {
        match &self.target {
            RestoreTarget::Full { backup, .. } => *backup == key.backup,
            RestoreTarget::Items(_) => self.items.contains(&key),
        }
    }
}

/// The restores submitted while the server runs, per hosting, and how fast they go.
#[derive(Debug)]
pub struct RestoreBook {
    seed: u64,
    speed: f64,
    runs: HashMap<u32, Vec<Arc<RestoreRun>>>,
    forced_outcome: Option<ProgressStatus>,
}

impl RestoreBook {
    pub fn new(seed: u64, speed_factor: f64) -> Self {
        Self { seed, speed: speed_factor, runs: HashMap::new(), forced_outcome: None }
    }

    /// Makes the next submitted restore end with `outcome`, whatever the seed says.
    pub fn force_next_outcome(&mut self, outcome: ProgressStatus) {
        self.forced_outcome = Some(outcome);
    }

    /// Queues a restore on `hosting`: it starts when the hosting's last restore ends. Its
    /// sequence number is `first_seq` plus the number of restores submitted before it.
    pub fn submit(
        &mut self,
        hosting: u32,
        target: RestoreTarget,
        first_seq: u64,
        now: Instant,
    ) -> Arc<RestoreRun> {
        let queue = self.runs.entry(hosting).or_default();
        let seq = first_seq + queue.len() as u64;
        let previous_end = queue.iter().filter_map(|run| run.timeline).map(|t| t.end).max();
        let start = previous_end.map_or(now, |end| end.max(now));

        let total = restore_duration(self.seed, hosting, seq, self.speed);
        let timeline = Timeline {
            processing_from: start + total * PICKUP_SHARE_PERCENT / 100,
            end: start + total,
        };
        let outcome = self.forced_outcome.take().unwrap_or_else(|| {
            seeded_outcome(hash(&[self.seed, OUTCOME_STREAM, hosting.into(), target.fingerprint()]))
        });
        let final_percent = final_percent(self.seed, &target, &outcome);
        let run = Arc::new(RestoreRun::new(seq, target, Some(timeline), outcome, final_percent));
        queue.push(Arc::clone(&run));
        run
    }

    /// The restores submitted on `hosting`, oldest first.
    pub fn submitted(&self, hosting: u32) -> &[Arc<RestoreRun>] {
        self.runs.get(&hosting).map_or(&[], Vec::as_slice)
    }
}

/// How long restore `seq` of `hosting` takes, pickup included.
fn restore_duration(seed: u64, hosting: u32, seq: u64, speed_factor: f64) -> Duration {
    let span_ms = MAX_RESTORE_MS - MIN_RESTORE_MS + 1;
    let at_speed_one_ms =
        MIN_RESTORE_MS + hash(&[seed, DURATION_STREAM, hosting.into(), seq]) % span_ms;
    let at_speed_one = Duration::from_millis(at_speed_one_ms);
    Duration::try_from_secs_f64(at_speed_one.as_secs_f64() / speed_factor)
        .map_or(MAX_RESTORE, |duration| duration.min(MAX_RESTORE))
}

/// Most restores complete; some complete partially, a few fail.
pub fn seeded_outcome(roll: u64) -> ProgressStatus {
    match roll % 100 {
        percent if percent < COMPLETED_PERCENT => ProgressStatus::Completed,
        percent if percent < COMPLETED_PERCENT + PARTIAL_PERCENT => {
            ProgressStatus::PartiallyCompleted
        }
        _ => ProgressStatus::Failed,
    }
}

/// The percentage a restore ends at: all of it, unless it failed part-way.
fn final_percent(seed: u64, target: &RestoreTarget, outcome: &ProgressStatus) -> u64 {
    if *outcome != ProgressStatus::Failed {
        return FULL_PERCENT;
    }
    let (low, high) = FAILED_PERCENT;
    low + hash(&[seed, OUTCOME_STREAM, target.fingerprint()]) % (high - low + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(count: u32) -> RestoreTarget {
        RestoreTarget::Items((0..count).map(|item| ItemKey { backup: 0, item }).collect())
    }

    #[test]
    fn a_restore_moves_from_pending_to_final() {
        let mut book = RestoreBook::new(1, 1.0);
        let now = Instant::now();
        book.force_next_outcome(ProgressStatus::Completed);
        let run = book.submit(0, items(2), 0, now);
        assert_eq!(run.phase(now).status, ProgressStatus::Pending);
        let middle = run.phase(now + Duration::from_millis(MIN_RESTORE_MS * 6 / 10));
        assert_eq!(middle.status, ProgressStatus::Processing);
        assert!(middle.percentage > 0 && middle.percentage < 100, "{middle:?}");
        assert!(run.is_running(now + Duration::from_millis(MIN_RESTORE_MS - 1)));
        let end = run.phase(now + Duration::from_millis(MAX_RESTORE_MS));
        assert_eq!(end, Phase { status: ProgressStatus::Completed, percentage: 100 });
    }

    #[test]
    fn a_second_restore_waits_for_the_first() {
        let mut book = RestoreBook::new(1, 1.0);
        let now = Instant::now();
        let first = book.submit(3, items(1), 0, now);
        let second = book.submit(3, items(2), 0, now);
        assert_eq!(second.seq, 1);
        let first_end = first.timeline.unwrap().end;
        assert_eq!(
            second.phase(first_end - Duration::from_millis(1)).status,
            ProgressStatus::Pending
        );
        assert!(second.timeline.unwrap().processing_from > first_end);
    }

    #[test]
    fn speed_divides_the_duration() {
        let slow = restore_duration(1, 0, 0, 1.0);
        let fast = restore_duration(1, 0, 0, 1000.0);
        assert!((10..=30).contains(&slow.as_secs()), "{slow:?}");
        assert!(fast.as_micros().abs_diff(slow.as_micros() / 1000) <= 1, "{fast:?}");
    }
}
