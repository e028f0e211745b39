//! The dashboard as the benchmark drives it: made-up items in the demo server's proportions,
//! a state brought to an open item tree by the messages the UI loop would send, and helpers
//! that move the cursor and read what a frame shows.

use anyhow::{Context as _, Result, ensure};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use whbackup::api::{
    Backup, BackupItem, BackupItemGroup, BackupStatus, Hosting, HostingStatus, ItemType,
};
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::state::{ItemsScreen, Screen, Settings, State};
use whbackup::tui::tree::{ItemTree, Row};
use whbackup::tui::update::{init, update};

const KIB: u64 = 1024;

pub const HOSTING_ID: &str = "h-bench";
pub const BACKUP_ID: &str = "b-bench";
pub const NOW: &str = "2026-12-01T12:00:00Z";
pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 40;

/// Items of each type, in group order, at demo size: 37 in all.
pub const DEMO_COUNTS: [(ItemType, usize); 9] = [
    (ItemType::Full, 1),
    (ItemType::Web, 2),
    (ItemType::Db, 4),
    (ItemType::DbUser, 4),
    (ItemType::Mail, 14),
    (ItemType::FtpUser, 3),
    (ItemType::DnsZone, 3),
    (ItemType::CronJob, 3),
    (ItemType::SslCertificate, 3),
];
pub const DEMO_ITEMS: usize = 37;
/// Items of each type at scale: 200,000 in all, half of them mailboxes.
pub const SCALE_COUNTS: [(ItemType, usize); 9] = [
    (ItemType::Full, 1),
    (ItemType::Web, 3_999),
    (ItemType::Db, 16_000),
    (ItemType::DbUser, 16_000),
    (ItemType::Mail, 100_000),
    (ItemType::FtpUser, 12_000),
    (ItemType::DnsZone, 16_000),
    (ItemType::CronJob, 16_000),
    (ItemType::SslCertificate, 20_000),
];
pub const SCALE_ITEMS: usize = 200_000;
/// Where the mail group sits among the group rows, all groups collapsed.
pub const MAIL_GROUP_ROW: usize = 4;
pub const MAIL_ITEMS_AT_SCALE: u64 = 100_000;

/// The name of the `rank`th item of a type: numbered, so a digit filter narrows every group.
pub fn item_name(item_type: &ItemType, rank: usize) -> String {
    match item_type {
        ItemType::Full => "Full backup".to_owned(),
        ItemType::Web => format!("public_html/site{rank}"),
        ItemType::Db => format!("wp_prod_{rank}"),
        ItemType::DbUser => format!("wp_user_{rank}"),
        ItemType::Mail => format!("Anna.Martin{rank}@example.com"),
        ItemType::FtpUser => format!("deploy{rank}"),
        ItemType::DnsZone => format!("zone{rank}.example.org"),
        ItemType::CronJob => format!("/usr/bin/php cron{rank}.php"),
        _ => format!("www{rank}.example.com"),
    }
}

/// The item groups of one backup, `counts` items of each type, every item active.
pub fn item_groups(counts: &[(ItemType, usize)]) -> Vec<BackupItemGroup> {
    let created_at = Some(at(NOW));
    let mut next_id = 0_u64;
    let mut groups = Vec::with_capacity(counts.len());
    for (item_type, count) in counts {
        let items = (0..*count)
            .map(|rank| {
                next_id += 1;
                BackupItem {
                    id: format!("0b5e0000-0000-4000-8000-{next_id:012x}"),
                    name: item_name(item_type, rank),
                    item_type: item_type.clone(),
                    size: (next_id % 4_096 + 1) * KIB,
                    status: BackupStatus::Active,
                    created_at,
                }
            })
            .collect();
        groups.push(BackupItemGroup { item_type: item_type.clone(), items });
    }
    groups
}

/// How many rows the tree shows under `filter`, counted here without the tree: a group row
/// for each group with a match and a row for each matching item. The filter must not match
/// a type's label or wire name.
pub fn filtered_rows(groups: &[BackupItemGroup], filter: &str) -> usize {
    groups
        .iter()
        .map(|group| group.items.iter().filter(|item| item.name.contains(filter)).count())
        .filter(|&matching| matching > 0)
        .map(|matching| matching + 1)
        .sum()
}

