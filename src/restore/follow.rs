//! Following a journaled restore: which `status` and `final` records its progress calls
//! for, so the dashboard and the script commands write the same records at the same times.

use jiff::Timestamp;

use crate::api::ProgressStatus;
use crate::journal::{FinalStatus, Record, RestoreKey, StatusSeen};

/// One journaled restore being watched. Pure: it says what to write, the caller writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    pub key: RestoreKey,
    /// When the intent was written.
    pub started_at: Timestamp,
    last: Option<StatusSeen>,
    ended: bool,
}

impl Follow {
    pub fn new(key: RestoreKey, started_at: Timestamp) -> Self {
        Self { key, started_at, last: None, ended: false }
    }

    /// Picks up where a journal left off, so an unchanged status is not written again.
    pub fn resumed(key: RestoreKey, started_at: Timestamp, last: Option<StatusSeen>) -> Self {
        Self { key, started_at, last, ended: false }
    }

    /// The records a progress seen at `now` calls for: a `status` when it changed, and a
    /// `final` (with the time since the intent) the first time it is final. Nothing once
    /// the final record was given.
    pub fn seen(
        &mut self,
        status: &ProgressStatus,
        percentage: u64,
        now: Timestamp,
    ) -> Vec<Record> {
        if self.ended {
            return Vec::new();
        }
        let mut records = Vec::new();
        let seen = StatusSeen { status: status.clone(), percentage };
        if self.last.as_ref() != Some(&seen) {
            records.push(Record { ts: now, restore: self.key.clone(), event: seen.clone().into() });
            self.last = Some(seen);
        }
        if status.is_final() {
            self.ended = true;
            let end = FinalStatus::since(status.clone(), self.started_at, now);
            records.push(Record { ts: now, restore: self.key.clone(), event: end.into() });
        }
        records
    }

    /// Whether the final record was given.
    pub fn has_ended(&self) -> bool {
        self.ended
    }

    /// Seconds from the intent to `now`.
    pub fn seconds_since_start(&self, now: Timestamp) -> f64 {
        now.duration_since(self.started_at).as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Event;

    #[test]
    fn status_is_written_on_change_and_final_once() {
        let start: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
        let later: Timestamp = "2026-01-01T10:01:30Z".parse().unwrap();
        let mut follow = Follow::new(RestoreKey::new("k"), start);
        assert_eq!(follow.seen(&ProgressStatus::Processing, 10, start).len(), 1);
        assert!(follow.seen(&ProgressStatus::Processing, 10, start).is_empty());
        let end = follow.seen(&ProgressStatus::Completed, 100, later);
        assert_eq!(end.len(), 2);
        let Event::Final(final_status) = &end[1].event else { panic!("no final: {end:?}") };
        assert!((final_status.duration_seconds - 90.0).abs() < f64::EPSILON);
        assert!(follow.seen(&ProgressStatus::Completed, 100, later).is_empty());
        assert!(follow.has_ended());
    }
}
