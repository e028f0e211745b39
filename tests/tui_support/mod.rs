//! What the dashboard tests share: a fixed clock, sample hostings, backups and items, and
//! helpers that drive `update` the way the UI loop does, by messages.

#![allow(dead_code)] // each test file uses its own share of the helpers

pub mod view;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::layout::Rect;
use whbackup::api::{
    Backup, BackupItem, BackupItemGroup, BackupStatus, Hosting, HostingStatus, ItemType, Progress,
    ProgressStatus, ProgressSummary,
};
use whbackup::journal::Event;
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::poller::ProgressNews;
use whbackup::tui::state::{Screen, Settings, State};
use whbackup::tui::update::{init, update};

pub const MIB: u64 = 1024 * 1024;
pub const GIB: u64 = 1024 * MIB;
pub const NOW: &str = "2026-12-01T12:00:00Z";

pub fn at(text: &str) -> Timestamp {
    text.parse().expect("a valid timestamp")
}

/// A dashboard state at a fixed moment, in UTC, with colours on.
pub fn state(width: u16, height: u16) -> State {
    State::new(Settings {
        region: "fr-par".into(),
        profile: "default".into(),
        read_only: false,
        color: true,
        now: at(NOW),
        tz: TimeZone::UTC,
        area: Rect::new(0, 0, width, height),
    })
}

fn hosting(id: &str, domain: &str, status: HostingStatus, offer: &str, created: &str) -> Hosting {
    Hosting {
        id: id.into(),
        domain: domain.into(),
        status,
        offer_name: offer.into(),
        created_at: Some(at(created)),
        ..Hosting::default()
    }
}

pub fn hostings() -> Vec<Hosting> {
    vec![
        hosting("h-1", "example.com", HostingStatus::Ready, "Perso", "2024-03-02T10:00:00Z"),
        hosting(
            "h-2",
            "shop.example.org",
            HostingStatus::Ready,
            "Business",
            "2025-01-15T08:30:00Z",
        ),
        hosting("h-3", "old.example.net", HostingStatus::Locked, "Perso", "2023-06-20T14:00:00Z"),
    ]
}

fn backup(id: &str, created: &str, size: u64, items: u32, status: BackupStatus) -> Backup {
    Backup { id: id.into(), size, created_at: Some(at(created)), status, total_items: items }
}

/// Backups out of order, as a server might send them; the dashboard sorts them.
pub fn backups() -> Vec<Backup> {
    vec![
        backup("b-old", "2026-11-28T03:12:00Z", 3 * GIB, 40, BackupStatus::Active),
        backup("b-new", "2026-12-01T03:12:00Z", 3_328_599_654, 42, BackupStatus::Active),
        backup("b-damaged", "2026-11-30T03:12:00Z", 3 * GIB, 41, BackupStatus::Damaged),
        backup("b-locked", "2026-11-29T03:12:00Z", 3 * GIB, 41, BackupStatus::Locked),
    ]
}

fn item(id: &str, item_type: ItemType, size: u64, status: BackupStatus) -> BackupItem {
    BackupItem { id: id.into(), name: id.into(), item_type, size, status, created_at: None }
}

