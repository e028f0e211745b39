//! Credentials and endpoint, resolved as the `scw` CLI resolves them: its config file and
//! profile, then the `SCW_*` environment variables, then the command-line flags.
//!
//! The config file is read, never written. The secret key is held in a
//! [`SecretKey`](crate::api::SecretKey) from the moment it is read, so no message or log line
//! built here can show it.

mod error;
mod paths;
mod scw_file;
mod settings;

pub use error::{ConfigError, MissingKey};
pub use settings::{DEFAULT_API_URL, DEFAULT_REGION, REGIONS, check_region};

use crate::api::Endpoint;
use scw_file::{ProfileChoice, ScwFile};
use settings::Settings;

/// The name of the config file's root profile.
pub const ROOT_PROFILE: &str = "default";

/// Values given on the command line, which win over everything else.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub api_url: Option<String>,
}

/// Resolves the endpoint as the `scw` CLI does: file, profile, environment, then flags.
/// `env` reads one environment variable (tests pass their own); blank values count as unset.
///
/// A missing config file is fine when the environment carries the key.
pub fn resolve(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Resolved, ConfigError> {
    let env = |name: &str| scw_file::nonblank(env(name));
    let path = paths::locate(&env);
    let text = path.as_deref().map(paths::read).transpose()?.flatten();

    let mut warnings = Vec::new();
    let file = match (&path, &text) {
        (Some(path), Some(text)) => {
            warnings.extend(paths::permission_warning(path));
            Some(ScwFile::parse(text, path)?)
        }
        _ => None,
    };
    drop(text);

    let choice = ProfileChoice::pick(overrides, &env, file.as_ref());
    let missing = MissingKey {
        path: path.clone(),
        file_exists: file.is_some(),
        profile: choice.name.clone(),
    };
    let from_file = match (file, &path) {
        (Some(file), Some(path)) => file.settings(&choice, path)?,
        _ => choice.without_file()?,
    };
    let settings =
        from_file.overlay(Settings::from_env(&env)).overlay(Settings::from_flags(overrides));
    settings.finish(choice.name, missing, warnings)
}

/// What `resolve` found.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub endpoint: Endpoint,
    pub access_key: Option<String>,
    pub project_id: Option<String>,
    pub organization_id: Option<String>,
    /// Things worth telling the user, like a config file readable by others.
    pub warnings: Vec<String>,
}
