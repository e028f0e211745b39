//! The restore journal on disk: every record kind round-trips, a journal cut anywhere still
//! reads back, unknown kinds are skipped, unfinished restores are found, the secret key is
//! never written, the file is private, and the history prints as a table and as JSON.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;
use tempfile::TempDir;
use whbackup::api::{
    Backup, BackupItem, BackupStatus, Endpoint, Hosting, ItemType, ProgressStatus, SecretKey,
};
use whbackup::journal::{
    Answer, AsyncJournal, Event, FinalStatus, Intent, Journal, Record, RestoreKey, Scope,
    StatusSeen, history_json, history_table_in, history_table_within, read_entries, read_journal,
    unfinished,
};

const SECRET: &str = "5b1e2c3d-aaaa-4bbb-8ccc-0123456789ab";
const ACCESS_KEY: &str = "SCWABCDEFGHIJ0123456";

fn journal_path(dir: &TempDir) -> PathBuf {
    dir.path().join("state").join("whbackup").join("journal.jsonl")
}

fn at(rfc3339: &str) -> Timestamp {
    rfc3339.parse().unwrap()
}

fn endpoint() -> Endpoint {
    Endpoint {
        api_url: "https://api.scaleway.com".into(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(SECRET),
        profile: "agency".into(),
        key_source: "SCW_SECRET_KEY".into(),
    }
}

fn intent(domain: &str, scope: Scope) -> Intent {
    let hosting =
        Hosting { id: format!("hosting-{domain}"), domain: domain.into(), ..Hosting::default() };
    let backup = Backup {
        id: "backup-0001".into(),
        created_at: Some(at("2026-03-01T03:12:00Z")),
        status: BackupStatus::Active,
        ..Backup::default()
    };
    Intent::new(&endpoint(), Some(ACCESS_KEY), &hosting, &backup, scope)
}

fn items_scope() -> Scope {
    let item = |id: &str, name: &str, item_type| BackupItem {
        id: id.into(),
        name: name.into(),
        item_type,
        ..BackupItem::default()
    };
    let items = [item("i1", "wp_prod", ItemType::Db), item("i2", "wp_user", ItemType::DbUser)];
    Scope::items(&items)
}

fn record(ts: &str, restore: &RestoreKey, event: impl Into<Event>) -> Record {
    Record { ts: at(ts), restore: restore.clone(), event: event.into() }
}

/// A finished restore of items, then a full restore still running, then one whose request
/// failed before reaching the server.
fn sample_records() -> Vec<Record> {
    let (done, running, refused) =
        (RestoreKey::new("aaaa0001"), RestoreKey::new("bbbb0002"), RestoreKey::new("cccc0003"));
    let status = |status, percentage| StatusSeen { status, percentage };
    vec![
        record("2026-03-02T10:00:00Z", &done, intent("shop.example", items_scope())),
        record("2026-03-02T10:00:01Z", &done, Answer::accepted(Some("p-1".into()))),
        record("2026-03-02T10:00:05Z", &done, status(ProgressStatus::Processing, 40)),
        record(
            "2026-03-02T10:03:05Z",
            &done,
            FinalStatus::since(
                ProgressStatus::Completed,
                at("2026-03-02T10:00:00Z"),
                at("2026-03-02T10:03:05.5Z"),
            ),
        ),
        record("2026-03-02T11:00:00Z", &running, intent("blog.example", Scope::Full)),
        record("2026-03-02T11:00:01Z", &running, Answer::accepted(Some("p-2".into()))),
        record("2026-03-02T11:00:09Z", &running, status(ProgressStatus::Pending, 0)),
        record("2026-03-02T12:00:00Z", &refused, intent("mail.example", Scope::Full)),
        record("2026-03-02T12:00:01Z", &refused, Answer::failed("connection refused", false)),
    ]
}

fn write_all(path: &Path, records: &[Record]) {
    let mut journal = Journal::open(path).unwrap();
    for record in records {
        journal.append(record).unwrap();
    }
}

#[test]
fn every_record_kind_round_trips() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    let records = sample_records();
    write_all(&path, &records);

    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), records.len());
    for (line, written) in lines.iter().zip(&records) {
        assert_eq!(&serde_json::from_str::<Record>(line).unwrap(), written);
    }
    let first: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["kind"], "intent");
    assert_eq!(first["restore"], "aaaa0001");
    assert_eq!(first["ts"], "2026-03-02T10:00:00Z");
    assert_eq!(first["who"]["access_key"], ACCESS_KEY);
    assert_eq!(first["what"]["scope"]["items"][1]["type"], "db_user");

    let entries = read_entries(&path).unwrap();
    let keys: Vec<&str> = entries.iter().map(|entry| entry.restore.as_str()).collect();
    assert_eq!(keys, ["cccc0003", "bbbb0002", "aaaa0001"], "newest first");
    let done = &entries[2];
    assert_eq!(done.intent, intent("shop.example", items_scope()));
    assert_eq!(done.progress_id.as_deref(), Some("p-1"));
    assert_eq!(done.last_status.as_ref().unwrap().percentage, 40);
    assert_eq!(done.final_status, Some(ProgressStatus::Completed));
    assert_eq!(done.duration_seconds, Some(185.5));
    assert!(!done.unfinished);
}

