//! The pre-flight rule: whether a restore may be sent, and whether it needs asking twice.
//! Pure: it looks only at what the caller already knows.

use thiserror::Error;

use crate::api::{Backup, BackupItem, BackupStatus};

/// What a restore would be, as the caller knows it just before asking.
#[derive(Debug, Clone, Copy)]
pub struct PreflightAsk<'a> {
    pub backup: &'a Backup,
    /// The items picked; `None` for a full restore of the backup.
    pub items: Option<&'a [BackupItem]>,
    /// How many restores the hosting runs now (pending, processing or of unknown status).
    pub running_on_hosting: usize,
    /// Restores are off everywhere (`--read-only`).
    pub read_only: bool,
}

/// Why a restore must not be sent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    #[error("restores are off: whbackup was started with --read-only")]
    ReadOnly,
    #[error("the backup cannot be restored: {0}")]
    Backup(&'static str),
    #[error("{name} cannot be restored: {reason}")]
    Item { name: String, reason: &'static str },
    #[error("no item was picked: pick items, or restore the whole backup")]
    NoItems,
}

/// A restore that may be sent, with what the caller must still ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cleared {
    /// Restores already running on the hosting; when above zero, the user is asked again.
    pub running_on_hosting: usize,
}

impl Cleared {
    /// Whether the user must confirm a second time, knowing another restore runs.
    pub fn needs_second_confirmation(&self) -> bool {
        self.running_on_hosting > 0
    }

    /// The sentence that asks the second time, or `None` when once is enough.
    pub fn warning(&self) -> Option<String> {
        match self.running_on_hosting {
            0 => None,
            1 => Some("a restore is already running on this hosting".to_owned()),
            count => Some(format!("{count} restores are already running on this hosting")),
        }
    }
}

/// Checks a restore before anything is sent: read-only first, then the backup, then each
/// item. Running restores on the hosting do not refuse; they ask for a second confirmation.
pub fn preflight(ask: &PreflightAsk<'_>) -> Result<Cleared, Refusal> {
    if ask.read_only {
        return Err(Refusal::ReadOnly);
    }
    if let Some(reason) = status_refusal(&ask.backup.status) {
        return Err(Refusal::Backup(reason));
    }
    if let Some(items) = ask.items {
        if items.is_empty() {
            return Err(Refusal::NoItems);
        }
        if let Some((item, reason)) =
            items.iter().find_map(|item| Some((item, status_refusal(&item.status)?)))
        {
            return Err(Refusal::Item { name: item.name.clone(), reason });
        }
    }
    Ok(Cleared { running_on_hosting: ask.running_on_hosting })
}

/// Why a restore from a backup or an item in this state must not be sent, or `None` when it
/// may. The one rule the dashboard's ticks and dialog and the script commands all follow.
pub fn status_refusal(status: &BackupStatus) -> Option<&'static str> {
    match status {
        BackupStatus::Damaged => Some("it is damaged"),
        BackupStatus::Locked => Some("it is locked"),
        BackupStatus::Disabled => Some("it is disabled"),
        BackupStatus::Restoring => Some("it is already being restored"),
        BackupStatus::Active | BackupStatus::Unknown | BackupStatus::Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(status: BackupStatus) -> Backup {
        Backup { id: "b1".into(), status, ..Backup::default() }
    }

    fn item(name: &str, status: BackupStatus) -> BackupItem {
        BackupItem { id: name.into(), name: name.into(), status, ..BackupItem::default() }
    }

    fn ask<'a>(backup: &'a Backup, items: Option<&'a [BackupItem]>) -> PreflightAsk<'a> {
        PreflightAsk { backup, items, running_on_hosting: 0, read_only: false }
    }

    #[test]
    fn every_bad_backup_state_refuses_with_its_reason() {
        for (status, word) in [
            (BackupStatus::Damaged, "damaged"),
            (BackupStatus::Locked, "locked"),
            (BackupStatus::Disabled, "disabled"),
            (BackupStatus::Restoring, "already being restored"),
        ] {
            let backup = backup(status);
            let refusal = preflight(&ask(&backup, None)).unwrap_err();
            assert!(refusal.to_string().contains(word), "{refusal}");
        }
        assert!(preflight(&ask(&backup(BackupStatus::Active), None)).is_ok());
    }

    #[test]
    fn a_damaged_item_refuses_and_names_itself() {
        let backup = backup(BackupStatus::Active);
        let items = [item("site", BackupStatus::Active), item("shop_db", BackupStatus::Damaged)];
        let refusal = preflight(&ask(&backup, Some(&items))).unwrap_err();
        assert_eq!(refusal, Refusal::Item { name: "shop_db".into(), reason: "it is damaged" });
        assert_eq!(preflight(&ask(&backup, Some(&[]))), Err(Refusal::NoItems));
    }

    #[test]
    fn read_only_refuses_even_a_good_restore() {
        let backup = backup(BackupStatus::Active);
        let ask = PreflightAsk { read_only: true, ..ask(&backup, None) };
        assert_eq!(preflight(&ask), Err(Refusal::ReadOnly));
    }

    #[test]
    fn a_running_restore_asks_again_instead_of_refusing() {
        let backup = backup(BackupStatus::Active);
        let cleared = preflight(&PreflightAsk { running_on_hosting: 2, ..ask(&backup, None) });
        let cleared = cleared.unwrap();
        assert!(cleared.needs_second_confirmation());
        assert!(cleared.warning().unwrap().contains("2 restores"));
        let once = preflight(&ask(&backup, None)).unwrap();
        assert!(!once.needs_second_confirmation());
        assert_eq!(once.warning(), None);
    }
}
