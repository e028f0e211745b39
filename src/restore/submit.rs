//! Sending one restore, journaled: the intent is on disk before the request leaves, and the
//! answer after it comes back. The request is sent once; the client never resends a POST
//! that may have reached the server, and nothing here retries either.

use jiff::Timestamp;
use thiserror::Error;

use crate::api::{ApiError, Client, RestoreAnswer};
use crate::journal::{Answer, AsyncJournal, Intent, Record, RestoreKey, Scope, Target, Who};

/// What to restore, and where, with the names the journal keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub hosting_id: String,
    /// The hosting's domain, as shown to the user.
    pub domain: String,
    pub backup_id: String,
    pub backup_created_at: Option<Timestamp>,
    /// The whole backup, or items of it (ids, names and types).
    pub scope: Scope,
}

/// A restore the API took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// Ties this restore's later `status` and `final` records to its intent.
    pub key: RestoreKey,
    /// When the intent was written; a final status's duration counts from here.
    pub started_at: Timestamp,
    pub answer: RestoreAnswer,
    /// The answer could not be journaled; the restore was sent all the same.
    pub journal_warning: Option<String>,
}

/// Why a restore was not taken.
#[derive(Debug, Error)]
pub enum SubmitError {
    /// The intent could not be written, so the request was not sent.
    #[error("restore not sent: cannot write its intent to the restore journal ({0})")]
    JournalBeforeSend(String),
    /// The request failed; it was not resent.
    #[error("{error}")]
    Request {
        key: RestoreKey,
        /// When the intent was written.
        started_at: Timestamp,
        error: ApiError,
        /// The failure could not be journaled either.
        journal_warning: Option<String>,
    },
}

impl SubmitError {
    /// Whether the restore may exist on the server although no success answer came.
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Self::JournalBeforeSend(_) => false,
            Self::Request { error, .. } => error.may_have_reached_server(),
        }
    }
}

/// Journals the intent, sends exactly one restore request, journals the answer.
///
/// `profile` and `access_key` name the caller in the intent; the secret key is never read.
/// A journal that cannot take the intent stops the restore before anything is sent.
pub async fn submit(
    client: &Client,
    journal: &AsyncJournal,
    access_key: Option<&str>,
    order: Order,
) -> Result<Submitted, SubmitError> {
    let endpoint = client.endpoint();
    let intent = Intent {
        who: Who { profile: endpoint.profile.clone(), access_key: access_key.map(str::to_owned) },
        what: Target {
            region: endpoint.region.clone(),
            hosting_id: order.hosting_id.clone(),
            domain: order.domain,
            backup_id: order.backup_id.clone(),
            backup_created_at: order.backup_created_at,
            scope: order.scope.clone(),
        },
    };
    let key = RestoreKey::generate();
    let record = Record::now(&key, intent);
    let started_at = record.ts;
    journal
        .append(record)
        .await
        .map_err(|error| SubmitError::JournalBeforeSend(error.to_string()))?;

    let result = match &order.scope {
        Scope::Full => client.restore_backup(&order.hosting_id, &order.backup_id).await,
        Scope::Items(items) => {
            let ids: Vec<String> = items.iter().map(|item| item.id.clone()).collect();
            client.restore_backup_items(&order.hosting_id, &ids).await
        }
    };
    let ok = result.is_ok();
    tracing::info!(hosting_id = order.hosting_id, restore = %key, ok, "restore sent");

    let answer = match &result {
        Ok(answer) => Answer::accepted(answer.progress_id.clone()),
        Err(error) => Answer::failed(error.to_string(), error.may_have_reached_server()),
    };
    let journal_warning = journal.append(Record::now(&key, answer)).await.err().map(|error| {
        tracing::warn!(%error, restore = %key, "cannot journal a restore's answer");
        format!("its answer is missing from the restore journal: {error}")
    });
    match result {
        Ok(answer) => Ok(Submitted { key, started_at, answer, journal_warning }),
        Err(error) => Err(SubmitError::Request { key, started_at, error, journal_warning }),
    }
}
