//! The `scw` CLI's config file: its shape, which profile to use, and the settings it gives.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::settings::{Origin, Settings, Sourced};
use super::{ConfigError, Overrides, ROOT_PROFILE};
use crate::api::SecretKey;

/// The keys `scw` reads at the root and in each profile. `default_zone` is left out: Web
/// Hosting is regional. Unknown keys are ignored, as `scw` ignores them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProfileKeys {
    access_key: Option<String>,
    #[serde(deserialize_with = "secret_key")]
    secret_key: Option<SecretKey>,
    api_url: Option<String>,
    default_organization_id: Option<String>,
    default_project_id: Option<String>,
    default_region: Option<String>,
}

/// The whole file: the root profile's keys, the active profile's name, the named profiles.
#[derive(Debug, Default)]
pub(crate) struct ScwFile {
    root: ProfileKeys,
    active_profile: Option<String>,
    profiles: BTreeMap<String, ProfileKeys>,
}

/// The file's keys besides the root profile's.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Selection {
    active_profile: Option<String>,
    profiles: Option<BTreeMap<String, Option<ProfileKeys>>>,
}

/// The profile to use and what chose it, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProfileChoice {
    pub name: String,
    pub chosen_by: &'static str,
}

impl ProfileChoice {
    /// `--profile`, then `SCW_PROFILE`, then the file's `active_profile`, then the root.
    pub fn pick(
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
        file: Option<&ScwFile>,
    ) -> Self {
        let active = file.and_then(|file| nonblank(file.active_profile.clone()));
        let candidates = [
            (overrides.profile.clone(), "--profile"),
            (env("SCW_PROFILE"), "SCW_PROFILE"),
            (active, "`active_profile` in the config file"),
        ];
        candidates
            .into_iter()
            .find_map(|(name, chosen_by)| name.map(|name| Self { name, chosen_by }))
            .unwrap_or_else(|| Self { name: ROOT_PROFILE.to_owned(), chosen_by: "the default" })
    }

    /// Whether this is the root of the file rather than an entry of `profiles:`.
    fn is_root(&self) -> bool {
        self.name == ROOT_PROFILE
    }

    /// The settings when there is no config file: only the root may be asked for.
    pub fn without_file(&self) -> Result<Settings, ConfigError> {
        if self.is_root() {
            return Ok(Settings::default());
        }
        Err(ConfigError::ProfileNotFound {
            name: self.name.clone(),
            chosen_by: self.chosen_by.to_owned(),
            path: None,
            available: Vec::new(),
        })
    }
}

impl ScwFile {
    /// Parses the file's text; an empty file is an empty config.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let malformed =
            |error| ConfigError::Malformed { path: path.to_owned(), detail: describe(&error) };
        // The root's keys and the rest are read in two passes over the same text: serde's
        // `flatten` would buffer the values and refuse a number where a string is expected.
        let root: ProfileKeys = from_yaml(text).map_err(malformed)?;
        let selection: Selection = from_yaml(text).map_err(malformed)?;
        let profiles = selection.profiles.unwrap_or_default();
        Ok(Self {
            root,
            active_profile: selection.active_profile,
            profiles: profiles
                .into_iter()
                .map(|(name, keys)| (name, keys.unwrap_or_default()))
                .collect(),
        })
    }

    /// The settings of the chosen profile: its values merged over the root's.
    pub fn settings(self, choice: &ProfileChoice, path: &Path) -> Result<Settings, ConfigError> {
        let root = self.root.settings(None, path);
        if choice.is_root() {
            return Ok(root);
        }
        let mut profiles = self.profiles;
        let Some(keys) = profiles.remove(&choice.name) else {
            return Err(ConfigError::ProfileNotFound {
                name: choice.name.clone(),
                chosen_by: choice.chosen_by.to_owned(),
                path: Some(path.to_owned()),
                available: profiles.into_keys().collect(),
            });
        };
        let named = keys.settings(Some(&choice.name), path);
        Ok(root.overlay(named))
    }
}

impl ProfileKeys {
    fn settings(self, profile: Option<&str>, path: &Path) -> Settings {
        let origin = Origin::File { profile: profile.map(str::to_owned), path: path.to_owned() };
        let tag = |value: Option<String>| {
            nonblank(value).map(|value| Sourced { value, origin: origin.clone() })
        };
        Settings {
            access_key: tag(self.access_key),
            secret_key: self.secret_key.map(|value| Sourced { value, origin: origin.clone() }),
            api_url: tag(self.api_url),
            organization_id: tag(self.default_organization_id),
            project_id: tag(self.default_project_id),
            region: tag(self.default_region),
        }
    }
}

/// Parses YAML without the parser's snippets, which would quote lines of the file, secret
/// key included.
fn from_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options(text, options)
}

/// Reads `secret_key` straight into a [`SecretKey`]; blank counts as absent.
fn secret_key<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<SecretKey>, D::Error> {
    let raw = Option::<String>::deserialize(deserializer)?;
    Ok(nonblank(raw).map(SecretKey::new))
}

/// The value without surrounding blanks, or `None` when nothing is left.
pub(crate) fn nonblank(value: Option<String>) -> Option<String> {
    let value = value?;
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// A parse error as its position only: the parser's own message may quote a value of the
/// file, and the file holds the secret key.
fn describe(error: &serde_saphyr::Error) -> String {
    match error.location() {
        Some(location) => format!(
            "it is not YAML of the shape `scw` writes (line {}, column {})",
            location.line(),
            location.column()
        ),
        None => "it is not YAML of the shape `scw` writes".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "11111111-2222-3333-4444-555555555555";

    fn parse(text: &str) -> Result<ScwFile, ConfigError> {
        ScwFile::parse(text, Path::new("/x/config.yaml"))
    }

    #[test]
    fn odd_but_valid_files_parse() {
        let text = format!(
            "secret_key: {KEY}\ndefault_project_id: 1234\nfoo: [1, 2]\nactive_profile: p\n\
             profiles:\n  p:\n  q:\n    default_region: nl-ams\n"
        );
        let file = parse(&text).unwrap();
        assert_eq!(file.root.default_project_id.as_deref(), Some("1234"));
        assert_eq!(file.active_profile.as_deref(), Some("p"));
        assert_eq!(file.profiles.keys().collect::<Vec<_>>(), ["p", "q"]);
        assert_eq!(file.profiles["q"].default_region.as_deref(), Some("nl-ams"));
        assert!(parse("  \n").unwrap().profiles.is_empty());
    }

    #[test]
    fn parse_errors_give_a_position_and_never_the_text() {
        let bad_files = [
            format!("secret_key: [{KEY}]"),
            KEY.to_owned(),
            format!("profiles: {KEY}"),
            format!("secret_key: \"{KEY}\n"),
        ];
        for text in bad_files {
            let message = parse(&text).unwrap_err().to_string();
            assert!(message.contains("/x/config.yaml is not valid"), "{message}");
            assert!(message.contains("line 1"), "{message}");
            assert!(!message.contains("2222"), "{message}");
        }
    }

    #[test]
    fn blank_secret_keys_count_as_absent() {
        let file = parse("secret_key: '  '\n").unwrap();
        assert!(file.root.secret_key.is_none());
    }
}
