//! Settings as layers (file, environment, flags), each value tagged with where it came from,
//! and the final checks that turn them into an endpoint.

use std::fmt;
use std::path::PathBuf;

use super::{ConfigError, MissingKey, Overrides, Resolved};
use crate::api::{Endpoint, SecretKey};

/// The regions of the API's path enum.
pub const REGIONS: [&str; 3] = ["fr-par", "nl-ams", "pl-waw"];

/// Web Hosting is only sold in Paris, so that is where to look when nothing says otherwise.
pub const DEFAULT_REGION: &str = "fr-par";

/// The public API's base URL.
pub const DEFAULT_API_URL: &str = "https://api.scaleway.com";

/// Where a setting came from, as messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A profile of the config file; `None` is the root (the `default` profile).
    File {
        profile: Option<String>,
        path: PathBuf,
    },
    Env(&'static str),
    Flag(&'static str),
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File { profile, path } => {
                let profile = profile.as_deref().unwrap_or(super::ROOT_PROFILE);
                write!(f, "profile `{profile}` in {}", path.display())
            }
            Self::Env(name) | Self::Flag(name) => f.write_str(name),
            Self::Default => f.write_str("the built-in default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

/// One layer of settings; an absent value lets the layer below show through.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub access_key: Option<Sourced<String>>,
    pub secret_key: Option<Sourced<SecretKey>>,
    pub api_url: Option<Sourced<String>>,
    pub organization_id: Option<Sourced<String>>,
    pub project_id: Option<Sourced<String>>,
    pub region: Option<Sourced<String>>,
}

impl Settings {
    /// The `SCW_*` variables that override the file.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Self {
        let read = |name: &'static str| {
            env(name).map(|value| Sourced { value, origin: Origin::Env(name) })
        };
        let secret = env("SCW_SECRET_KEY").map(|value| Sourced {
            value: SecretKey::new(value),
            origin: Origin::Env("SCW_SECRET_KEY"),
        });
        Self {
            access_key: read("SCW_ACCESS_KEY"),
            secret_key: secret,
            api_url: read("SCW_API_URL"),
            organization_id: read("SCW_DEFAULT_ORGANIZATION_ID"),
            project_id: read("SCW_DEFAULT_PROJECT_ID"),
            region: read("SCW_DEFAULT_REGION"),
        }
    }

    /// The command-line flags, which override everything.
    pub fn from_flags(overrides: &Overrides) -> Self {
        let flag = |value: &Option<String>, name: &'static str| {
            value.clone().map(|value| Sourced { value, origin: Origin::Flag(name) })
        };
        Self {
            api_url: flag(&overrides.api_url, "--api-url"),
            region: flag(&overrides.region, "--region"),
            ..Self::default()
        }
    }

    /// Puts `upper` over `self`: each value `upper` has replaces the one below.
    pub fn overlay(self, upper: Self) -> Self {
        Self {
            access_key: upper.access_key.or(self.access_key),
            secret_key: upper.secret_key.or(self.secret_key),
            api_url: upper.api_url.or(self.api_url),
            organization_id: upper.organization_id.or(self.organization_id),
            project_id: upper.project_id.or(self.project_id),
            region: upper.region.or(self.region),
        }
    }

    /// Applies the defaults, checks the key and the region, and builds the endpoint.
    /// `missing` says where the key was looked for, should there be none.
    pub fn finish(
        self,
        profile: String,
        missing: MissingKey,
        warnings: Vec<String>,
    ) -> Result<Resolved, ConfigError> {
        let secret = self.secret_key.ok_or(ConfigError::NoSecretKey(missing))?;
        if !secret.value.looks_valid() {
            let masked = secret.value.masked();
            return Err(ConfigError::BadSecretKey { masked, from: secret.origin.to_string() });
        }
        let region = self.region.unwrap_or_else(|| default(DEFAULT_REGION));
        check_region(&region.value, &region.origin.to_string())?;
        let api_url = self.api_url.unwrap_or_else(|| default(DEFAULT_API_URL)).value;

        let endpoint = Endpoint {
            api_url: api_url.trim_end_matches('/').to_owned(),
            region: region.value,
            secret_key: secret.value,
            profile,
            key_source: secret.origin.to_string(),
        };
        Ok(Resolved {
            endpoint,
            access_key: self.access_key.map(|access| access.value),
            project_id: self.project_id.map(|project| project.value),
            organization_id: self.organization_id.map(|organization| organization.value),
            warnings,
        })
    }
}

fn default(value: &str) -> Sourced<String> {
    Sourced { value: value.to_owned(), origin: Origin::Default }
}

/// Refuses a region the Web Hosting API does not serve; `from` says where it was given.
pub fn check_region(region: &str, from: &str) -> Result<(), ConfigError> {
    if REGIONS.contains(&region) {
        Ok(())
    } else {
        Err(ConfigError::BadRegion { region: region.to_owned(), from: from.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "11111111-2222-3333-4444-555555555555";

    fn missing() -> MissingKey {
        MissingKey { path: None, file_exists: false, profile: "default".into() }
    }

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).into())
    }

    #[test]
    fn upper_layer_wins_and_absent_values_show_through() {
        let env = env_of(&[("SCW_SECRET_KEY", KEY), ("SCW_DEFAULT_REGION", "nl-ams")]);
        let flags = Overrides { region: Some("pl-waw".into()), ..Overrides::default() };
        let settings = Settings::from_env(&env).overlay(Settings::from_flags(&flags));
        let resolved = settings.finish("default".into(), missing(), Vec::new()).unwrap();
        assert_eq!(resolved.endpoint.region, "pl-waw");
        assert_eq!(resolved.endpoint.key_source, "SCW_SECRET_KEY");
        assert_eq!(resolved.endpoint.api_url, DEFAULT_API_URL);
    }

    #[test]
    fn trailing_slashes_leave_the_api_url() {
        let env = env_of(&[("SCW_SECRET_KEY", KEY), ("SCW_API_URL", "http://127.0.0.1:9/")]);
        let resolved =
            Settings::from_env(&env).finish("default".into(), missing(), Vec::new()).unwrap();
        assert_eq!(resolved.endpoint.api_url, "http://127.0.0.1:9");
    }

    #[test]
    fn file_origin_names_the_profile_and_the_path() {
        let origin = Origin::File { profile: None, path: "/x/config.yaml".into() };
        assert_eq!(origin.to_string(), "profile `default` in /x/config.yaml");
    }
}
