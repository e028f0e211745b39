//! The Scaleway Web Hosting API: models, the HTTP client, errors, paging and retries.

pub mod client;
pub mod error;
pub mod error_body;
mod error_text;
pub mod models;
pub mod paging;
pub mod retry;
pub mod secret;
mod transport;
pub mod url_guard;

pub use client::{Client, ClientOptions, Endpoint, HostingFilter, Listed};
pub use error::{ApiError, ArgumentProblem, ExceededQuota, MissingPermission, ResponseInfo};
pub use models::*;
pub use paging::PagingLimits;
pub use retry::RetryPolicy;
pub use secret::SecretKey;
pub use transport::USER_AGENT;
