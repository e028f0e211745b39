//! The API's objects, decoded as tolerantly as the official SDKs decode them.
//!
//! Every field is optional on the wire and takes the SDKs' default when absent. Every enum is
//! open: a value this build does not know decodes into `Other` with the raw string kept, so a
//! status the API adds next year still shows, and still round-trips.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Declares an open string enum: known variants, an `Other` variant keeping unknown values,
/// the API's own "unknown" value as the default, and serde through the wire string.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident, default $default:ident {
            $($variant:ident => $wire:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this build does not know, exactly as the API sent it.
            Other(String),
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(raw) => raw,
                }
            }

            /// Maps a wire string to its variant; unknown strings are kept in `Other`.
            pub fn from_wire(raw: &str) -> Self {
                match raw {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::$default
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = Option::<String>::deserialize(deserializer)?;
                Ok(raw.map_or_else(Self::default, |raw| Self::from_wire(&raw)))
            }
        }
    };
}

open_enum! {
    /// The state of a hosting.
    HostingStatus, default Unknown {
        Unknown => "unknown_status",
        Delivering => "delivering",
        Ready => "ready",
        Deleting => "deleting",
        Error => "error",
        Locked => "locked",
        Migrating => "migrating",
        Updating => "updating",
        PaymentPending => "payment_pending",
        PaymentFailed => "payment_failed",
    }
}

open_enum! {
    /// The state of a backup, and of each item in it: the API uses one enum for both.
    BackupStatus, default Unknown {
        Unknown => "unknown_backup_status",
        Active => "active",
        Locked => "locked",
        Disabled => "disabled",
        Damaged => "damaged",
        Restoring => "restoring",
    }
}

open_enum! {
    /// What a backup item holds.
    ItemType, default Unknown {
        Unknown => "unknown_backup_item_type",
        Full => "full",
        Web => "web",
        Mail => "mail",
        Db => "db",
        DbUser => "db_user",
        FtpUser => "ftp_user",
        DnsZone => "dns_zone",
        CronJob => "cron_job",
        SslCertificate => "ssl_certificate",
    }
}

open_enum! {
    /// Where a restore stands.
    ProgressStatus, default Unknown {
        Unknown => "unknown_status",
        Pending => "pending",
        Processing => "processing",
        Completed => "completed",
        PartiallyCompleted => "partially_completed",
        Failed => "failed",
        Aborted => "aborted",
        NeverFinished => "never_finished",
    }
}

open_enum! {
    /// Whether a custom domain is set up.
    DomainStatus, default Unknown {
        Unknown => "unknown_status",
        Valid => "valid",
        Invalid => "invalid",
        Validating => "validating",
        Error => "error",
    }
}

impl ProgressStatus {
    /// Whether the restore is still under way. Unknown statuses count as running, so they
    /// keep being watched (with a time cap) rather than frozen as a result nobody knows.
    pub fn is_running(&self) -> bool {
        matches!(self, Self::Pending | Self::Processing | Self::Unknown | Self::Other(_))
    }

    /// Whether the restore has ended, well or badly.
    pub fn is_final(&self) -> bool {
        !self.is_running()
    }
}

impl ItemType {
    /// A short plural label for a group of items of this type.
    pub fn label(&self) -> &str {
        match self {
            Self::Unknown => "other",
            Self::Full => "full",
            Self::Web => "web",
            Self::Mail => "mail",
            Self::Db => "databases",
            Self::DbUser => "database users",
            Self::FtpUser => "FTP users",
            Self::DnsZone => "DNS zones",
            Self::CronJob => "cron jobs",
            Self::SslCertificate => "SSL certificates",
            Self::Other(raw) => raw,
        }
    }
}

/// Decodes a field the API may send as `null` into its default, as the SDKs do; absent
/// fields are covered by `#[serde(default)]` on each struct.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A custom domain attached to a hosting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomDomain {
    #[serde(deserialize_with = "null_as_default")]
    pub domain: String,
    pub domain_status: DomainStatus,
    pub dns_status: DomainStatus,
}

