//! The hostings at the front of every demo list, chosen to show each case the dashboard must
//! handle: a busy shop, an agency, a hosting with no backup, damaged and locked backups, and a
//! hosting known only by its subdomain.
//!
//! They are data, in `assets/demo/hostings.json`, built into the binary and read once. Their
//! names, dates and statuses are fixed there; their ids, sizes and restore outcomes still come
//! from the seed.

use std::sync::LazyLock;

use serde::Deserialize;

use super::items::ItemKind;

/// The hand-picked hostings, in the order they lead every list.
pub static HAND_PICKED: LazyLock<Vec<HandPicked>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../assets/demo/hostings.json"))
        .expect("the built-in demo hostings are valid; a test reads them")
});

/// One hand-picked hosting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandPicked {
    /// What the hosting stands for, for whoever edits the file.
    #[serde(rename = "about")]
    _about: String,
    /// The custom domain; empty when the hosting has only its subdomain.
    pub domain: String,
    pub account: String,
    pub status: String,
    pub offer: String,
    pub panel: String,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub protected: bool,
    pub tags: Vec<String>,
    pub has_backups: bool,
    /// Backups whose status is not `active`.
    pub backup_statuses: Vec<SpecialBackup>,
    items: ItemNames,
    pub past_restores: Vec<PastRestore>,
}

/// A backup, by index (0 is the newest), and the status it has instead of `active`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialBackup {
    pub backup: u32,
    pub status: String,
}

/// The names of a hosting's items, by kind, in item order. The `full` item is named after
/// the domain.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ItemNames {
    web: Vec<String>,
    mail: Vec<String>,
    db: Vec<String>,
    db_user: Vec<String>,
    ftp_user: Vec<String>,
    dns_zone: Vec<String>,
    cron_job: Vec<String>,
    ssl_certificate: Vec<String>,
}

/// A restore a hand-picked hosting shows as already finished when the server starts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastRestore {
    /// Which backup, by index (0 is the newest).
    pub backup: u32,
    /// `None` restores the whole backup; otherwise the first items of these kinds.
    pub kinds: Option<Vec<ItemKind>>,
    pub outcome: String,
}

impl HandPicked {
    /// The names of items of `kind`, in item order.
    pub fn names(&self, kind: ItemKind) -> &[String] {
        let names = &self.items;
        match kind {
            ItemKind::Full => &[],
            ItemKind::Web => &names.web,
            ItemKind::Mail => &names.mail,
            ItemKind::Db => &names.db,
            ItemKind::DbUser => &names.db_user,
            ItemKind::FtpUser => &names.ftp_user,
            ItemKind::DnsZone => &names.dns_zone,
            ItemKind::CronJob => &names.cron_job,
            ItemKind::SslCertificate => &names.ssl_certificate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BackupStatus, HostingStatus, ProgressStatus};

    #[test]
    fn the_built_in_hostings_read_and_use_only_known_values() {
        assert_eq!(HAND_PICKED.len(), 5);
        for hand in HAND_PICKED.iter() {
            assert!(!matches!(HostingStatus::from_wire(&hand.status), HostingStatus::Other(_)));
            for special in &hand.backup_statuses {
                let status = BackupStatus::from_wire(&special.status);
                assert!(!matches!(status, BackupStatus::Other(_)), "{}", special.status);
            }
            for past in &hand.past_restores {
                let outcome = ProgressStatus::from_wire(&past.outcome);
                assert!(outcome.is_final(), "{}: {}", hand.account, past.outcome);
            }
        }
    }
}
