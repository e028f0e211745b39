//! The generated data of one seed: hostings, their backups and the items in them.
//!
//! Nothing is built up front. Every hosting, backup and item is computed from the seed and its
//! indices when asked for, and every id decodes back to those indices, so a page of a huge
//! list costs what the page holds. The one cache is each hosting's total item size, which a
//! backup's size needs and which would otherwise cost the whole item list.

use std::collections::HashMap;
use std::io;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};
use rand::Rng as _;

use super::DemoConfig;
use super::handpicked::HAND_PICKED;
use super::hostings::{HostingSpec, NATURAL_BACKUPS};
use super::ids::{
    BACKUP_BITS, ITEM_BITS, IdCodec, IdKind, MAX_BACKUPS, MAX_HOSTINGS, MAX_ITEMS, hash,
    pack_hosting, rng_for,
};
use super::items::{ItemKind, ItemLayout, base_size_kib, bytes_per_kib};
use crate::api::{Backup, BackupItem, BackupStatus};

/// Backups taken daily before the weekly ones start.
const DAILY_BACKUPS: u32 = 3;
const DAYS_PER_WEEK: u64 = 7;
const SECONDS_PER_DAY: i64 = 24 * 3600;
/// Backups start at this hour (UTC) and take up to an hour.
const BACKUP_HOUR_SECONDS: i64 = 3 * 3600;
const BACKUP_WINDOW_SECONDS: i64 = 3600;
/// Items of one backup are written this many seconds apart, kind after kind.
const ITEM_KIND_SPACING_SECONDS: i64 = 7;
const PER_MILLE: u64 = 1000;
/// Out of 1000 backups of generated hostings: how many are damaged, locked, disabled.
const DAMAGED_PER_MILLE: u64 = 20;
const LOCKED_PER_MILLE: u64 = 10;
const DISABLED_PER_MILLE: u64 = 10;
/// One item in this many of a damaged backup is damaged (besides its `full` item).
const DAMAGED_ITEM_ONE_IN: u64 = 3;
const BACKUP_STREAM: u64 = 0x4241;
const ITEM_STREAM: u64 = 0x4954;

/// One backup, before any running restore marks it `restoring`.
#[derive(Debug, Clone)]
pub struct BackupSpec {
    pub hosting: u32,
    pub index: u32,
    pub id: String,
    pub created_at: Timestamp,
    pub status: BackupStatus,
    pub age_days: u64,
}

/// One item of a backup, before any running restore marks it `restoring`.
#[derive(Debug, Clone)]
pub struct ItemSpec {
    pub index: u32,
    pub kind: ItemKind,
    pub rank: u32,
    pub status: BackupStatus,
}

/// The data of one seed.
#[derive(Debug)]
pub struct Dataset {
    pub seed: u64,
    pub codec: IdCodec,
    hosting_count: u32,
    backups_per_hosting: Option<u32>,
    items_per_backup: Option<u32>,
    /// The start of today's backup window; older backups are whole days before it.
    newest_slot: Timestamp,
    size_sums_kib: Mutex<HashMap<u32, u64>>,
}

impl Dataset {
    /// The data `config` asks for, dated back from `now`.
    pub fn new(config: &DemoConfig, now: Timestamp) -> io::Result<Self> {
        let hosting_count = config.hostings.max(HAND_PICKED.len());
        let hosting_count = within(hosting_count, MAX_HOSTINGS, "hostings")?;
        let backups = within(config.backups, MAX_BACKUPS, "backups per hosting")?;
        let items = within(config.items, MAX_ITEMS, "items per backup")?;
        Ok(Self {
            seed: config.seed,
            codec: IdCodec::new(config.seed),
            hosting_count,
            backups_per_hosting: (backups > 0).then_some(backups),
            items_per_backup: (items > 0).then_some(items),
            newest_slot: newest_backup_slot(now),
            size_sums_kib: Mutex::new(HashMap::new()),
        })
    }

    pub fn hosting_count(&self) -> u32 {
        self.hosting_count
    }

    pub fn hosting(&self, index: u32) -> HostingSpec {
        HostingSpec::generate(self.seed, index)
    }

    pub fn find_hosting(&self, id: &str) -> Option<HostingSpec> {
        let index = u32::try_from(self.codec.decode(IdKind::Hosting, id)?).ok()?;
        (index < self.hosting_count).then(|| self.hosting(index))
    }

    pub fn backup_count(&self, hosting: &HostingSpec) -> u32 {
        match (hosting.has_backups, self.backups_per_hosting) {
            (false, _) => 0,
            (true, Some(count)) => count,
            (true, None) => NATURAL_BACKUPS,
        }
    }

