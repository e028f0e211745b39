//! The demo API's routes, and how every handler builds its answer off the async workers.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};
use serde::Serialize;

use super::errors::ApiFailure;
use super::gate::{MAX_BODY_BYTES, gate};
use super::hostings::{HOSTING_REGION, HostingSpec};
use super::padding::padded_json;
use super::state::DemoState;
use super::{actions, query, reads};

/// Every route of the demo API, behind the gate.
pub fn router(state: Arc<DemoState>) -> Router {
    let hosting = "/webhosting/v1/regions/{region}/hostings/{hosting_id}";
    Router::new()
        .route("/webhosting/v1/regions/{region}/hostings", get(reads::list_hostings))
        .route(hosting, get(reads::get_hosting))
        .route(&format!("{hosting}/backups"), get(reads::list_backups))
        .route(&format!("{hosting}/backups/{{backup_id}}"), get(reads::get_backup))
        .route(&format!("{hosting}/backups/{{backup_id}}/restore"), post(actions::restore_backup))
        .route(&format!("{hosting}/backup-items"), get(reads::list_backup_items))
        .route(&format!("{hosting}/progresses"), get(actions::list_progresses))
        .route(&format!("{hosting}/progresses/{{progress_id}}"), get(actions::get_progress))
        .route(&format!("{hosting}/restore-backup-items"), post(actions::restore_items))
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), gate))
        .with_state(state)
}

async fn unknown_route(uri: axum::http::Uri) -> ApiFailure {
    ApiFailure::not_found("route", uri.path())
}

/// A known path with the wrong method is a route the API does not have either.
async fn wrong_method(method: axum::http::Method, uri: axum::http::Uri) -> ApiFailure {
    ApiFailure::not_found("route", format!("{method} {}", uri.path()))
}

/// Runs `work` on the blocking pool and answers its value as JSON, or its failure.
///
/// Answers are computed when asked for, and some (an item list of 200,000 entries, a filter
/// over every hosting) take long enough to build and encode that they would stall the async
/// workers; the blocking pool is where such work belongs.
pub async fn off_runtime<T, F>(work: F) -> Response
where
    T: Serialize,
    F: FnOnce() -> Result<T, ApiFailure> + Send + 'static,
{
    match encode_off_runtime(work).await {
        Ok(bytes) => ([(CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(response) => response,
    }
}

/// As [`off_runtime`], with a successful answer padded to `padded_to_bytes` (0: as it is).
pub async fn off_runtime_padded<T, F>(padded_to_bytes: u64, work: F) -> Response
where
    T: Serialize,
    F: FnOnce() -> Result<T, ApiFailure> + Send + 'static,
{
    match encode_off_runtime(work).await {
        Ok(bytes) if padded_to_bytes > 0 => padded_json(bytes, padded_to_bytes),
        Ok(bytes) => ([(CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(response) => response,
    }
}

/// The JSON of `work`'s value, built on the blocking pool, or the answer saying why not.
async fn encode_off_runtime<T, F>(work: F) -> Result<Vec<u8>, Response>
where
    T: Serialize,
    F: FnOnce() -> Result<T, ApiFailure> + Send + 'static,
{
    let encoded =
        tokio::task::spawn_blocking(move || work().map(|value| serde_json::to_vec(&value)));
    match encoded.await {
        Ok(Ok(Ok(bytes))) => Ok(bytes),
        Ok(Err(failure)) => Err(failure.into_response()),
        Ok(Ok(Err(error))) => {
            tracing::error!(%error, "demo answer cannot be encoded as JSON");
            Err(ApiFailure::Internal.into_response())
        }
        Err(error) => {
            tracing::error!(%error, "demo handler did not finish");
            Err(ApiFailure::Internal.into_response())
        }
    }
}

/// The hosting of a path, after checking its region.
pub fn find_hosting(
    state: &DemoState,
    region: &str,
    hosting_id: &str,
) -> Result<HostingSpec, ApiFailure> {
    query::region(region)?;
    let found =
        if region == HOSTING_REGION { state.dataset.find_hosting(hosting_id) } else { None };
    found.ok_or_else(|| ApiFailure::not_found("hosting", hosting_id))
}
