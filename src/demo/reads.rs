//! The read-only calls: hostings, backups and backup items.
//!
//! Each handler reads its arguments, then builds its answer with [`off_runtime`]. Only what
//! the answer holds is generated: a page of hostings or backups, the items of one backup.
//! ListHostings and ListBackupItems answers grow to `huge_response_mb` when it is set.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;

use super::errors::ApiFailure;
use super::hostings::{HOSTING_REGION, HostingSpec, HostingSummaryWire};
use super::query::{self, Order, Paging, QueryPairs};
use super::restore::{ItemKey, RestoreRun};
use super::routes::{find_hosting, off_runtime, off_runtime_padded};
use super::state::DemoState;
use crate::api::{BackupItemGroup, HostingStatus, ListBackupItemsResponse, ListBackupsResponse};

/// A page of ListHostings.
#[derive(Debug, Serialize)]
struct HostingPage {
    total_count: u64,
    hostings: Vec<HostingSummaryWire>,
}

/// The filters of ListHostings; a hosting must pass all of them.
#[derive(Debug)]
struct HostingFilter {
    statuses: Vec<HostingStatus>,
    domain: Option<String>,
    tags: Vec<String>,
    control_panels: Vec<String>,
    project_id: Option<String>,
}

impl HostingFilter {
    fn parse(pairs: &[(String, String)]) -> Result<Self, ApiFailure> {
        let owned = |values: Vec<&str>| values.into_iter().map(str::to_owned).collect();
        Ok(Self {
            statuses: query::statuses(pairs)?,
            domain: query::last(pairs, "domain").map(str::to_lowercase),
            tags: owned(query::all(pairs, "tags")),
            control_panels: owned(query::all(pairs, "control_panels")),
            project_id: query::last(pairs, "project_id").map(str::to_owned),
        })
    }

    fn is_empty(&self) -> bool {
        self.statuses.is_empty()
            && self.domain.is_none()
            && self.tags.is_empty()
            && self.control_panels.is_empty()
            && self.project_id.is_none()
    }

    /// Whether `hosting` passes; `domain` matches part of the custom domain or subdomain.
    fn matches(&self, hosting: &HostingSpec) -> bool {
        let domain_matches = self
            .domain
            .as_deref()
            .is_none_or(|part| hosting.domain.contains(part) || hosting.subdomain.contains(part));
        (self.statuses.is_empty() || self.statuses.contains(&hosting.status))
            && domain_matches
            && self.tags.iter().all(|tag| hosting.tags.contains(tag))
            && (self.control_panels.is_empty()
                || self
                    .control_panels
                    .iter()
                    .any(|panel| panel.eq_ignore_ascii_case(hosting.panel)))
            && self.project_id.as_ref().is_none_or(|project| *project == hosting.project_id)
    }
}

pub async fn list_hostings(
    State(state): State<Arc<DemoState>>,
    Path(region): Path<String>,
    query: QueryPairs,
) -> Response {
    let pairs = query::pairs(query);
    let padded_to_bytes = state.hostile.huge_response_bytes;
    off_runtime_padded(padded_to_bytes, move || hosting_page(&state, &region, &pairs?)).await
}

fn hosting_page(
    state: &DemoState,
    region: &str,
    pairs: &[(String, String)],
) -> Result<HostingPage, ApiFailure> {
    query::region(region)?;
    let paging = Paging::parse(pairs, Order::Ascending)?;
    let filter = HostingFilter::parse(pairs)?;
    let count = if region == HOSTING_REGION { state.dataset.hosting_count() } else { 0 };
    let index_at = |position: u32| match paging.order {
        Order::Ascending => position,
        Order::Descending => count - 1 - position,
    };

    if filter.is_empty() {
        let hostings = paging
            .window(count)
            .map(|position| state.dataset.hosting(index_at(position)).summary());
        return Ok(HostingPage { total_count: count.into(), hostings: hostings.collect() });
    }
    // A filter has to look at every hosting to count the matches; the summaries are built
    // only for the page.
    let mut matched = 0;
    let mut hostings = Vec::new();
    let window = paging.window(u32::MAX);
    for position in 0..count {
        let hosting = state.dataset.hosting(index_at(position));
        if filter.matches(&hosting) {
            if window.contains(&matched) {
                hostings.push(hosting.summary());
            }
            matched += 1;
        }
    }
    Ok(HostingPage { total_count: matched.into(), hostings })
}