#[test]
fn a_torn_last_line_still_reads_back_and_the_next_record_stands_apart() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    let records = sample_records();
    write_all(&path, &records[..3]);
    let torn = serde_json::to_string(&records[3]).unwrap();
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(&torn.as_bytes()[..torn.len() / 2]);
    fs::write(&path, bytes).unwrap();

    let read = read_journal(&path).unwrap();
    assert_eq!((read.records, read.torn_last_line, read.damaged_lines), (3, true, 0));
    assert_eq!(read.entries[0].last_status.as_ref().unwrap().percentage, 40);

    write_all(&path, &records[3..4]);
    let read = read_journal(&path).unwrap();
    assert_eq!((read.records, read.torn_last_line, read.damaged_lines), (4, false, 1));
    assert_eq!(read.entries[0].final_status, Some(ProgressStatus::Completed));
}

#[test]
fn a_journal_cut_at_any_byte_reads_back() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    write_all(&path, &sample_records());
    let whole = fs::read(&path).unwrap();
    let line_ends: Vec<usize> =
        whole.iter().enumerate().filter(|(_, byte)| **byte == b'\n').map(|(at, _)| at).collect();
    let cut_path = dir.path().join("cut.jsonl");

    for cut in 0..=whole.len() {
        fs::write(&cut_path, &whole[..cut]).unwrap();
        let read = read_journal(&cut_path).unwrap_or_else(|error| panic!("cut at {cut}: {error}"));
        // A line is whole once its closing brace is in, newline or not.
        let whole_lines = line_ends.iter().filter(|end| **end <= cut).count();
        let at_boundary = cut == 0 || line_ends.iter().any(|end| *end == cut || *end + 1 == cut);
        assert_eq!(read.records, whole_lines, "cut at {cut}");
        assert_eq!(read.torn_last_line, !at_boundary, "cut at {cut}");
        assert_eq!(read.damaged_lines + read.unknown_kinds, 0, "cut at {cut}");
        let intents = [0, 4, 7].iter().filter(|line| whole_lines > **line).count();
        assert_eq!(read.entries.len(), intents, "cut at {cut}");
    }
}

#[test]
fn unknown_kinds_are_skipped_and_counted() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    let records = sample_records();
    write_all(&path, &records[..2]);
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(r#"{"kind":"note","ts":"2026-03-02T10:00:02Z","restore":"aaaa0001","n":1}"#);
    text.push('\n');
    text.push_str(r#"{"kind":"retry","ts":"2026-03-02T10:00:03Z","restore":"zzzz9999"}"#);
    text.push('\n');
    fs::write(&path, text).unwrap();
    write_all(&path, &records[2..4]);

    let read = read_journal(&path).unwrap();
    assert_eq!((read.records, read.unknown_kinds, read.damaged_lines), (4, 2, 0));
    assert_eq!(read.entries.len(), 1);
    assert_eq!(read.entries[0].final_status, Some(ProgressStatus::Completed));
}

#[test]
fn unfinished_restores_are_told_apart() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    let mut records = sample_records();
    let silent = RestoreKey::new("dddd0004");
    records.push(record("2026-03-02T13:00:00Z", &silent, intent("new.example", Scope::Full)));
    write_all(&path, &records);

    let entries = read_entries(&path).unwrap();
    let flagged: Vec<(&str, bool)> =
        entries.iter().map(|entry| (entry.restore.as_str(), entry.unfinished)).collect();
    let expected =
        [("dddd0004", true), ("cccc0003", true), ("bbbb0002", true), ("aaaa0001", false)];
    assert_eq!(flagged, expected);
    let resumable: Vec<&str> =
        unfinished(&entries).iter().map(|entry| entry.restore.as_str()).collect();
    assert_eq!(resumable, ["bbbb0002"], "only a restore with a progress id can resume");
    assert_eq!(read_journal(&path).unwrap().unfinished().len(), 1);
}

