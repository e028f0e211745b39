//! Everything the dashboard knows, owned by the UI loop alone: the screens and their lists,
//! the restores pane, the open dialog, the history overlay, the transient notice and the
//! announcements that stay until seen.

use std::collections::{HashMap, VecDeque};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::layout::Rect;
use tui_input::Input;

use super::cursor::ListCursor;
use super::tree::{ItemTree, TickedGroup, TypeTotal};
use crate::api::{Backup, Hosting, Progress, ProgressStatus};
use crate::journal::{self, ItemRef};
use crate::restore::Follow;

/// Where a list's data stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Load<T> {
    /// Nothing asked yet.
    #[default]
    Idle,
    Loading,
    Loaded(T),
    /// The request failed; the reason is shown with how to retry.
    Failed(String),
}

impl<T> Load<T> {
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Self::Loaded(value) => Some(value),
            _ => None,
        }
    }

    pub fn loaded_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Loaded(value) => Some(value),
            _ => None,
        }
    }
}

/// The first screen: every hosting of the region.
#[derive(Debug, Default)]
pub struct HostingsScreen {
    pub load: Load<Vec<Hosting>>,
    /// The generation of the request whose answer is awaited.
    pub generation: u64,
    /// Indexes of the hostings the filter lets through, in list order.
    pub shown: Vec<usize>,
    pub cursor: ListCursor,
    /// Lower-cased; empty when no filter is set.
    pub filter: String,
}

impl HostingsScreen {
    /// The hosting under the cursor.
    pub fn selected(&self) -> Option<&Hosting> {
        let index = *self.shown.get(self.cursor.selected)?;
        self.load.loaded()?.get(index)
    }

    /// Recomputes which hostings the filter lets through.
    pub fn apply_filter(&mut self) {
        let Some(hostings) = self.load.loaded() else {
            self.shown.clear();
            return;
        };
        let filter = &self.filter;
        self.shown = (0..hostings.len())
            .filter(|&index| filter.is_empty() || hosting_matches(&hostings[index], filter))
            .collect();
    }
}

fn hosting_matches(hosting: &Hosting, filter: &str) -> bool {
    [hosting.display_domain(), hosting.offer_label(), hosting.status.as_str(), &hosting.id]
        .iter()
        .any(|field| field.to_lowercase().contains(filter))
}

/// The backups of one hosting, newest first.
#[derive(Debug)]
pub struct BackupsScreen {
    pub hosting_id: String,
    pub load: Load<Vec<Backup>>,
    pub generation: u64,
    pub cursor: ListCursor,
}

impl BackupsScreen {
    pub fn selected(&self) -> Option<&Backup> {
        self.load.loaded()?.get(self.cursor.selected)
    }
}

/// The items of one backup, as a tree.
#[derive(Debug)]
pub struct ItemsScreen {
    pub hosting_id: String,
    pub backup: Backup,
    pub load: Load<ItemTree>,
    pub generation: u64,
    pub cursor: ListCursor,
    /// Ticks to put back once a reload arrives.
    pub kept_ticks: Vec<String>,
}

/// One restore in full: its status and the item groups it brings back.
#[derive(Debug)]
pub struct RestoreScreen {
    pub hosting_id: String,
    pub progress_id: String,
    pub load: Load<Progress>,
    pub generation: u64,
    pub cursor: ListCursor,
}

/// A screen above the hostings list; the stack of them is the way back.
// A handful live at once, on a stack: their size differences do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Screen {
    Backups(BackupsScreen),
    Items(ItemsScreen),
    Restore(RestoreScreen),
}

/// Which part of the window the keys move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Main,
    Restores,
}

/// Where a restore in the pane stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreStatus {
    /// The request is on its way.
    Sending,
    /// The API took it but named no progress (its answer before October 2025).
    SentUntracked,
    /// The request surely never reached the API (refused before sending, or answered with
    /// a refusal): nothing started. It was not retried.
    NotSent(String),
    /// The request failed after it may have reached the API (a time limit or a connection
    /// lost after sending, a server failure, an answer that could not be read): the restore
    /// may have started. It was not retried.
    MayHaveStarted(String),
    /// As the progress poller last saw it.
    Progress(ProgressStatus),
    /// The poller stopped following it before it was seen to end, for the reason given:
    /// how it ended is unknown.
    OutcomeUnknown(String),
}

impl RestoreStatus {
    /// Whether nothing more will be polled for this restore in this run: it ended, or there
    /// is no progress to poll. (A restore that may have started can still turn up in its
    /// hosting's list, and is followed from there.)
    pub fn is_final(&self) -> bool {
        match self {
            Self::Sending => false,
            Self::SentUntracked
            | Self::NotSent(_)
            | Self::MayHaveStarted(_)
            | Self::OutcomeUnknown(_) => true,
            Self::Progress(status) => status.is_final(),
        }
    }
}

