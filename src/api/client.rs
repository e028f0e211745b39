//! The Web Hosting API client: one method per call, typed or generic over the decoded type.
//!
//! Every call has an `_as` form generic over what the answer decodes into, so script commands
//! can ask for `serde_json::Value` and print objects exactly as the API sent them.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::paging::{Page, PagingLimits, collect_pages};
use super::retry::RetryPolicy;
use super::transport::{Call, Transport};
use super::{
    ApiError, Backup, BackupItemGroup, Hosting, HostingStatus, Progress, ProgressSummary,
    RestoreAnswer, SecretKey,
};

/// How long the client waits for a connection by default.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the client waits for a whole answer by default, as the official SDKs do.
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer body the client reads by default. A list of 200,000 backup items
/// takes about 35 MB, so this leaves ample room while bounding memory against a runaway
/// answer.
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// Where and as whom to call the API.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Base URL, e.g. `https://api.scaleway.com`; trailing slashes are dropped.
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

/// Time limits, retries and paging; the defaults suit the real API, tests shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    /// The limit for a whole request, answer body included.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub paging: PagingLimits,
    /// Answers with a longer body are refused with [`ApiError::AnswerTooLarge`] as soon as
    /// they pass it, whatever the API announced; at most this much is ever held.
    pub max_answer_bytes: u64,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            retry: RetryPolicy::default(),
            paging: PagingLimits::default(),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
        }
    }
}

/// An object a paged list returns: the pager de-duplicates by its id. Implemented for the
/// typed models and for `serde_json::Value` (its `"id"` field), so script commands can print
/// objects exactly as the API sent them.
pub trait Listed: serde::de::DeserializeOwned {
    fn id(&self) -> &str;
}

impl Listed for Hosting {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Listed for Backup {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Listed for Value {
    /// The `"id"` string field, or `""` when there is none.
    fn id(&self) -> &str {
        self.get("id").and_then(Value::as_str).unwrap_or_default()
    }
}

/// Narrows ListHostings. Empty fields are not sent; list fields repeat their query key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostingFilter {
    pub statuses: Vec<HostingStatus>,
    pub tags: Vec<String>,
    pub control_panels: Vec<String>,
    pub domain: Option<String>,
    pub project_id: Option<String>,
    pub organization_id: Option<String>,
}

impl HostingFilter {
    /// The filter as query pairs, in a fixed order.
    fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let statuses = self.statuses.iter().map(|status| ("statuses", status.as_str().to_owned()));
        let tags = self.tags.iter().map(|tag| ("tags", tag.clone()));
        let panels = self.control_panels.iter().map(|panel| ("control_panels", panel.clone()));
        let single = [
            ("domain", &self.domain),
            ("project_id", &self.project_id),
            ("organization_id", &self.organization_id),
        ];
        let singles = single.into_iter().filter_map(|(key, value)| Some((key, value.clone()?)));
        statuses.chain(tags).chain(panels).chain(singles).collect()
    }
}

/// A cheap-to-clone handle to the API.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    endpoint: Endpoint,
    transport: Transport,
    paging: PagingLimits,
}

impl Client {
    /// A client with the default options. Refuses, before sending anything, an API URL that
    /// would carry the key in clear text off this machine.
    pub fn new(endpoint: Endpoint) -> Result<Self, ApiError> {
        Self::with_options(endpoint, ClientOptions::default())
    }

