//! The restore journal: an append-only JSON Lines file of every restore this machine asked
//! for, written so that a run killed at any point can still tell what it sent.
//!
//! For each restore, in order: an `intent` before the request leaves (who, and what on
//! which hosting), the `answer` after it (a progress id, or the error and whether the
//! request may have reached the server), a `status` each time the progress changes, and the
//! `final` status with the time it took. The records of one restore share a [`RestoreKey`].
//!
//! Writing: [`Journal`] (blocking) or [`AsyncJournal`] (through the blocking pool).
//! Reading: [`read_entries`] folds the file into one [`RestoreEntry`] per restore;
//! [`unfinished`] picks those whose watch can resume. Printing: [`history_table`] and
//! [`history_json`].

mod history;
mod reader;
mod record;
mod writer;

use std::io;
use std::path::{Path, PathBuf};

pub use history::{
    history_json, history_table, history_table_in, history_table_within, state_label,
};
pub use reader::{
    JournalRead, RestoreEntry, parse_journal, read_entries, read_journal, unfinished,
};
pub use record::{
    Answer, Event, FinalStatus, Intent, ItemRef, KNOWN_KINDS, Record, RestoreKey, Scope,
    StatusSeen, Target, Who,
};
pub use writer::{AsyncJournal, Journal};

/// The journal's place under the state folder.
const APP_FOLDER: &str = "whbackup";
const FILE_NAME: &str = "journal.jsonl";
/// The state folder under the home folder when `XDG_STATE_HOME` is not set.
const HOME_STATE_FOLDER: &str = ".local/state";

/// Where the journal lives: `$XDG_STATE_HOME/whbackup/journal.jsonl`, else
/// `~/.local/state/whbackup/journal.jsonl`. `env` reads one environment variable (tests
/// pass their own). A relative `XDG_STATE_HOME` is ignored, as the XDG spec asks.
pub fn default_path(env: &dyn Fn(&str) -> Option<String>) -> io::Result<PathBuf> {
    let absolute = |name: &str| env(name).map(PathBuf::from).filter(|path| path.is_absolute());
    let state = absolute("XDG_STATE_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(HOME_STATE_FOLDER)))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "cannot tell where to keep the restore journal: set HOME or XDG_STATE_HOME \
                 to an absolute path",
            )
        })?;
    Ok(journal_in(&state))
}

/// The journal's path under the state folder `state`.
fn journal_in(state: &Path) -> PathBuf {
    state.join(APP_FOLDER).join(FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).into())
    }

    #[test]
    fn the_state_folder_comes_from_xdg_then_home() {
        let both = env_of(&[("XDG_STATE_HOME", "/state"), ("HOME", "/home/ana")]);
        assert_eq!(default_path(&both).unwrap(), Path::new("/state/whbackup/journal.jsonl"));
        let relative = env_of(&[("XDG_STATE_HOME", "state"), ("HOME", "/home/ana")]);
        let from_home = Path::new("/home/ana/.local/state/whbackup/journal.jsonl");
        assert_eq!(default_path(&relative).unwrap(), from_home);
        assert_eq!(default_path(&env_of(&[("HOME", "/home/ana")])).unwrap(), from_home);
        assert!(default_path(&env_of(&[])).is_err());
    }
}
