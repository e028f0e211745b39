//! INTERFACE STUB: replaced by the client work.

/// Every way an API call can fail.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Other(String),
}