    /// Backup `index` of `hosting`, 0 being the newest.
    pub fn backup(&self, hosting: &HostingSpec, index: u32) -> BackupSpec {
        let mut rng = rng_for(&[self.seed, BACKUP_STREAM, u64::from(hosting.index), index.into()]);
        let age_days = backup_age_days(index);
        let offset = SignedDuration::from_secs(rng.random_range(0..BACKUP_WINDOW_SECONDS))
            + SignedDuration::from_micros(rng.random_range(0..1_000_000));
        let age = SignedDuration::from_secs(
            i64::try_from(age_days).unwrap_or(i64::MAX) * SECONDS_PER_DAY,
        );
        let payload = pack_item(hosting.index, index, 0);
        BackupSpec {
            hosting: hosting.index,
            index,
            id: self.codec.encode(IdKind::Backup, payload),
            created_at: self.newest_slot - age + offset,
            status: backup_status(hosting, index, rng.random_range(0..PER_MILLE)),
            age_days,
        }
    }

    /// The backup `id` names, if it is one of `hosting`'s.
    pub fn find_backup(&self, hosting: &HostingSpec, id: &str) -> Option<BackupSpec> {
        let payload = self.codec.decode(IdKind::Backup, id)?;
        let (owner, backup, _) = unpack_item(payload);
        (owner == hosting.index && backup < self.backup_count(hosting))
            .then(|| self.backup(hosting, backup))
    }

    /// How many items of each kind every backup of `hosting` holds.
    pub fn layout(&self, hosting: &HostingSpec) -> ItemLayout {
        self.items_per_backup.map_or_else(|| hosting.natural_layout.clone(), ItemLayout::scaled)
    }

    /// Item `index` of `backup`, located in `layout` (which the caller computes once).
    pub fn item(&self, layout: &ItemLayout, backup: &BackupSpec, index: u32) -> Option<ItemSpec> {
        let (kind, rank) = layout.locate(index)?;
        let status = match &backup.status {
            BackupStatus::Damaged if kind == ItemKind::Full => BackupStatus::Damaged,
            BackupStatus::Damaged => {
                let roll = hash(&[
                    self.seed,
                    ITEM_STREAM,
                    backup.hosting.into(),
                    backup.index.into(),
                    index.into(),
                ]);
                if roll.is_multiple_of(DAMAGED_ITEM_ONE_IN) {
                    BackupStatus::Damaged
                } else {
                    BackupStatus::Active
                }
            }
            other => other.clone(),
        };
        Some(ItemSpec { index, kind, rank, status })
    }

    pub fn item_id(&self, backup: &BackupSpec, index: u32) -> String {
        self.codec.encode(IdKind::Item, pack_item(backup.hosting, backup.index, index))
    }

    /// The backup and item `id` names, if it is an item of one of `hosting`'s backups.
    pub fn find_item(
        &self,
        hosting: &HostingSpec,
        layout: &ItemLayout,
        id: &str,
    ) -> Option<(BackupSpec, ItemSpec)> {
        let (owner, backup, item) = unpack_item(self.codec.decode(IdKind::Item, id)?);
        if owner != hosting.index || backup >= self.backup_count(hosting) {
            return None;
        }
        let backup = self.backup(hosting, backup);
        let item = self.item(layout, &backup, item)?;
        Some((backup, item))
    }

    /// The sum of `hosting`'s item sizes in KiB, before a backup's age scales it.
    fn size_sum_kib(&self, hosting: &HostingSpec, layout: &ItemLayout) -> u64 {
        let mut sums = self.size_sums_kib.lock().expect("the size cache is never poisoned");
        *sums.entry(hosting.index).or_insert_with(|| {
            layout
                .groups()
                .flat_map(|(kind, range)| {
                    (0..range.end - range.start).map(move |rank| (kind, rank))
                })
                .map(|(kind, rank)| base_size_kib(self.seed, hosting.index, kind, rank))
                .sum()
        })
    }

    /// The backup as the API shows it; `restoring` when a running restore involves it.
    pub fn backup_wire(
        &self,
        hosting: &HostingSpec,
        backup: &BackupSpec,
        restoring: bool,
    ) -> Backup {
        let layout = self.layout(hosting);
        Backup {
            id: backup.id.clone(),
            size: self.size_sum_kib(hosting, &layout) * bytes_per_kib(backup.age_days),
            created_at: Some(backup.created_at),
            status: if restoring { BackupStatus::Restoring } else { backup.status.clone() },
            total_items: layout.total(),
        }
    }

