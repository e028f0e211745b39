//! Why credentials could not be resolved, in words that say what to do next.

use std::fmt;
use std::io;
use std::path::PathBuf;

use super::settings::REGIONS;

/// Every way resolving the credentials can fail. Each message names where the bad value came
/// from and how to fix it; none ever holds a secret key in clear.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file exists but cannot be read (permissions, a directory, ...).
    #[error(
        "cannot read the scw config file {}: {error}; fix its permissions, or set \
         SCW_CONFIG_PATH to another file",
        path.display()
    )]
    Unreadable { path: PathBuf, error: io::Error },

    /// The config file is not YAML of the shape `scw` writes.
    #[error(
        "the scw config file {} is not valid: {detail}; fix it, or set SCW_CONFIG_PATH to \
         another file",
        path.display()
    )]
    Malformed { path: PathBuf, detail: String },

    /// A profile was asked for that the config file does not have.
    #[error("{}", profile_not_found(.name, .chosen_by, .path.as_ref(), .available))]
    ProfileNotFound {
        name: String,
        /// What asked for it: `--profile`, `SCW_PROFILE` or the file's `active_profile`.
        chosen_by: String,
        /// The config file looked in; `None` when no file exists.
        path: Option<PathBuf>,
        /// The named profiles the file has.
        available: Vec<String>,
    },

    /// No layer gave a secret key.
    #[error("{0}")]
    NoSecretKey(MissingKey),

    /// A secret key was found but does not have the shape of one.
    #[error(
        "the secret key from {from} ({masked}) is not a Scaleway secret key, which has the \
         shape of a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); copy it again from the \
         Scaleway console (IAM > API keys)"
    )]
    BadSecretKey {
        /// The masked form: the key itself never appears here.
        masked: String,
        from: String,
    },

    /// A region the API's paths do not know.
    #[error("region `{region}` (from {from}) is unknown; use one of {}", REGIONS.join(", "))]
    BadRegion { region: String, from: String },
}

/// Where the resolver looked for a secret key, for the one message that explains its absence.
#[derive(Debug, Clone)]
pub struct MissingKey {
    /// The config file tried, or `None` when no path could be built (no `HOME`).
    pub path: Option<PathBuf>,
    /// Whether that file exists.
    pub file_exists: bool,
    /// The profile whose `secret_key` was looked for.
    pub profile: String,
}

impl fmt::Display for MissingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no Scaleway secret key found: looked for `secret_key` in ")?;
        match &self.path {
            Some(path) => {
                let state =
                    if self.file_exists { "not set there" } else { "the file does not exist" };
                write!(f, "profile `{}` of {} ({state})", self.profile, path.display())?;
            }
            None => f.write_str(NO_PATH)?,
        }
        write!(
            f,
            " and in the variable SCW_SECRET_KEY (not set). Run `scw init` to set one up, or \
             export SCW_SECRET_KEY=<your secret key>, or try `whbackup --demo` to look \
             around without an account"
        )
    }
}

/// What the missing-key message says when no config path could be built.
const NO_PATH: &str = "no config file (none of SCW_CONFIG_PATH, XDG_CONFIG_HOME, HOME is set)";

fn profile_not_found(
    name: &str,
    chosen_by: &str,
    path: Option<&PathBuf>,
    available: &[String],
) -> String {
    let Some(path) = path else {
        return format!(
            "profile `{name}` (from {chosen_by}) cannot be used: there is no scw config file; \
             create one with `scw init`, or drop {chosen_by}"
        );
    };
    let have = if available.is_empty() {
        "it has no named profiles, only the root one (`default`)".to_owned()
    } else {
        format!("its profiles are: default, {}", available.join(", "))
    };
    format!("profile `{name}` (from {chosen_by}) is not in {}; {have}", path.display())
}
