//! The Scaleway Web Hosting API: models, the HTTP client, errors, paging and retries.

pub mod client;
pub mod error;
pub mod models;
pub mod secret;

pub use client::{Client, Endpoint};
pub use error::ApiError;
pub use models::*;
pub use secret::SecretKey;
