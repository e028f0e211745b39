//! INTERFACE STUB: replaced by the client work. Signatures here are the contract.

use super::{
    ApiError, Backup, BackupItemGroup, Hosting, Progress, ProgressSummary, RestoreAnswer, SecretKey,
};

/// Where and as whom to call the API.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Base URL without a trailing `/`, e.g. `https://api.scaleway.com`.
    pub api_url: String,
    /// `fr-par`, `nl-ams` or `pl-waw`.
    pub region: String,
    pub secret_key: SecretKey,
    /// The profile the key came from, named in authentication errors.
    pub profile: String,
    /// Where the key came from (for example `SCW_SECRET_KEY`),
    /// named in authentication errors.
    pub key_source: String,
}

/// An object a paged list returns: the pager de-duplicates by its id. Implemented for the
/// typed models and for `serde_json::Value` (its `"id"` field), so script commands can print
/// objects exactly as the API sent them.
pub trait Listed: serde::de::DeserializeOwned {
    fn id(&self) -> &str;
}

/// A cheap-to-clone handle to the API.
#[derive(Debug, Clone)]
pub struct Client {
    endpoint: Endpoint,
}

#[allow(clippy::unused_async, unused_variables)]
impl Client {
    pub fn new(endpoint: Endpoint) -> Result<Self, ApiError> {
        Ok(Self { endpoint })
    }
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }
    pub async fn list_hostings(&self) -> Result<Vec<Hosting>, ApiError> {
        todo!()
    }
    /// Every call also has an `_as` form generic over the decoded type, e.g.
    /// `list_backups_as::<serde_json::Value>`, `get_progress_as::<serde_json::Value>`.
    pub async fn list_hostings_as<T: Listed>(&self) -> Result<Vec<T>, ApiError> {
        todo!()
    }
    pub async fn get_hosting(&self, hosting_id: &str) -> Result<Hosting, ApiError> {
        todo!()
    }
    pub async fn list_backups(&self, hosting_id: &str) -> Result<Vec<Backup>, ApiError> {
        todo!()
    }
    pub async fn get_backup(&self, hosting_id: &str, backup_id: &str) -> Result<Backup, ApiError> {
        todo!()
    }
    pub async fn list_backup_items(
        &self,
        hosting_id: &str,
        backup_id: &str,
    ) -> Result<Vec<BackupItemGroup>, ApiError> {
        todo!()
    }
    pub async fn restore_backup(
        &self,
        hosting_id: &str,
        backup_id: &str,
    ) -> Result<RestoreAnswer, ApiError> {
        todo!()
    }
    pub async fn restore_backup_items(
        &self,
        hosting_id: &str,
        item_ids: &[String],
    ) -> Result<RestoreAnswer, ApiError> {
        todo!()
    }
    pub async fn list_recent_progresses(
        &self,
        hosting_id: &str,
    ) -> Result<Vec<ProgressSummary>, ApiError> {
        todo!()
    }
    pub async fn get_progress(
        &self,
        hosting_id: &str,
        progress_id: &str,
    ) -> Result<Progress, ApiError> {
        todo!()
    }
}