pub fn item_groups() -> Vec<BackupItemGroup> {
    vec![
        BackupItemGroup {
            item_type: ItemType::Db,
            items: vec![
                item("wp_prod", ItemType::Db, 640 * MIB, BackupStatus::Active),
                item("wp_staging", ItemType::Db, 170 * MIB, BackupStatus::Active),
                item("wp_broken", ItemType::Db, 2 * MIB, BackupStatus::Damaged),
            ],
        },
        BackupItemGroup {
            item_type: ItemType::Mail,
            items: vec![
                item("anna@example.com", ItemType::Mail, 900 * MIB, BackupStatus::Active),
                item("bob@example.com", ItemType::Mail, 1200 * MIB, BackupStatus::Active),
            ],
        },
        BackupItemGroup {
            item_type: ItemType::Web,
            items: vec![item("public_html", ItemType::Web, 210 * MIB, BackupStatus::Active)],
        },
    ]
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn click(column: u16, row: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// Sends each message in turn and returns the commands of the last one.
pub fn send(state: &mut State, msgs: impl IntoIterator<Item = Msg>) -> Vec<Command> {
    msgs.into_iter().fold(Vec::new(), |_, msg| update(state, msg))
}

/// The generation a load command carries.
pub fn generation(commands: &[Command]) -> u64 {
    commands
        .iter()
        .find_map(|command| match command {
            Command::LoadHostings { generation }
            | Command::LoadBackups { generation, .. }
            | Command::LoadItems { generation, .. }
            | Command::LoadProgress { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("a load command")
}

/// The dashboard with the hostings list loaded.
pub fn with_hostings(width: u16, height: u16) -> State {
    let mut state = state(width, height);
    let commands = init(&mut state, None);
    let generation = generation(&commands);
    update(&mut state, Msg::HostingsLoaded { generation, result: Ok(hostings()) });
    state
}

/// The backups of `example.com`, loaded, and the poller's first list of its restores,
/// which names none, so no restore runs on it.
pub fn with_backups(width: u16, height: u16) -> State {
    let mut state = with_hostings(width, height);
    let commands = update(&mut state, key(KeyCode::Enter));
    let generation = generation(&commands);
    let msg = Msg::BackupsLoaded { hosting_id: "h-1".into(), generation, result: Ok(backups()) };
    update(&mut state, msg);
    update(&mut state, Msg::RecentRestores { hosting_id: "h-1".into(), progresses: Vec::new() });
    state
}

/// The item tree of the newest backup of `example.com`, loaded, groups collapsed.
pub fn with_items(width: u16, height: u16) -> State {
    let mut state = with_backups(width, height);
    let commands = update(&mut state, key(KeyCode::Enter));
    let generation = generation(&commands);
    update(&mut state, newest_items_loaded(generation, item_groups()));
    state
}

/// The answer to request `generation` for the items of `example.com`'s newest backup.
pub fn newest_items_loaded(generation: u64, groups: Vec<BackupItemGroup>) -> Msg {
    Msg::ItemsLoaded {
        hosting_id: "h-1".into(),
        backup_id: "b-new".into(),
        generation,
        result: Ok(groups),
    }
}

pub fn items_screen(state: &State) -> &whbackup::tui::state::ItemsScreen {
    match state.screen() {
        Some(Screen::Items(screen)) => screen,
        other => panic!("expected the item tree, got {other:?}"),
    }
}

pub fn backups_screen(state: &State) -> &whbackup::tui::state::BackupsScreen {
    match state.screen() {
        Some(Screen::Backups(screen)) => screen,
        other => panic!("expected the backups, got {other:?}"),
    }
}

pub fn sends(commands: &[Command]) -> usize {
    commands.iter().filter(|command| matches!(command, Command::SendRestore { .. })).count()
}

/// The request id of the one `SendRestore` among `commands`.
pub fn request_id(commands: &[Command]) -> u64 {
    commands
        .iter()
        .find_map(|command| match command {
            Command::SendRestore { request_id, .. } => Some(*request_id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no submit among {commands:?}"))
}

/// The poller's view of restore `progress_id` of `example.com`.
pub fn polled(progress_id: &str, status: ProgressStatus, percentage: u64) -> Msg {
    let progress = Progress { id: progress_id.into(), percentage, status, ..Progress::default() };
    Msg::RestoreProgress { hosting_id: "h-1".into(), progress: ProgressNews::Polled(progress) }
}

/// A restore of `example.com` as its list of recent restores names it.
pub fn listed(id: &str, count: u64, percentage: u64, status: ProgressStatus) -> ProgressSummary {
    ProgressSummary { id: id.into(), backup_items_count: count, percentage, status }
}

/// The poller's list of `example.com`'s recent restores.
pub fn recent(progresses: Vec<ProgressSummary>) -> Msg {
    Msg::RecentRestores { hosting_id: "h-1".into(), progresses }
}

/// The journal records among `commands`.
pub fn journal_events(commands: &[Command]) -> Vec<&Event> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::Journal(record) => Some(&record.event),
            _ => None,
        })
        .collect()
}

/// The alerts among `commands`.
pub fn alerts(commands: &[Command]) -> Vec<&String> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::Alert(text) => Some(text),
            _ => None,
        })
        .collect()
}

/// Ticks `wp_prod` and opens the restore dialog.
pub fn dialog_for_one_item() -> State {
    let mut state = with_items(80, 24);
    send(&mut state, [key(KeyCode::Enter), ch('j'), ch(' '), ch('r')]);
    assert!(state.dialog.is_some(), "notice: {:?}", state.notice);
    state
}
