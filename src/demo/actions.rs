//! The restore calls and the progress calls that follow them.
//!
//! A restore of a backup or item that is damaged, locked or disabled is refused with 412
//! `precondition_failed`, naming the state in `precondition` (`backup_damaged`,
//! `backup_item_locked`, ...). A restore asked while another runs on the same hosting is
//! accepted and queued, as the real API queues them.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;
use tokio::time::Instant;

use super::dataset::BackupSpec;
use super::errors::ApiFailure;
use super::history::PAST_SEQ_LIMIT;
use super::hostings::HostingSpec;
use super::items::ItemKind;
use super::reads::is_restoring;
use super::restore::{ItemKey, RestoreTarget};
use super::routes::{find_hosting, off_runtime};
use super::state::DemoState;
use crate::api::{
    BackupItemGroup, BackupStatus, ListRecentProgressesResponse, Progress, ProgressSummary,
    RestoreAnswer,
};

/// The JSON object of a POST body; anything else is a 400, as the real API answers.
fn json_object(body: &Bytes) -> Result<serde_json::Map<String, Value>, ApiFailure> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiFailure::invalid("body", "syntax", "the body must be a JSON object")),
        Err(error) => Err(ApiFailure::invalid(
            "body",
            "syntax",
            format!("the body is not valid JSON: {error}"),
        )),
    }
}

/// Why something in `status` cannot be restored, as a `precondition` name and a message.
fn refusal(what: &'static str, status: &BackupStatus) -> Option<ApiFailure> {
    let (state, help) = match status {
        BackupStatus::Damaged => ("damaged", "pick an older backup, or only its undamaged items"),
        BackupStatus::Locked => ("locked", "wait until it is unlocked, or pick another backup"),
        BackupStatus::Disabled => ("disabled", "pick another backup"),
        _ => return None,
    };
    let precondition = match (what, state) {
        ("backup", "damaged") => "backup_damaged",
        ("backup", "locked") => "backup_locked",
        ("backup", _) => "backup_disabled",
        (_, "damaged") => "backup_item_damaged",
        (_, "locked") => "backup_item_locked",
        _ => "backup_item_disabled",
    };
    Some(ApiFailure::Precondition {
        precondition,
        message: format!("the {} is {state} and cannot be restored", what.replace('_', " ")),
        help: help.to_owned(),
    })
}

pub async fn restore_backup(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id, backup_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    off_runtime(move || {
        let hosting = find_hosting(&state, &region, &hosting_id)?;
        json_object(&body)?;
        let backup = state
            .dataset
            .find_backup(&hosting, &backup_id)
            .ok_or_else(|| ApiFailure::not_found("backup", &backup_id))?;
        if let Some(failure) = refusal("backup", &backup.status) {
            return Err(failure);
        }
        let full_item = 0;
        let target = RestoreTarget::Full { backup: backup.index, full_item };
        Ok(submit(&state, &hosting, target))
    })
    .await
}

pub async fn restore_items(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    off_runtime(move || {
        let hosting = find_hosting(&state, &region, &hosting_id)?;
        let body = json_object(&body)?;
        let keys = restorable_items(&state, &hosting, &item_ids(&body)?)?;
        Ok(submit(&state, &hosting, RestoreTarget::Items(keys)))
    })
    .await
}

/// Queues the restore and answers its progress id.
fn submit(state: &DemoState, hosting: &HostingSpec, target: RestoreTarget) -> RestoreAnswer {
    let run = state.restores().submit(hosting.index, target, PAST_SEQ_LIMIT, state.now());
    RestoreAnswer { progress_id: Some(state.progress_id(hosting, run.seq)) }
}

/// The items `ids` name, sorted and without repeats; 404 for an id that is not an item of
/// this hosting, 412 for an item that cannot be restored.
fn restorable_items(
    state: &DemoState,
    hosting: &HostingSpec,
    ids: &[&str],
) -> Result<Vec<ItemKey>, ApiFailure> {
    let layout = state.dataset.layout(hosting);
    let mut keys = Vec::with_capacity(ids.len());
    for id in ids {
        let (backup, item) = state
            .dataset
            .find_item(hosting, &layout, id)
            .ok_or_else(|| ApiFailure::not_found("backup_item", *id))?;
        if let Some(failure) = refusal("backup_item", &item.status) {
            return Err(failure);
        }
        keys.push(ItemKey { backup: backup.index, item: item.index });
    }
    keys.sort_unstable();
    keys.dedup();
    Ok(keys)
}

