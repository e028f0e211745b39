//! Reading the journal back: every line holding a record is folded into one entry per
//! restore. A line that cannot be read (a torn last line, a damaged one, a kind this build
//! does not know) is counted and skipped; only failing to read the file is an error.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

use super::record::{Answer, Event, FinalStatus, Intent, KNOWN_KINDS, Record, RestoreKey};
use super::record::{StatusSeen, Target};
use crate::api::ProgressStatus;

/// One restore as the journal knows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreEntry {
    pub restore: RestoreKey,
    /// When the intent was written, just before the request.
    pub started_at: Timestamp,
    pub intent: Intent,
    /// The last answer written; `None` when the run ended before an answer came, so
    /// whether the request was sent is unknown.
    pub answer: Option<Answer>,
    pub progress_id: Option<String>,
    pub last_status: Option<StatusSeen>,
    pub final_status: Option<ProgressStatus>,
    pub duration_seconds: Option<f64>,
    /// An intent with no final status: the restore was never seen to end.
    pub unfinished: bool,
}

impl RestoreEntry {
    /// What was restored and where.
    pub fn target(&self) -> &Target {
        &self.intent.what
    }

    /// Whether watching this restore could resume: it has a progress id and no end yet.
    pub fn can_resume(&self) -> bool {
        self.progress_id.is_some() && self.final_status.is_none()
    }
}

/// What a read found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JournalRead {
    /// One per restore, newest intent first.
    pub entries: Vec<RestoreEntry>,
    /// Records read, of every known kind.
    pub records: usize,
    /// Lines of kinds this build does not know, skipped.
    pub unknown_kinds: usize,
    /// Lines that are not whole records, the last one excepted, skipped. A run killed
    /// mid-write leaves one when the next run appends after it.
    pub damaged_lines: usize,
    /// Whether the last line is not a whole record: a run was killed while writing it.
    pub torn_last_line: bool,
    /// Restores whose records lack an intent (a line lost to damage), skipped.
    pub orphan_restores: usize,
}

impl JournalRead {
    /// The restores to resume watching: those with a progress id and no final status.
    pub fn unfinished(&self) -> Vec<&RestoreEntry> {
        unfinished(&self.entries)
    }
}

/// The entries of the journal at `path`, newest first; none when it does not exist yet.
pub fn read_entries(path: impl AsRef<Path>) -> io::Result<Vec<RestoreEntry>> {
    read_journal(path).map(|read| read.entries)
}

/// Reads the journal at `path` with what was skipped; an empty read when it does not exist.
/// It blocks: from async code, call it through `tokio::task::spawn_blocking`.
pub fn read_journal(path: impl AsRef<Path>) -> io::Result<JournalRead> {
    let path = path.as_ref();
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse_journal(&bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(JournalRead::default()),
        Err(error) => Err(io::Error::new(
            error.kind(),
            format!("cannot read the restore journal {}: {error}", path.display()),
        )),
    }
}

/// The entries of journal `bytes`, for a journal already in memory.
pub fn parse_journal(bytes: &[u8]) -> JournalRead {
    let mut read = JournalRead::default();
    let mut fold = Fold::default();
    let mut lines = bytes.split(|byte| *byte == b'\n').peekable();
    while let Some(line) = lines.next() {
        let is_last = lines.peek().is_none();
        if line.trim_ascii().is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(record) => {
                read.records += 1;
                fold.apply(record);
            }
            Err(Skipped::UnknownKind) => read.unknown_kinds += 1,
            Err(Skipped::Damaged) if is_last => read.torn_last_line = true,
            Err(Skipped::Damaged) => read.damaged_lines += 1,
        }
    }
    (read.entries, read.orphan_restores) = fold.finish();
    read
}

/// The entries to resume watching: a progress id and no final status.
pub fn unfinished(entries: &[RestoreEntry]) -> Vec<&RestoreEntry> {
    entries.iter().filter(|entry| entry.can_resume()).collect()
}

/// Why a line holds no record.
enum Skipped {
    UnknownKind,
    /// Not JSON, or JSON that is not a record of its kind.
    Damaged,
}

fn parse_line(line: &[u8]) -> Result<Record, Skipped> {
    let value = serde_json::from_slice::<serde_json::Value>(line).map_err(|_| Skipped::Damaged)?;
    match value.get("kind").and_then(serde_json::Value::as_str) {
        Some(kind) if !KNOWN_KINDS.contains(&kind) => Err(Skipped::UnknownKind),
        _ => serde_json::from_value(value).map_err(|_| Skipped::Damaged),
    }
}

/// The records of one restore, folded as they come.
#[derive(Debug)]
struct Partial {
    /// Position of the restore's first record, to keep the file's order among equal times.
    first_seen: usize,
    started_at: Option<Timestamp>,
    intent: Option<Intent>,
    answer: Option<Answer>,
    progress_id: Option<String>,
    last_status: Option<StatusSeen>,
    final_status: Option<FinalStatus>,
}

#[derive(Debug, Default)]
struct Fold {
    restores: HashMap<RestoreKey, Partial>,
}

impl Fold {
    fn apply(&mut self, record: Record) {
        let first_seen = self.restores.len();
        let partial = self.restores.entry(record.restore).or_insert_with(|| Partial {
            first_seen,
            started_at: None,
            intent: None,
            answer: None,
            progress_id: None,
            last_status: None,
            final_status: None,
        });
        match record.event {
            Event::Intent(intent) => {
                if partial.intent.is_none() {
                    partial.started_at = Some(record.ts);
                    partial.intent = Some(intent);
                }
            }
            Event::Answer(answer) => {
                if answer.progress_id.is_some() {
                    partial.progress_id.clone_from(&answer.progress_id);
                }
                partial.answer = Some(answer);
            }
            Event::Status(status) => partial.last_status = Some(status),
            Event::Final(status) => partial.final_status = Some(status),
        }
    }

    /// The entries, newest first, and how many restores were left out for lack of an intent.
    fn finish(self) -> (Vec<RestoreEntry>, usize) {
        let mut folded: Vec<(usize, RestoreEntry)> = Vec::new();
        let mut orphans = 0;
        for (restore, partial) in self.restores {
            let (Some(started_at), Some(intent)) = (partial.started_at, partial.intent) else {
                orphans += 1;
                continue;
            };
            let final_status = partial.final_status;
            let entry = RestoreEntry {
                restore,
                started_at,
                intent,
                answer: partial.answer,
                progress_id: partial.progress_id,
                last_status: partial.last_status,
                unfinished: final_status.is_none(),
                duration_seconds: final_status.as_ref().map(|end| end.duration_seconds),
                final_status: final_status.map(|end| end.status),
            };
            folded.push((partial.first_seen, entry));
        }
        folded.sort_by(|(a_seen, a), (b_seen, b)| {
            b.started_at.cmp(&a.started_at).then_with(|| b_seen.cmp(a_seen))
        });
        (folded.into_iter().map(|(_, entry)| entry).collect(), orphans)
    }
}