    pub fn with_options(endpoint: Endpoint, options: ClientOptions) -> Result<Self, ApiError> {
        let transport = Transport::new(&endpoint, &options)?;
        Ok(Self { inner: Arc::new(Inner { endpoint, transport, paging: options.paging }) })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// ListHostings, every page.
    pub async fn list_hostings(&self) -> Result<Vec<Hosting>, ApiError> {
        self.list_hostings_as().await
    }

    /// Every call also has an `_as` form generic over the decoded type, e.g.
    /// `list_backups_as::<serde_json::Value>`, `get_progress_as::<serde_json::Value>`.
    pub async fn list_hostings_as<T: Listed>(&self) -> Result<Vec<T>, ApiError> {
        self.list_hostings_filtered_as(&HostingFilter::default()).await
    }

    /// ListHostings narrowed by `filter`, every page.
    pub async fn list_hostings_filtered_as<T: Listed>(
        &self,
        filter: &HostingFilter,
    ) -> Result<Vec<T>, ApiError> {
        let filters = filter.query_pairs();
        self.all_pages("hostings", &["hostings"], &filters, |page: HostingsPage<T>| Page {
            total_count: page.total_count,
            items: page.hostings.unwrap_or_default(),
        })
        .await
    }

    pub async fn get_hosting(&self, hosting_id: &str) -> Result<Hosting, ApiError> {
        self.get_hosting_as(hosting_id).await
    }

    pub async fn get_hosting_as<T: DeserializeOwned>(
        &self,
        hosting_id: &str,
    ) -> Result<T, ApiError> {
        self.get(&["hostings", hosting_id], &[], "a hosting").await
    }

    /// ListBackups, every page, newest first.
    pub async fn list_backups(&self, hosting_id: &str) -> Result<Vec<Backup>, ApiError> {
        self.list_backups_as(hosting_id).await
    }

    pub async fn list_backups_as<T: Listed>(&self, hosting_id: &str) -> Result<Vec<T>, ApiError> {
        let segments = ["hostings", hosting_id, "backups"];
        self.all_pages("backups", &segments, &[], |page: BackupsPage<T>| Page {
            total_count: page.total_count,
            items: page.backups.unwrap_or_default(),
        })
        .await
    }

    pub async fn get_backup(&self, hosting_id: &str, backup_id: &str) -> Result<Backup, ApiError> {
        self.get_backup_as(hosting_id, backup_id).await
    }

    pub async fn get_backup_as<T: DeserializeOwned>(
        &self,
        hosting_id: &str,
        backup_id: &str,
    ) -> Result<T, ApiError> {
        self.get(&["hostings", hosting_id, "backups", backup_id], &[], "a backup").await
    }

    /// ListBackupItems: the items of a backup grouped by type (not paged).
    pub async fn list_backup_items(
        &self,
        hosting_id: &str,
        backup_id: &str,
    ) -> Result<Vec<BackupItemGroup>, ApiError> {
        self.list_backup_items_as(hosting_id, backup_id).await
    }

    pub async fn list_backup_items_as<T: DeserializeOwned>(
        &self,
        hosting_id: &str,
        backup_id: &str,
    ) -> Result<Vec<T>, ApiError> {
        let query = [("backup_id", backup_id.to_owned())];
        let answer: GroupsAnswer<T> =
            self.get(&["hostings", hosting_id, "backup-items"], &query, "backup items").await?;
        Ok(answer.groups.unwrap_or_default())
    }

    /// RestoreBackup: restores the whole backup. Sent once: see the retry rule in
    /// [`crate::api::retry`]. A missing progress id in the answer is not an error.
    pub async fn restore_backup(
        &self,
        hosting_id: &str,
        backup_id: &str,
    ) -> Result<RestoreAnswer, ApiError> {
        let segments = ["hostings", hosting_id, "backups", backup_id, "restore"];
        self.post(&segments, &json!({}), "a restore answer").await
    }

    /// RestoreBackupItems: restores these items, which may come from several backups.
    pub async fn restore_backup_items(
        &self,
        hosting_id: &str,
        item_ids: &[String],
    ) -> Result<RestoreAnswer, ApiError> {
        let segments = ["hostings", hosting_id, "restore-backup-items"];
        self.post(&segments, &json!({ "item_ids": item_ids }), "a restore answer").await
    }

    /// ListRecentProgresses (not paged).
    pub async fn list_recent_progresses(
        &self,
        hosting_id: &str,
    ) -> Result<Vec<ProgressSummary>, ApiError> {
        self.list_recent_progresses_as(hosting_id).await
    }

    pub async fn list_recent_progresses_as<T: DeserializeOwned>(
        &self,
        hosting_id: &str,
    ) -> Result<Vec<T>, ApiError> {
        let answer: ProgressesAnswer<T> =
            self.get(&["hostings", hosting_id, "progresses"], &[], "recent restores").await?;
        Ok(answer.progresses.unwrap_or_default())
    }

    pub async fn get_progress(
        &self,
        hosting_id: &str,
        progress_id: &str,
    ) -> Result<Progress, ApiError> {
        self.get_progress_as(hosting_id, progress_id).await
    }

    pub async fn get_progress_as<T: DeserializeOwned>(
        &self,
        hosting_id: &str,
        progress_id: &str,
    ) -> Result<T, ApiError> {
        self.get(&["hostings", hosting_id, "progresses", progress_id], &[], "a restore").await
    }

    async fn get<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, String)],
        what: &str,
    ) -> Result<T, ApiError> {
        let call = Call { method: Method::GET, segments, query, body: None, what };
        self.inner.transport.call(&call).await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &Value,
        what: &str,
    ) -> Result<T, ApiError> {
        let call = Call { method: Method::POST, segments, query: &[], body: Some(body), what };
        self.inner.transport.call(&call).await
    }

    /// Every page of a paged list; `unwrap` turns the call's answer into a [`Page`].
    async fn all_pages<T, A>(
        &self,
        what: &str,
        segments: &[&str],
        filters: &[(&str, String)],
        unwrap: impl Fn(A) -> Page<T>,
    ) -> Result<Vec<T>, ApiError>
    where
        T: Listed,
        A: DeserializeOwned,
    {
        let limits = self.inner.paging;
        let page_what = format!("a page of {what}");
        let fetch = |number: u32| {
            let mut query =
                vec![("page", number.to_string()), ("page_size", limits.page_size.to_string())];
            query.extend(filters.iter().cloned());
            let page_what = &page_what;
            let unwrap = &unwrap;
            async move { self.get(segments, &query, page_what).await.map(unwrap) }
        };
        collect_pages(limits, what, fetch).await
    }
}

