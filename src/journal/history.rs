//! The restore history as a command prints it: a table for people, JSON for programs. Plain
//! text with no terminal codes; the caller writes it where it wants.

use jiff::tz::TimeZone;

use super::reader::RestoreEntry;
use crate::format::{duration_label, time_in};
use crate::table::{Align, Table};

const HEADERS: [&str; 7] = ["STARTED", "HOSTING", "BACKUP", "WHAT", "STATUS", "TOOK", "PROFILE"];
/// What the table says for an empty journal, instead of a lone header.
const NO_RESTORES: &str = "No restore has been recorded yet.\n";
/// How many characters of an id name it in the table.
const SHORT_ID_CHARS: usize = 8;

/// The history as an aligned table, dates in the system's time zone, newest first as given.
pub fn history_table(entries: &[RestoreEntry]) -> String {
    history_table_in(entries, &TimeZone::system())
}

/// The history as an aligned table, dates in `time_zone`.
pub fn history_table_in(entries: &[RestoreEntry], time_zone: &TimeZone) -> String {
    if entries.is_empty() {
        return NO_RESTORES.to_owned();
    }
    let mut table = Table::new(&HEADERS.map(|header| (header, Align::Left)));
    for entry in entries {
        table.push(row(entry, time_zone).into());
    }
    table.to_string()
}

/// The history as a JSON array of entries, newest first as given, for `--json`.
pub fn history_json(entries: &[RestoreEntry]) -> serde_json::Value {
    serde_json::to_value(entries).expect("journal entries are plain data, which always encodes")
}

/// Where a restore stands, in a few words: its final status, its last status seen, or what
/// is known of its request.
pub fn state_label(entry: &RestoreEntry) -> String {
    if let Some(status) = &entry.final_status {
        return status.to_string();
    }
    if let Some(seen) = &entry.last_status {
        return format!("{} {}%", seen.status, seen.percentage);
    }
    match &entry.answer {
        None => "unknown: no answer recorded".to_owned(),
        Some(answer) if answer.error.is_none() => "sent".to_owned(),
        Some(answer) if answer.may_have_reached_server => "unknown: may have been sent".to_owned(),
        Some(_) => "not sent".to_owned(),
    }
}

fn row(entry: &RestoreEntry, time_zone: &TimeZone) -> [String; HEADERS.len()] {
    let what = entry.target();
    let backup = what
        .backup_created_at
        .map_or_else(|| short_id(&what.backup_id), |created| time_in(created, time_zone));
    [
        time_in(entry.started_at, time_zone),
        what.domain.clone(),
        backup,
        what.scope.label(),
        state_label(entry),
        entry.duration_seconds.map_or_else(|| "-".to_owned(), duration_label),
        entry.intent.who.profile.clone(),
    ]
}

fn short_id(id: &str) -> String {
    id.chars().take(SHORT_ID_CHARS).collect()
}