pub fn at(text: &str) -> Timestamp {
    text.parse().expect("a valid timestamp")
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

pub fn press(state: &mut State, code: KeyCode, times: usize) {
    for _ in 0..times {
        update(state, key(code));
    }
}

/// The generation of the load command among `commands`.
pub fn load_generation(commands: &[Command]) -> Result<u64> {
    commands
        .iter()
        .find_map(|command| match command {
            Command::LoadHostings { generation }
            | Command::LoadBackups { generation, .. }
            | Command::LoadItems { generation, .. } => Some(*generation),
            _ => None,
        })
        .context("update asked for no load")
}

/// A dashboard at 120x40 with one hosting and one backup loaded, and the backup's items
/// asked for: the returned generation is the one `Msg::ItemsLoaded` must carry.
pub fn items_requested() -> Result<(State, u64)> {
    let mut state = State::new(Settings {
        region: "fr-par".into(),
        profile: "bench".into(),
        read_only: false,
        color: true,
        now: at(NOW),
        tz: TimeZone::UTC,
        area: Rect::new(0, 0, WIDTH, HEIGHT),
    });
    let generation = load_generation(&init(&mut state, None))?;
    let hosting = Hosting {
        id: HOSTING_ID.into(),
        domain: "example.com".into(),
        status: HostingStatus::Ready,
        ..Hosting::default()
    };
    update(&mut state, Msg::HostingsLoaded { generation, result: Ok(vec![hosting]) });
    let generation = load_generation(&update(&mut state, key(KeyCode::Enter)))?;
    let backup = Backup {
        id: BACKUP_ID.into(),
        size: 3 * KIB * KIB * KIB,
        created_at: Some(at(NOW)),
        status: BackupStatus::Active,
        total_items: 0,
    };
    let loaded =
        Msg::BackupsLoaded { hosting_id: HOSTING_ID.into(), generation, result: Ok(vec![backup]) };
    update(&mut state, loaded);
    let generation = load_generation(&update(&mut state, key(KeyCode::Enter)))?;
    Ok((state, generation))
}

pub fn items_loaded(generation: u64, groups: Vec<BackupItemGroup>) -> Msg {
    Msg::ItemsLoaded {
        hosting_id: HOSTING_ID.into(),
        backup_id: BACKUP_ID.into(),
        generation,
        result: Ok(groups),
    }
}

/// A dashboard with the tree of `groups` open, all groups collapsed.
pub fn with_tree(groups: Vec<BackupItemGroup>) -> Result<State> {
    let (mut state, generation) = items_requested()?;
    update(&mut state, items_loaded(generation, groups));
    Ok(state)
}

pub fn items_screen(state: &State) -> Result<&ItemsScreen> {
    match state.screen() {
        Some(Screen::Items(screen)) => Ok(screen),
        _ => anyhow::bail!("the item tree is not on screen"),
    }
}

pub fn tree(state: &State) -> Result<&ItemTree> {
    items_screen(state)?.load.loaded().context("the item tree is not loaded")
}

/// Puts the cursor on the mail group's row, all groups collapsed.
pub fn cursor_on_mail_group(state: &mut State) -> Result<()> {
    press(state, KeyCode::Home, 1);
    press(state, KeyCode::Down, MAIL_GROUP_ROW);
    let screen = items_screen(state)?;
    let tree = tree(state)?;
    let row = tree.rows().get(screen.cursor.selected).copied();
    let is_mail = |row| matches!(row, Row::Group(g) if tree.group(g).item_type == ItemType::Mail);
    ensure!(row.is_some_and(is_mail), "the cursor is not on the mail group");
    Ok(())
}

/// Opens the mail group and puts the cursor `from_end` rows above the last row.
pub fn open_mail_group(state: &mut State, from_end: usize) -> Result<()> {
    cursor_on_mail_group(state)?;
    press(state, KeyCode::Enter, 1);
    press(state, KeyCode::End, 1);
    press(state, KeyCode::Up, from_end);
    Ok(())
}

/// The name of the item under the cursor.
pub fn selected_name(state: &State) -> Result<String> {
    let screen = items_screen(state)?;
    let tree = tree(state)?;
    match tree.rows().get(screen.cursor.selected) {
        Some(&Row::Item(item)) => Ok(tree.item(item).name.clone()),
        _ => anyhow::bail!("the cursor is not on an item"),
    }
}

pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}