/// A page of ListHostings, over any object type.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct HostingsPage<T> {
    #[serde(default)]
    total_count: Option<u64>,
    #[serde(default)]
    hostings: Option<Vec<T>>,
}

/// A page of ListBackups, over any object type.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct BackupsPage<T> {
    #[serde(default)]
    total_count: Option<u64>,
    #[serde(default)]
    backups: Option<Vec<T>>,
}

/// ListBackupItems, over any group type.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct GroupsAnswer<T> {
    #[serde(default)]
    groups: Option<Vec<T>>,
}

/// ListRecentProgresses, over any summary type.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct ProgressesAnswer<T> {
    #[serde(default)]
    progresses: Option<Vec<T>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "11111111-2222-3333-4444-555555555555";

    fn endpoint(api_url: &str) -> Endpoint {
        Endpoint {
            api_url: api_url.into(),
            region: "fr-par".into(),
            secret_key: SecretKey::new(KEY),
            profile: "default".into(),
            key_source: "SCW_SECRET_KEY".into(),
        }
    }

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn calls_can_run_on_spawned_tasks() {
        let client = Client::new(endpoint("http://127.0.0.1:9")).unwrap();
        assert_send(&client.list_hostings());
        assert_send(&client.list_backups_as::<Value>("h"));
        assert_send(&client.restore_backup_items("h", &[]));
        assert_send(&client.get_progress("h", "p"));
    }

    #[test]
    fn the_client_never_shows_the_key() {
        let client = Client::new(endpoint("https://api.example.com/")).unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("2222-3333"), "{shown}");
        assert!(shown.contains("11111111-xxxx"), "{shown}");
    }

    #[test]
    fn a_missing_region_is_refused() {
        let mut endpoint = endpoint("https://api.example.com");
        endpoint.region = String::new();
        let error = Client::new(endpoint).unwrap_err();
        assert!(error.to_string().contains("no region is set"), "{error}");
    }

    #[test]
    fn filters_repeat_list_keys_and_skip_empty_fields() {
        let filter = HostingFilter {
            statuses: vec![HostingStatus::Ready, HostingStatus::Other("frozen".into())],
            tags: vec!["prod".into()],
            project_id: Some("p1".into()),
            ..HostingFilter::default()
        };
        let pairs = filter.query_pairs();
        let expected = [("statuses", "ready"), ("statuses", "frozen"), ("tags", "prod")];
        let expected = expected.into_iter().chain([("project_id", "p1")]);
        let expected: Vec<(&str, String)> =
            expected.map(|(key, value)| (key, value.to_owned())).collect();
        assert_eq!(pairs, expected);
        assert!(HostingFilter::default().query_pairs().is_empty());
    }
}
