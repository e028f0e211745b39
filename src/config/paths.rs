//! Where the `scw` config file lives, reading it, and the check that only its owner can.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::ConfigError;

/// The file name `scw` writes, and the older spelling it still reads.
const FILE_NAMES: [&str; 2] = ["config.yaml", "config.yml"];

/// The path of the config file to read: `SCW_CONFIG_PATH` as given, else `config.yaml` (or an
/// existing `config.yml`) in `$XDG_CONFIG_HOME/scw`, else in `$HOME/.config/scw`. `None` when
/// none of those variables is set. The file may not exist.
pub(crate) fn locate(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(path) = env("SCW_CONFIG_PATH") {
        return Some(PathBuf::from(path));
    }
    let dir = match env("XDG_CONFIG_HOME") {
        Some(config_home) => PathBuf::from(config_home).join("scw"),
        None => PathBuf::from(env("HOME")?).join(".config").join("scw"),
    };
    let candidates = FILE_NAMES.map(|name| dir.join(name));
    let existing = candidates.iter().find(|path| path.exists());
    Some(existing.unwrap_or(&candidates[0]).clone())
}

/// The file's text, or `None` when it does not exist.
pub(crate) fn read(path: &Path) -> Result<Option<String>, ConfigError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(ConfigError::Unreadable { path: path.to_owned(), error }),
    }
}

/// A warning when users other than the owner may read the file, as `scw` gives one.
#[cfg(unix)]
pub(crate) fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;

    /// Permission bits for the group and for others.
    const SHARED_BITS: u32 = 0o077;
    /// The permission part of a file mode, without the file type.
    const PERMISSION_BITS: u32 = 0o777;

    let mode = fs::metadata(path).ok()?.permissions().mode();
    (mode & SHARED_BITS != 0).then(|| {
        format!(
            "the scw config file {path} can be read or changed by other users \
             (mode {mode:03o}); run `chmod 600 {path}` so only you can",
            path = path.display(),
            mode = mode & PERMISSION_BITS,
        )
    })
}

/// Other systems have no mode bits to check.
#[cfg(not(unix))]
pub(crate) fn permission_warning(_path: &Path) -> Option<String> {
    None
}