/// A restore in the pane: sent in this run, or found among the hosting's recent ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreEntry {
    pub hosting_id: String,
    /// The backup restored from, known for restores sent in this run.
    pub backup_id: Option<String>,
    pub progress_id: Option<String>,
    /// Set for restores sent in this run: ties the submit answer to its entry.
    pub request_id: Option<u64>,
    /// When it was asked for, when this run or the journal knows; orders the pane.
    pub started_at: Option<Timestamp>,
    /// `full`, `2 items`.
    pub what: String,
    pub status: RestoreStatus,
    pub percentage: u64,
    /// The last poll of this restore failed; the poller retries.
    pub poll_error: Option<String>,
    /// Set for restores in the journal that are still watched: what to journal next.
    pub follow: Option<Follow>,
    /// Listed by the API, unknown to the journal: started from another machine or tool.
    pub elsewhere: bool,
    /// Its end was announced (notice, alert, backups reloaded), which happens once.
    pub end_announced: bool,
}

impl RestoreEntry {
    /// Whether this run sent it or follows it for the journal, so its end is announced.
    pub fn is_ours(&self) -> bool {
        self.request_id.is_some() || self.follow.is_some()
    }
}

/// The pane of restores along the bottom, newest first: by the time they were asked for
/// where it is known, else in the order the API lists them.
#[derive(Debug, Default)]
pub struct RestoresPane {
    pub entries: Vec<RestoreEntry>,
    pub cursor: ListCursor,
    /// The last poll of the hosting's recent restores failed; the poller retries.
    pub poll_error: Option<String>,
    /// The open hosting, once its list of recent restores has answered; until then nobody
    /// can tell whether a restore runs on it.
    pub listed: Option<String>,
}

impl RestoresPane {
    /// Inserts `entry` at `index`, keeping the cursor on the row it was on.
    pub fn insert(&mut self, index: usize, entry: RestoreEntry) {
        let was_empty = self.entries.is_empty();
        self.entries.insert(index, entry);
        if was_empty {
            return;
        }
        if index < self.cursor.offset {
            self.cursor.offset += 1;
        }
        if index <= self.cursor.selected {
            self.cursor.selected += 1;
        }
    }

    /// Removes the entry at `index`, keeping the cursor on the row it was on when that row
    /// stays.
    pub fn remove(&mut self, index: usize) -> RestoreEntry {
        let entry = self.entries.remove(index);
        if index < self.cursor.offset {
            self.cursor.offset -= 1;
        }
        if index < self.cursor.selected {
            self.cursor.selected -= 1;
        }
        entry
    }

    /// Where a restore asked for at `started_at` goes: above the first one asked for earlier.
    pub fn position_by_time(&self, started_at: Timestamp) -> usize {
        let earlier = |entry: &RestoreEntry| entry.started_at.is_some_and(|at| at < started_at);
        self.entries.iter().position(earlier).unwrap_or(self.entries.len())
    }

    /// The entry of the restore with this progress id.
    pub fn position_of(&self, progress_id: &str) -> Option<usize> {
        self.entries.iter().position(|entry| entry.progress_id.as_deref() == Some(progress_id))
    }
}

/// What a confirmed restore will send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestorePlan {
    /// The whole backup over the whole hosting, with what it holds by type: from the open
    /// item tree, or asked for when the dialog opened from the backups list.
    Full { by_type: Load<Vec<TypeTotal>>, generation: u64 },
    /// Some items, with what they are, for the dialog.
    Items { items: Vec<ItemRef>, groups: Vec<TickedGroup> },
}

impl RestorePlan {
    pub fn is_full(&self) -> bool {
        matches!(self, Self::Full { .. })
    }
}

/// Where the restore dialog stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogPhase {
    Confirming,
    /// Confirmed once while another restore runs on the hosting, or while nobody can tell
    /// whether one does; asking again, with a key of its own.
    ConfirmingAgain,
    /// Confirmed and sent; further confirms do nothing.
    Sending {
        request_id: u64,
    },
}

/// The restore dialog: what will be overwritten, and the question.
#[derive(Debug, Clone)]
pub struct RestoreDialog {
    pub hosting_id: String,
    pub domain: String,
    pub backup: Backup,
    pub plan: RestorePlan,
    /// For a full restore, the domain as the user types it.
    pub typed: Input,
    pub phase: DialogPhase,
    /// Why the last confirm was not taken.
    pub problem: Option<String>,
    /// Restores already running on the hosting, or why nobody can tell: said in the
    /// dialog, which then asks twice.
    pub running_warning: Option<String>,
}