/// The domains a hosting answers to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DomainInfo {
    #[serde(deserialize_with = "null_as_default")]
    pub subdomain: String,
    pub custom_domain: Option<CustomDomain>,
}

/// The offer a hosting was bought with (GetHosting only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Offer {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub control_panel_name: String,
}

/// The control panel of a platform (GetHosting only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ControlPanel {
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
}

/// The machine a hosting runs on (GetHosting only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Platform {
    #[serde(deserialize_with = "null_as_default")]
    pub hostname: String,
    pub control_panel: Option<ControlPanel>,
}

/// A hosting, as ListHostings (summary) or GetHosting (full) returns it. The fields only one
/// of the two calls sends stay at their defaults for the other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hosting {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub project_id: String,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub status: HostingStatus,
    /// Deprecated by the API and sometimes absent; `display_domain` knows the fallbacks.
    #[serde(deserialize_with = "null_as_default")]
    pub domain: String,
    #[serde(deserialize_with = "null_as_default")]
    pub protected: bool,
    #[serde(deserialize_with = "null_as_default")]
    pub region: String,
    pub domain_info: Option<DomainInfo>,
    /// Summary only.
    #[serde(deserialize_with = "null_as_default")]
    pub offer_name: String,
    /// Full only.
    #[serde(deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    /// Full only.
    #[serde(deserialize_with = "null_as_default")]
    pub ipv4: String,
    /// Full only.
    pub offer: Option<Offer>,
    /// Full only.
    pub platform: Option<Platform>,
}

impl Hosting {
    /// The name a person knows the hosting by: its custom domain, else the deprecated
    /// `domain`, else its subdomain, else its id.
    pub fn display_domain(&self) -> &str {
        let info = self.domain_info.as_ref();
        let custom = info.and_then(|info| info.custom_domain.as_ref()).map(|c| c.domain.as_str());
        let subdomain = info.map(|info| info.subdomain.as_str());
        [custom, Some(self.domain.as_str()), subdomain, Some(self.id.as_str())]
            .into_iter()
            .flatten()
            .find(|name| !name.is_empty())
            .unwrap_or_default()
    }

    /// The offer's name from whichever call filled it.
    pub fn offer_label(&self) -> &str {
        match &self.offer {
            Some(offer) if !offer.name.is_empty() => &offer.name,
            _ => &self.offer_name,
        }
    }

    /// The control panel (cPanel, Plesk, ...) when the full hosting was fetched.
    pub fn control_panel(&self) -> Option<&str> {
        let from_offer = self.offer.as_ref().map(|offer| offer.control_panel_name.as_str());
        let from_platform = self
            .platform
            .as_ref()
            .and_then(|platform| platform.control_panel.as_ref())
            .map(|panel| panel.name.as_str());
        [from_offer, from_platform].into_iter().flatten().find(|name| !name.is_empty())
    }
}

/// One backup of a hosting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Backup {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub size: u64,
    pub created_at: Option<Timestamp>,
    pub status: BackupStatus,
    #[serde(deserialize_with = "null_as_default")]
    pub total_items: u32,
}

/// One restorable thing in a backup: a database, a mailbox, a DNS zone, ...
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupItem {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    #[serde(deserialize_with = "null_as_default")]
    pub size: u64,
    pub status: BackupStatus,
    pub created_at: Option<Timestamp>,
}

/// The items of one type, as ListBackupItems and GetProgress group them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupItemGroup {
    #[serde(rename = "type")]
    pub item_type: ItemType,
    #[serde(deserialize_with = "null_as_default")]
    pub items: Vec<BackupItem>,
}

/// A restore as ListRecentProgresses summarises it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgressSummary {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub backup_items_count: u64,
    #[serde(deserialize_with = "null_as_default")]
    pub percentage: u64,
    pub status: ProgressStatus,
}