#[test]
fn the_secret_key_is_never_written() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    let records = sample_records();
    write_all(&path, &records);

    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(ACCESS_KEY), "the access key id names who restored");
    assert!(!text.contains(SECRET), "the secret key is in the journal");
    assert!(!text.contains(&SECRET[..SECRET.len() / 2]), "part of the secret key is written");
    assert!(!format!("{records:?}").contains(SECRET));
}

#[cfg(unix)]
#[test]
fn the_journal_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    Journal::open(&path).unwrap();
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn a_missing_journal_reads_as_empty() {
    let dir = TempDir::new().unwrap();
    assert!(read_entries(journal_path(&dir)).unwrap().is_empty());
}

#[tokio::test]
async fn async_appends_reach_the_disk() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    let journal = AsyncJournal::open(path.clone()).await.unwrap();
    let key = RestoreKey::generate();
    journal.append(Record::now(&key, intent("shop.example", Scope::Full))).await.unwrap();
    let appends = (0..10).map(|percentage| {
        let status = StatusSeen { status: ProgressStatus::Processing, percentage };
        journal.append(Record::now(&key, status))
    });
    for result in futures::future::join_all(appends).await {
        result.unwrap();
    }

    let read = read_journal(journal.path()).unwrap();
    assert_eq!((read.records, read.entries.len()), (11, 1));
    assert_eq!(read.entries[0].restore, key);
}

#[test]
fn the_history_prints_as_a_table_and_as_json() {
    let dir = TempDir::new().unwrap();
    let path = journal_path(&dir);
    write_all(&path, &sample_records());
    let entries = read_entries(&path).unwrap();

    let table = history_table_in(&entries, &TimeZone::UTC);
    let expected = "\
STARTED           HOSTING       BACKUP            WHAT     STATUS      TOOK    PROFILE
2026-03-02 12:00  mail.example  2026-03-01 03:12  full     not sent    -       agency
2026-03-02 11:00  blog.example  2026-03-01 03:12  full     pending 0%  -       agency
2026-03-02 10:00  shop.example  2026-03-01 03:12  2 items  completed   3m 06s  agency
";
    assert_eq!(table, expected);
    assert_eq!(history_table_in(&[], &TimeZone::UTC), "No restore has been recorded yet.\n");

    let narrow = history_table_within(&entries, &TimeZone::UTC, 40);
    let expected = "\
STARTED      HOSTING       STATUS
03-02 12:00  mail.example  not sent
03-02 11:00  blog.example  pending 0%
03-02 10:00  shop.example  completed
";
    assert_eq!(narrow, expected, "the less telling columns, then the year, make room");
    let medium = history_table_within(&entries, &TimeZone::UTC, 70);
    assert!(
        medium.starts_with("STARTED           HOSTING       BACKUP            WHAT     STATUS")
    );
    assert!(medium.lines().all(|line| line.chars().count() <= 70), "{medium}");

    let json = history_json(&entries);
    let json = json.as_array().unwrap();
    assert_eq!(json.len(), 3);
    assert_eq!(json[1]["progress_id"], "p-2");
    assert_eq!(json[1]["unfinished"], true);
    assert_eq!(json[2]["final_status"], "completed");
    assert_eq!(json[2]["intent"]["what"]["domain"], "shop.example");
    assert!(!json[0].to_string().contains(SECRET));
}