pub async fn get_hosting(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id)): Path<(String, String)>,
) -> Response {
    off_runtime(move || {
        let hosting = find_hosting(&state, &region, &hosting_id)?;
        Ok(hosting.full(state.dataset.seed))
    })
    .await
}

pub async fn list_backups(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id)): Path<(String, String)>,
    query: QueryPairs,
) -> Response {
    let pairs = query::pairs(query);
    off_runtime(move || backup_page(&state, &region, &hosting_id, &pairs?)).await
}

fn backup_page(
    state: &DemoState,
    region: &str,
    hosting_id: &str,
    pairs: &[(String, String)],
) -> Result<ListBackupsResponse, ApiFailure> {
    let paging = Paging::parse(pairs, Order::Descending)?;
    let hosting = find_hosting(state, region, hosting_id)?;
    let count = state.dataset.backup_count(&hosting);
    let running = state.running_restores(&hosting, state.now());

    let backups = paging
        .window(count)
        .map(|position| match paging.order {
            Order::Descending => position,
            Order::Ascending => count - 1 - position,
        })
        .map(|index| {
            let backup = state.dataset.backup(&hosting, index);
            let restoring = running.iter().any(|run| run.involves_backup(index));
            state.dataset.backup_wire(&hosting, &backup, restoring)
        })
        .collect();
    Ok(ListBackupsResponse { total_count: count.into(), backups })
}

pub async fn get_backup(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id, backup_id)): Path<(String, String, String)>,
) -> Response {
    off_runtime(move || {
        let hosting = find_hosting(&state, &region, &hosting_id)?;
        let backup = state
            .dataset
            .find_backup(&hosting, &backup_id)
            .ok_or_else(|| ApiFailure::not_found("backup", &backup_id))?;
        let running = state.running_restores(&hosting, state.now());
        let restoring = running.iter().any(|run| run.involves_backup(backup.index));
        Ok(state.dataset.backup_wire(&hosting, &backup, restoring))
    })
    .await
}

pub async fn list_backup_items(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id)): Path<(String, String)>,
    query: QueryPairs,
) -> Response {
    let pairs = query::pairs(query);
    let padded_to_bytes = state.hostile.huge_response_bytes;
    off_runtime_padded(padded_to_bytes, move || backup_items(&state, &region, &hosting_id, &pairs?))
        .await
}

fn backup_items(
    state: &DemoState,
    region: &str,
    hosting_id: &str,
    pairs: &[(String, String)],
) -> Result<ListBackupItemsResponse, ApiFailure> {
    let hosting = find_hosting(state, region, hosting_id)?;
    let backup_id =
        query::last(pairs, "backup_id").filter(|id| !id.is_empty()).ok_or_else(|| {
            ApiFailure::invalid("backup_id", "required", "give the backup_id to list")
        })?;
    let backup = state
        .dataset
        .find_backup(&hosting, backup_id)
        .ok_or_else(|| ApiFailure::not_found("backup", backup_id))?;

    let layout = state.dataset.layout(&hosting);
    let running = state.running_restores(&hosting, state.now());
    let groups: Vec<BackupItemGroup> = layout
        .groups()
        .map(|(kind, range)| BackupItemGroup {
            item_type: kind.wire(),
            items: range
                .filter_map(|index| state.dataset.item(&layout, &backup, index))
                .map(|item| {
                    let key = ItemKey { backup: backup.index, item: item.index };
                    let restoring = is_restoring(&running, key);
                    state.dataset.item_wire(&hosting, &layout, &backup, &item, restoring)
                })
                .collect(),
        })
        .collect();
    Ok(ListBackupItemsResponse { total_count: groups.len() as u64, groups })
}

/// Whether a running restore makes the item read `restoring`.
pub fn is_restoring(running: &[Arc<RestoreRun>], key: ItemKey) -> bool {
    running.iter().any(|run| run.involves_item(key))
}