/// A restore in full, as GetProgress returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub backup_item_groups: Vec<BackupItemGroup>,
    #[serde(deserialize_with = "null_as_default")]
    pub percentage: u64,
    pub status: ProgressStatus,
}

impl Progress {
    /// The same restore in the shape ListRecentProgresses uses.
    pub fn summary(&self) -> ProgressSummary {
        let count = self.backup_item_groups.iter().map(|group| group.items.len()).sum::<usize>();
        ProgressSummary {
            id: self.id.clone(),
            backup_items_count: u64::try_from(count).unwrap_or(u64::MAX),
            percentage: self.percentage,
            status: self.status.clone(),
        }
    }
}

/// The answer to both restore calls. Before October 2025 the API answered `{}`, so the
/// progress id may be missing; that is not an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RestoreAnswer {
    pub progress_id: Option<String>,
}

/// A page of ListHostings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListHostingsResponse {
    #[serde(deserialize_with = "null_as_default")]
    pub total_count: u64,
    #[serde(deserialize_with = "null_as_default")]
    pub hostings: Vec<Hosting>,
}

/// A page of ListBackups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListBackupsResponse {
    #[serde(deserialize_with = "null_as_default")]
    pub total_count: u64,
    #[serde(deserialize_with = "null_as_default")]
    pub backups: Vec<Backup>,
}

/// ListBackupItems; `total_count` counts groups, not items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListBackupItemsResponse {
    #[serde(deserialize_with = "null_as_default")]
    pub total_count: u64,
    #[serde(deserialize_with = "null_as_default")]
    pub groups: Vec<BackupItemGroup>,
}

/// ListRecentProgresses; not paged, no `total_count`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListRecentProgressesResponse {
    #[serde(deserialize_with = "null_as_default")]
    pub progresses: Vec<ProgressSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept() {
        let backup: Backup = serde_json::from_str(r#"{"status": "frozen"}"#).unwrap();
        assert_eq!(backup.status, BackupStatus::Other("frozen".into()));
        assert_eq!(serde_json::to_value(&backup.status).unwrap(), "frozen");
    }

    #[test]
    fn missing_and_null_fields_take_defaults() {
        let backup: Backup = serde_json::from_str(r#"{"id": "b1", "created_at": null}"#).unwrap();
        assert_eq!(backup.created_at, None);
        assert_eq!(backup.status, BackupStatus::Unknown);
        let progress: ProgressSummary = serde_json::from_str(r#"{"status": null}"#).unwrap();
        assert_eq!(progress.status, ProgressStatus::Unknown);
    }

    #[test]
    fn null_plain_fields_take_defaults() {
        let json = r#"{"id": null, "size": null, "total_items": null, "status": "active"}"#;
        let backup: Backup = serde_json::from_str(json).unwrap();
        assert_eq!((backup.id.as_str(), backup.size, backup.total_items), ("", 0, 0));
        let groups: ListBackupItemsResponse = serde_json::from_str(r#"{"groups": null}"#).unwrap();
        assert!(groups.groups.is_empty());
    }

    #[test]
    fn restore_answer_may_lack_a_progress_id() {
        let answer: RestoreAnswer = serde_json::from_str("{}").unwrap();
        assert_eq!(answer.progress_id, None);
    }

    #[test]
    fn display_domain_falls_back_in_order() {
        let mut hosting = Hosting { id: "h1".into(), ..Hosting::default() };
        assert_eq!(hosting.display_domain(), "h1");
        hosting.domain_info =
            Some(DomainInfo { subdomain: "x.scw.site".into(), ..DomainInfo::default() });
        assert_eq!(hosting.display_domain(), "x.scw.site");
        hosting.domain = "old.example".into();
        assert_eq!(hosting.display_domain(), "old.example");
    }

    #[test]
    fn unknown_progress_statuses_keep_being_watched() {
        assert!(ProgressStatus::Other("queued".into()).is_running());
        assert!(ProgressStatus::PartiallyCompleted.is_final());
    }
}