    /// The item as the API shows it; `restoring` when a running restore involves it.
    pub fn item_wire(
        &self,
        hosting: &HostingSpec,
        layout: &ItemLayout,
        backup: &BackupSpec,
        item: &ItemSpec,
        restoring: bool,
    ) -> BackupItem {
        let size_kib = match item.kind {
            ItemKind::Full => self.size_sum_kib(hosting, layout),
            kind => base_size_kib(self.seed, hosting.index, kind, item.rank),
        };
        let kind_position =
            ItemKind::ALL.iter().position(|&kind| kind == item.kind).unwrap_or_default();
        let written = SignedDuration::from_secs(
            ITEM_KIND_SPACING_SECONDS * i64::try_from(kind_position).unwrap_or_default(),
        );
        BackupItem {
            id: self.item_id(backup, item.index),
            name: hosting.namer().name(item.kind, item.rank),
            item_type: item.kind.wire(),
            size: size_kib * bytes_per_kib(backup.age_days),
            status: if restoring { BackupStatus::Restoring } else { item.status.clone() },
            created_at: Some(backup.created_at + written),
        }
    }
}

/// The status a backup is generated with: fixed for hand-picked hostings, mostly `active`
/// for the others.
fn backup_status(hosting: &HostingSpec, index: u32, roll_per_mille: u64) -> BackupStatus {
    if let Some(hand) = hosting.hand_picked {
        let special = hand.backup_statuses.iter().find(|special| special.backup == index);
        return special
            .map_or(BackupStatus::Active, |special| BackupStatus::from_wire(&special.status));
    }
    // The newest backup of a generated hosting is always usable, so a demo restore works.
    if index == 0 {
        return BackupStatus::Active;
    }
    let thresholds = [
        (DAMAGED_PER_MILLE, BackupStatus::Damaged),
        (DAMAGED_PER_MILLE + LOCKED_PER_MILLE, BackupStatus::Locked),
        (DAMAGED_PER_MILLE + LOCKED_PER_MILLE + DISABLED_PER_MILLE, BackupStatus::Disabled),
    ];
    thresholds
        .into_iter()
        .find(|(threshold, _)| roll_per_mille < *threshold)
        .map_or(BackupStatus::Active, |(_, status)| status)
}

/// Packs the indices of an item; a backup id packs its indices with item 0.
fn pack_item(hosting: u32, backup: u32, item: u32) -> u64 {
    let rest = (u64::from(backup) << ITEM_BITS) | u64::from(item);
    pack_hosting(hosting, rest, BACKUP_BITS + ITEM_BITS)
}

/// The hosting, backup and item indices packed in an item or backup id.
fn unpack_item(payload: u64) -> (u32, u32, u32) {
    let item = payload & ((1 << ITEM_BITS) - 1);
    let backup = (payload >> ITEM_BITS) & ((1 << BACKUP_BITS) - 1);
    let hosting = payload >> (ITEM_BITS + BACKUP_BITS);
    let narrow = |value: u64| u32::try_from(value).unwrap_or(u32::MAX);
    (narrow(hosting), narrow(backup), narrow(item))
}

/// Days between the newest backup and backup `index`: daily ones first, then weekly.
fn backup_age_days(index: u32) -> u64 {
    if index < DAILY_BACKUPS {
        u64::from(index)
    } else {
        u64::from(index - DAILY_BACKUPS + 1) * DAYS_PER_WEEK
    }
}

/// The start of the newest backup window that has fully passed by `now`. Two servers started
/// the same day agree on it, which keeps the data of a seed the same.
fn newest_backup_slot(now: Timestamp) -> Timestamp {
    let window_end = BACKUP_HOUR_SECONDS + BACKUP_WINDOW_SECONDS;
    let day = (now.as_second() - window_end).div_euclid(SECONDS_PER_DAY);
    Timestamp::from_second(day * SECONDS_PER_DAY + BACKUP_HOUR_SECONDS).unwrap_or(now)
}

fn within(value: usize, max: usize, what: &str) -> io::Result<u32> {
    if value > max {
        let message = format!("the demo serves at most {max} {what}, not {value}; ask for fewer");
        return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    }
    Ok(u32::try_from(value).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_indices_unpack() {
        let packed = pack_item(1_234, 499, 199_999);
        assert_eq!(unpack_item(packed), (1_234, 499, 199_999));
    }

    #[test]
    fn backup_and_item_ids_lead_back_to_their_indices() {
        let config = DemoConfig { backups: 40, items: 300, ..DemoConfig::default() };
        let dataset = Dataset::new(&config, Timestamp::now()).unwrap();
        let hosting = dataset.hosting(3);
        let layout = dataset.layout(&hosting);
        let backup = dataset.backup(&hosting, 31);
        assert_eq!(dataset.find_backup(&hosting, &backup.id).unwrap().index, 31);
        let id = dataset.item_id(&backup, 250);
        let (found_backup, item) = dataset.find_item(&hosting, &layout, &id).unwrap();
        assert_eq!((found_backup.index, item.index), (31, 250));
        assert!(dataset.find_backup(&dataset.hosting(4), &backup.id).is_none());
    }
}
