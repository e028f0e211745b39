//! The journal's records. Each is one JSON object on one line, naming its restore and the
//! instant it was written, and saying one thing about that restore: what was about to be
//! asked (`intent`), what the API answered (`answer`), a status seen (`status`), or how it
//! ended (`final`).
//!
//! No record has a field for a secret key: the intent takes the profile's name and the
//! access key id from the caller, and nothing else from the credentials.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::{Backup, BackupItem, Endpoint, Hosting, ItemType, ProgressStatus};

/// The `kind` of every record this build writes; a line of any other kind is skipped.
pub const KNOWN_KINDS: [&str; 4] = ["intent", "answer", "status", "final"];

/// Ties the records of one restore together. Made on this machine before the request is
/// sent, so it exists even when the API never answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RestoreKey(String);

impl RestoreKey {
    /// A new key of 16 random hex digits.
    pub fn generate() -> Self {
        Self(format!("{:016x}", rand::random::<u64>()))
    }

    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RestoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// When the record was written.
    pub ts: Timestamp,
    pub restore: RestoreKey,
    #[serde(flatten)]
    pub event: Event,
}

impl Record {
    /// `event` about `restore`, stamped with the current instant.
    pub fn now(restore: &RestoreKey, event: impl Into<Event>) -> Self {
        Self { ts: Timestamp::now(), restore: restore.clone(), event: event.into() }
    }
}

/// What a record says, tagged on the wire by its `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    Intent(Intent),
    Answer(Answer),
    Status(StatusSeen),
    Final(FinalStatus),
}

/// A restore about to be asked for, written before the request leaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub who: Who,
    pub what: Target,
}

impl Intent {
    /// The intent to restore `scope` of `backup` on `hosting`, as the caller of `endpoint`.
    /// `access_key` is the access key id of the credentials, when known. The endpoint's
    /// secret key is not read.
    pub fn new(
        endpoint: &Endpoint,
        access_key: Option<&str>,
        hosting: &Hosting,
        backup: &Backup,
        scope: Scope,
    ) -> Self {
        Self {
            who: Who {
                profile: endpoint.profile.clone(),
                access_key: access_key.map(str::to_owned),
            },
            what: Target {
                region: endpoint.region.clone(),
                hosting_id: hosting.id.clone(),
                domain: hosting.display_domain().to_owned(),
                backup_id: backup.id.clone(),
                backup_created_at: backup.created_at,
                scope,
            },
        }
    }
}

/// Who asked for a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Who {
    /// The profile of the `scw` config file, or where the credentials came from.
    pub profile: String,
    /// The access key id (`SCW...`), which names the key without being it.
    pub access_key: Option<String>,
}

/// What a restore brings back, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub region: String,
    pub hosting_id: String,
    pub domain: String,
    pub backup_id: String,
    pub backup_created_at: Option<Timestamp>,
    pub scope: Scope,
}

/// A whole backup, or chosen items of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Full,
    Items(Vec<ItemRef>),
}

impl Scope {
    /// A restore of `items`, each kept with its id, name and type as the API gave them.
    pub fn items<'a>(items: impl IntoIterator<Item = &'a BackupItem>) -> Self {
        Self::Items(items.into_iter().map(ItemRef::from).collect())
    }

    /// What the restore covers, as the history and the restores pane name it: `full`,
    /// `1 item`, `3 items`.
    pub fn label(&self) -> String {
        match self {
            Self::Full => "full".to_owned(),
            Self::Items(items) if items.len() == 1 => "1 item".to_owned(),
            Self::Items(items) => format!("{} items", items.len()),
        }
    }
}

/// One item of an items restore, named as the API named it when it was picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRef {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
}

impl From<&BackupItem> for ItemRef {
    fn from(item: &BackupItem) -> Self {
        Self { id: item.id.clone(), name: item.name.clone(), item_type: item.item_type.clone() }
    }
}

/// What became of the restore request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The progress the API made for the restore. Absent on failure, and on success from
    /// the API before October 2025, which answered `{}`.
    pub progress_id: Option<String>,
    /// What failed, when no success answer came.
    pub error: Option<String>,
    /// Whether the restore may exist on the server: always on success; on failure, unless
    /// the request surely never reached it (refused before sending, connection refused).
    pub may_have_reached_server: bool,
}

impl Answer {
    /// The API accepted the restore.
    pub fn accepted(progress_id: Option<String>) -> Self {
        Self { progress_id, error: None, may_have_reached_server: true }
    }

    /// The request failed with `error`.
    pub fn failed(error: impl Into<String>, may_have_reached_server: bool) -> Self {
        Self { progress_id: None, error: Some(error.into()), may_have_reached_server }
    }
}

/// A status of the restore's progress, written each time it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSeen {
    pub status: ProgressStatus,
    pub percentage: u64,
}

/// How the restore ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalStatus {
    pub status: ProgressStatus,
    /// From the intent's record to the final status being seen.
    pub duration_seconds: f64,
}

impl FinalStatus {
    /// `status`, reached at `now` by a restore whose intent was written at `intent_ts`.
    pub fn since(status: ProgressStatus, intent_ts: Timestamp, now: Timestamp) -> Self {
        Self { status, duration_seconds: now.duration_since(intent_ts).as_secs_f64() }
    }
}

impl From<Intent> for Event {
    fn from(intent: Intent) -> Self {
        Self::Intent(intent)
    }
}

impl From<Answer> for Event {
    fn from(answer: Answer) -> Self {
        Self::Answer(answer)
    }
}

impl From<StatusSeen> for Event {
    fn from(status: StatusSeen) -> Self {
        Self::Status(status)
    }
}

impl From<FinalStatus> for Event {
    fn from(status: FinalStatus) -> Self {
        Self::Final(status)
    }
}