/// The history overlay: every restore the journal knows, across hostings.
#[derive(Debug, Default)]
pub struct HistoryView {
    pub load: Load<Vec<journal::RestoreEntry>>,
    /// The generation of the read whose answer is awaited.
    pub generation: u64,
    /// Lines scrolled past.
    pub scroll: usize,
}

/// How a notice reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

/// A one-line message in the status line, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

/// What an announcement is about, which the title of its box says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announced {
    /// A restore sent or followed in this run ended.
    RestoreEnded,
    /// A restore request got no answer after it may have reached the API.
    AnswerLost,
}

/// A message over the screen that stays until a key is pressed after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub about: Announced,
    pub notice: Notice,
}

/// What the dashboard starts from.
#[derive(Debug, Clone)]
pub struct Settings {
    pub region: String,
    pub profile: String,
    pub read_only: bool,
    /// Off when `NO_COLOR` is set: emphasis then comes from bold and reverse alone.
    pub color: bool,
    pub now: Timestamp,
    pub tz: TimeZone,
    pub area: Rect,
}

// The flags are independent facts (settings, an overlay, a redraw mark), not a state enum.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug)]
pub struct State {
    /// The moment ages are counted from; the UI loop refreshes it, tests fix it.
    pub now: Timestamp,
    pub tz: TimeZone,
    pub color: bool,
    pub region: String,
    pub profile: String,
    pub read_only: bool,
    /// The terminal's size.
    pub area: Rect,
    pub hostings: HostingsScreen,
    /// Screens opened from the hostings list; empty means the hostings list is on screen.
    pub stack: Vec<Screen>,
    pub restores: RestoresPane,
    pub focus: Focus,
    pub dialog: Option<RestoreDialog>,
    /// The filter being typed, for the hostings list or the item tree.
    pub filter_input: Option<Input>,
    pub help: bool,
    /// Lines the help overlay is scrolled by, when it is taller than the window.
    pub help_scroll: usize,
    pub notice: Option<Notice>,
    /// What must be seen, oldest first (restores that ended, answers that were lost): the
    /// first stays on screen until a key is pressed after it, then the next shows.
    pub announcements: VecDeque<Announcement>,
    /// The history overlay, when open.
    pub history: Option<HistoryView>,
    /// When each restore the journal knows was asked for, by progress id, finished ones
    /// included.
    pub journal_known: HashMap<String, Timestamp>,
    /// The domain of each hosting the journal names, by hosting id, newest first wins: what
    /// a restore resumed at start is called before the hostings list has loaded.
    pub journal_domains: HashMap<String, String>,
    /// Something changed since the last frame.
    pub dirty: bool,
    last_id: u64,
}

impl State {
    pub fn new(settings: Settings) -> Self {
        Self {
            now: settings.now,
            tz: settings.tz,
            color: settings.color,
            region: settings.region,
            profile: settings.profile,
            read_only: settings.read_only,
            area: settings.area,
            hostings: HostingsScreen::default(),
            stack: Vec::new(),
            restores: RestoresPane::default(),
            focus: Focus::Main,
            dialog: None,
            filter_input: None,
            help: false,
            help_scroll: 0,
            notice: None,
            announcements: VecDeque::new(),
            history: None,
            journal_known: HashMap::new(),
            journal_domains: HashMap::new(),
            dirty: true,
            last_id: 0,
        }
    }

    /// A number never handed out before in this run: request generations and restore ids.
    pub fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        self.last_id
    }

    pub fn screen(&self) -> Option<&Screen> {
        self.stack.last()
    }

    /// The hosting with this id, when the hostings list has it.
    pub fn hosting(&self, hosting_id: &str) -> Option<&Hosting> {
        self.hostings.load.loaded()?.iter().find(|hosting| hosting.id == hosting_id)
    }

    /// The name to show for a hosting: its domain when known, else its id.
    /// The name a person knows a hosting by: its domain from the hostings list, else as the
    /// journal last named it, else its id.
    pub fn domain_of(&self, hosting_id: &str) -> String {
        match self.hosting(hosting_id) {
            Some(hosting) => hosting.display_domain().into(),
            None => self.journal_domains.get(hosting_id).map_or(hosting_id, String::as_str).into(),
        }
    }

    /// The hosting whose backups are open, if any.
    pub fn current_hosting(&self) -> Option<&str> {
        self.stack.iter().find_map(|screen| match screen {
            Screen::Backups(screen) => Some(screen.hosting_id.as_str()),
            _ => None,
        })
    }

    pub fn notify(&mut self, kind: NoticeKind, text: impl Into<String>) {
        self.notice = Some(Notice { kind, text: text.into() });
    }
}
