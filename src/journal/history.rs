//! The restore history as a command prints it: a table for people, JSON for programs. Plain
//! text with no terminal codes; the caller writes it where it wants.

use jiff::tz::TimeZone;

use super::reader::RestoreEntry;
use crate::format::{duration_label, time_in};
use crate::table::{Align, Table};

const HEADERS: [&str; 7] = ["STARTED", "HOSTING", "BACKUP", "WHAT", "STATUS", "TOOK", "PROFILE"];
/// What the table says for an empty journal, instead of a lone header.
const NO_RESTORES: &str = "No restore has been recorded yet.\n";
/// `2026-`, the part of a start time a narrow table leaves out.
const YEAR_PREFIX_CHARS: usize = 5;
/// How many characters of an id name it in the table.
const SHORT_ID_CHARS: usize = 8;

/// The history as an aligned table, dates in the system's time zone, newest first as given.
pub fn history_table(entries: &[RestoreEntry]) -> String {
    history_table_in(entries, &TimeZone::system())
}

/// Columns left out first when the table must fit a width: the profile, the time taken, the
/// backup's date, what was restored. When, where and how it ended always stay.
const DROPPED_FIRST: [usize; 4] = [6, 5, 2, 3];

/// The history as an aligned table, dates in `time_zone`.
pub fn history_table_in(entries: &[RestoreEntry], time_zone: &TimeZone) -> String {
    history_table_within(entries, time_zone, usize::MAX)
}

/// The history as an aligned table no wider than `max_width` columns where leaving out
/// the less telling columns (see [`DROPPED_FIRST`]), then the year of the start, can make
/// it so.
pub fn history_table_within(
    entries: &[RestoreEntry],
    time_zone: &TimeZone,
    max_width: usize,
) -> String {
    if entries.is_empty() {
        return NO_RESTORES.to_owned();
    }
    let mut rows: Vec<[String; HEADERS.len()]> =
        entries.iter().map(|entry| row(entry, time_zone)).collect();
    let mut kept: Vec<usize> = (0..HEADERS.len()).collect();
    let mut dropped = DROPPED_FIRST.iter();
    let mut years_dropped = false;
    loop {
        let text = table_of(&rows, &kept);
        let width = text.lines().map(|line| line.chars().count()).max().unwrap_or(0);
        if width <= max_width {
            return text;
        }
        if let Some(column) = dropped.next() {
            kept.retain(|kept| kept != column);
        } else if !years_dropped {
            years_dropped = true;
            for row in &mut rows {
                row[0] = row[0].chars().skip(YEAR_PREFIX_CHARS).collect();
            }
        } else {
            return text;
        }
    }
}

/// The table of `rows` with only the columns `kept`, in their order.
fn table_of(rows: &[[String; HEADERS.len()]], kept: &[usize]) -> String {
    let headers: Vec<(&'static str, Align)> =
        kept.iter().map(|&column| (HEADERS[column], Align::Left)).collect();
    let mut table = Table::new(&headers);
    for row in rows {
        table.push(kept.iter().map(|&column| row[column].clone()).collect());
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
