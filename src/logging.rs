//! Logging to a file, never to the terminal: the dashboard owns the screen, and a stray line
//! on it would tear a frame. Level from `RUST_LOG` when set, else from `-v`.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tracing_subscriber::EnvFilter;

/// The log file's name inside the state directory.
const FILE_NAME: &str = "whbackup.log";

/// Where the log goes when `--log-file` is not given: `$XDG_STATE_HOME/whbackup/whbackup.log`
/// (`~/.local/state/whbackup/whbackup.log` when unset). Platforms with no state directory use
/// the local data directory.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "whbackup")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join(FILE_NAME))
}

/// The filter for a count of `-v`: this program's warnings by default, then its info and
/// debug events; from `-vvv` on, everything, the dependencies' events included.
fn directives_for(verbosity: u8) -> &'static str {
    match verbosity {
        0 => "whbackup=warn",
        1 => "whbackup=info",
        2 => "whbackup=debug",
        _ => "trace",
    }
}

/// Sends `tracing` events to `path` (appended), filtered by `RUST_LOG` if set, else by the
/// `-v` count. The returned guard flushes the file when dropped; keep it for the whole run.
pub fn init(
    path: &Path,
    verbosity: u8,
) -> anyhow::Result<tracing_appender::non_blocking::WorkerGuard> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the log directory {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open the log file {}", path.display()))?;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(directives_for(verbosity)));
    let (writer, guard) = tracing_appender::non_blocking(file);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|error| anyhow::anyhow!("cannot start logging: {error}"))?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbosity_raises_the_level_and_then_takes_in_everything() {
        assert_eq!(directives_for(0), "whbackup=warn");
        assert_eq!(directives_for(1), "whbackup=info");
        assert_eq!(directives_for(2), "whbackup=debug");
        assert_eq!(directives_for(3), "trace");
        assert_eq!(directives_for(9), "trace");
    }

    #[test]
    fn default_path_ends_in_the_log_file() {
        let path = default_path().expect("a home directory to put the log under");
        assert!(path.ends_with(Path::new("whbackup").join(FILE_NAME)), "{}", path.display());
    }
}
