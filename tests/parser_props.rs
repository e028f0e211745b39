//! Property tests of the two readers of local files: the restore journal and the `scw`
//! config file. Both are fed arbitrary bytes and damaged versions of good files; neither
//! may panic, the journal must keep every whole record, and no error about the config
//! file may show the secret key it holds.
//!
//! Each property runs proptest's default of 256 cases; set `PROPTEST_CASES` to run more.

use std::path::Path;

use jiff::Timestamp;
use proptest::prelude::*;
use whbackup::api::{Backup, Endpoint, Hosting, ProgressStatus, SecretKey};
use whbackup::config::{self, Overrides};
use whbackup::journal::{
    Answer, Event, FinalStatus, Intent, Record, RestoreKey, Scope, StatusSeen, parse_journal,
};

const SECRET: &str = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";

/// Lines that can never be a record: they do not start a JSON object.
fn noise_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[!-z|~][^\n]{0,80}",
        "\\[[^\n]{0,40}",
        Just("null".to_owned()),
        Just("\u{feff}garbage".to_owned()),
    ]
}

fn intent(hosting_id: &str) -> Intent {
    let endpoint = Endpoint {
        api_url: "https://api.scaleway.com".into(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(SECRET),
        profile: "default".into(),
        key_source: "SCW_SECRET_KEY".into(),
    };
    let hosting = Hosting { id: hosting_id.into(), ..Hosting::default() };
    let backup = Backup { id: "b-1".into(), ..Backup::default() };
    Intent::new(&endpoint, None, &hosting, &backup, Scope::Full)
}

/// The lines of `restores` whole restores, each from intent to final status.
fn journal_lines(restores: usize) -> Vec<String> {
    let started: Timestamp = "2026-05-01T10:00:00Z".parse().unwrap();
    let ended: Timestamp = "2026-05-01T10:00:20Z".parse().unwrap();
    let mut lines = Vec::new();
    for number in 0..restores {
        let restore = RestoreKey::new(format!("restore-{number}"));
        let events: [Event; 4] = [
            intent(&format!("h-{number}")).into(),
            Answer::accepted(Some(format!("p-{number}"))).into(),
            StatusSeen { status: ProgressStatus::Processing, percentage: 50 }.into(),
            FinalStatus::since(ProgressStatus::Completed, started, ended).into(),
        ];
        for event in events {
            let record = Record { ts: started, restore: restore.clone(), event };
            lines.push(serde_json::to_string(&record).unwrap());
        }
    }
    lines
}

proptest! {
    #[test]
    fn any_bytes_read_as_a_journal_without_panicking(
        bytes in proptest::collection::vec(any::<u8>(), 0..4096)
    ) {
        let read = parse_journal(&bytes);
        let lines = bytes.split(|byte| *byte == b'\n')
            .filter(|line| !line.trim_ascii().is_empty())
            .count();
        let counted = read.records + read.unknown_kinds + read.damaged_lines
            + usize::from(read.torn_last_line);
        prop_assert_eq!(counted, lines, "every line is a record or counted as skipped");
        prop_assert!(read.entries.len() <= read.records);
    }

    #[test]
    fn noise_between_records_loses_no_restore(
        restores in 1_usize..5,
        noise in proptest::collection::vec((any::<prop::sample::Index>(), noise_line()), 0..8),
    ) {
        let mut lines = journal_lines(restores);
        let records = lines.len();
        for (place, line) in &noise {
            lines.insert(place.index(lines.len() + 1), line.clone());
        }
        let last = Record {
            ts: Timestamp::UNIX_EPOCH,
            restore: RestoreKey::new("restore-last"),
            event: intent("h-last").into(),
        };
        lines.push(serde_json::to_string(&last).unwrap());
        let text = lines.join("\n");

        let read = parse_journal(text.as_bytes());
        prop_assert_eq!(read.records, records + 1);
        prop_assert_eq!(read.damaged_lines, noise.len());
        prop_assert_eq!(read.entries.len(), restores + 1, "the last intent too");
        let finished = read.entries.iter().filter(|entry| !entry.unfinished).count();
        prop_assert_eq!(finished, restores);
    }

    #[test]
    fn any_config_file_resolves_or_says_what_is_wrong_without_the_key(
        lines in proptest::collection::vec("[ -~]{0,60}", 0..12),
        place in any::<prop::sample::Index>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut lines = lines;
        lines.insert(place.index(lines.len() + 1), format!("secret_key: {SECRET}"));
        let mut text = lines.join("\n").into_bytes();
        text.extend(bytes);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, &text).unwrap();

        match resolve_with(&path) {
            Ok(resolved) => {
                let shown = format!("{resolved:?}");
                prop_assert!(!shown.contains(SECRET), "{}", shown);
            }
            Err(error) => {
                let message = error.to_string();
                prop_assert!(!message.contains(SECRET), "{}", message);
                let debug = format!("{error:?}");
                prop_assert!(!debug.contains(SECRET), "{}", debug);
                prop_assert!(!message.is_empty());
            }
        }
    }
}

fn resolve_with(path: &Path) -> Result<config::Resolved, config::ConfigError> {
    let path = path.to_string_lossy().into_owned();
    let env = move |name: &str| (name == "SCW_CONFIG_PATH").then(|| path.clone());
    config::resolve(&Overrides::default(), &env)
}
