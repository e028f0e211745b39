//! Appending to the journal. Each record is one `write_all` of its whole line followed by
//! `fsync`, so a run killed at any instant leaves every earlier record whole, and at most
//! one torn last line, which the reader skips.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::record::Record;

/// Permissions of the journal's folder and file: the journal says which hostings were
/// restored and by whom, which is nobody else's business.
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

/// The journal, open for appending. Writes block: from async code, use [`AsyncJournal`] or
/// call [`Journal::append`] through `tokio::task::spawn_blocking`.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// Opens the journal at `path` for appending, creating its folder (mode 0700) and the
    /// file (mode 0600) when they are missing. A torn line left by a killed run is ended
    /// first, so the next record starts on a line of its own.
    pub fn open(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        if let Some(folder) = path.parent() {
            create_folder(folder).map_err(|error| {
                context(&error, &format!("cannot create the journal's folder {}", folder.display()))
            })?;
        }
        let existed = path.exists();
        let mut file = open_for_append(path).map_err(|error| {
            context(&error, &format!("cannot open the restore journal {}", path.display()))
        })?;
        if !existed {
            sync_folder(path);
        }
        end_torn_line(&mut file).map_err(|error| {
            context(&error, &format!("cannot repair the restore journal {}", path.display()))
        })?;
        Ok(Self { file, path: path.to_owned() })
    }

    /// Writes `record` as one line and waits until it is on disk. When the write fails part
    /// way (a full disk), the part that landed is cut off again, so the next record starts
    /// on a line of its own instead of gluing onto a torn one. The cut assumes no other
    /// process appended in between; two runs writing one journal at that instant could
    /// lose the other's record.
    pub fn append(&mut self, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        let cannot_write =
            |error: &io::Error| context(error, &format!("cannot write to {}", self.path.display()));
        let length_before = self.file.metadata().map_err(|error| cannot_write(&error))?.len();
        let written = self.file.write_all(&line).and_then(|()| self.file.sync_data());
        if let Err(error) = written {
            if let Err(cut) = self.file.set_len(length_before) {
                tracing::warn!(%cut, "cannot cut a torn journal line");
            }
            return Err(cannot_write(&error));
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A journal for async code: each append runs on tokio's blocking pool, so a slow disk
/// never stalls the async workers. Clones share one open file. Appends awaited one after
/// the other land in that order; appends from several tasks at once land whole, in any order.
#[derive(Debug, Clone)]
pub struct AsyncJournal {
    journal: Arc<Mutex<Journal>>,
    path: PathBuf,
}

impl AsyncJournal {
    /// Opens the journal as [`Journal::open`] does, on the blocking pool.
    pub async fn open(path: PathBuf) -> io::Result<Self> {
        let journal = tokio::task::spawn_blocking(move || Journal::open(path))
            .await
            .map_err(io::Error::other)??;
        let path = journal.path().to_owned();
        Ok(Self { journal: Arc::new(Mutex::new(journal)), path })
    }

    /// Appends `record`, returning once it is on disk.
    pub async fn append(&self, record: Record) -> io::Result<()> {
        let journal = Arc::clone(&self.journal);
        tokio::task::spawn_blocking(move || {
            let mut journal = journal.lock().map_err(|_| {
                io::Error::other("the restore journal is unusable: an earlier write panicked")
            })?;
            journal.append(&record)
        })
        .await
        .map_err(io::Error::other)?
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn create_folder(folder: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(folder)
}

fn open_for_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options.open(path)
}

/// Makes a new file's name durable too; a failure only weakens durability, so it is logged.
fn sync_folder(path: &Path) {
    let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) else {
        return;
    };
    if let Err(error) = File::open(folder).and_then(|folder| folder.sync_all()) {
        tracing::debug!(%error, folder = %folder.display(), "cannot sync the journal's folder");
    }
}

/// Ends the file's last line when a killed run left it without its newline.
fn end_torn_line(file: &mut File) -> io::Result<()> {
    if file.metadata()?.len() == 0 {
        return Ok(());
    }
    let mut last = [0_u8; 1];
    file.seek(SeekFrom::End(-1))?;
    file.read_exact(&mut last)?;
    if last[0] != b'\n' {
        file.write_all(b"\n")?;
        file.sync_data()?;
    }
    Ok(())
}

/// `error` with `what` failed in front, keeping its kind for callers that branch on it.
fn context(error: &io::Error, what: &str) -> io::Error {
    io::Error::new(error.kind(), format!("{what}: {error}"))
}