/// The non-empty `item_ids` list of strings of a RestoreBackupItems body.
fn item_ids(body: &serde_json::Map<String, Value>) -> Result<Vec<&str>, ApiFailure> {
    let wrong = || ApiFailure::invalid("item_ids", "constraint", "item_ids must be a list of ids");
    let list = match body.get("item_ids") {
        None | Some(Value::Null) => None,
        Some(Value::Array(list)) => Some(list),
        Some(_) => return Err(wrong()),
    };
    let list = list.filter(|list| !list.is_empty()).ok_or_else(|| {
        ApiFailure::invalid("item_ids", "required", "give the ids of the items to restore")
    })?;
    list.iter().map(|id| id.as_str().ok_or_else(wrong)).collect()
}

pub async fn list_progresses(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id)): Path<(String, String)>,
) -> Response {
    off_runtime(move || {
        let hosting = find_hosting(&state, &region, &hosting_id)?;
        let now = state.now();
        let progresses = state
            .restores_of(&hosting)
            .iter()
            .map(|run| {
                let phase = run.phase(now);
                ProgressSummary {
                    id: state.progress_id(&hosting, run.seq),
                    backup_items_count: run.item_count(),
                    percentage: phase.percentage,
                    status: phase.status,
                }
            })
            .collect();
        Ok(ListRecentProgressesResponse { progresses })
    })
    .await
}

pub async fn get_progress(
    State(state): State<Arc<DemoState>>,
    Path((region, hosting_id, progress_id)): Path<(String, String, String)>,
) -> Response {
    off_runtime(move || progress(&state, &region, &hosting_id, progress_id)).await
}

fn progress(
    state: &DemoState,
    region: &str,
    hosting_id: &str,
    progress_id: String,
) -> Result<Progress, ApiFailure> {
    let hosting = find_hosting(state, region, hosting_id)?;
    let not_found = || ApiFailure::not_found("progress", &progress_id);
    let (owner, seq) = state.decode_progress_id(&progress_id).ok_or_else(not_found)?;
    if owner != hosting.index {
        return Err(not_found());
    }
    let run = state.restore(&hosting, seq).ok_or_else(not_found)?;
    let now = state.now();
    let phase = run.phase(now);
    Ok(Progress {
        id: progress_id,
        backup_item_groups: item_groups(state, &hosting, &run.target.items(), now),
        percentage: phase.percentage,
        status: phase.status,
    })
}

/// The items of a restore grouped by type, in the order ListBackupItems uses.
fn item_groups(
    state: &DemoState,
    hosting: &HostingSpec,
    keys: &[ItemKey],
    now: Instant,
) -> Vec<BackupItemGroup> {
    let running = state.running_restores(hosting, now);
    let layout = state.dataset.layout(hosting);
    let mut groups: BTreeMap<usize, BackupItemGroup> = BTreeMap::new();
    // Keys are sorted by backup, so each backup is generated once.
    let mut backup: Option<BackupSpec> = None;
    for &key in keys {
        if backup.as_ref().is_none_or(|backup| backup.index != key.backup) {
            backup = Some(state.dataset.backup(hosting, key.backup));
        }
        let backup = backup.as_ref().expect("set just above");
        let Some(item) = state.dataset.item(&layout, backup, key.item) else { continue };
        let restoring = is_restoring(&running, key);
        let wire = state.dataset.item_wire(hosting, &layout, backup, &item, restoring);
        let position = ItemKind::ALL.iter().position(|&kind| kind == item.kind).unwrap_or_default();
        groups
            .entry(position)
            .or_insert_with(|| BackupItemGroup { item_type: item.kind.wire(), items: Vec::new() })
            .items
            .push(wire);
    }
    groups.into_values().collect()
}
