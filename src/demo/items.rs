//! What a backup holds: the kinds of items, how many of each a hosting has, their names and
//! their sizes, all computed from an item's index alone.

use std::ops::Range;

use super::handpicked::HandPicked;
use super::ids::hash;
use super::tables::{
    CRON_LINES, DB_NAMES, FIRST_NAMES, FTP_ROLES, LAST_NAMES, MAIL_ROLES, WEB_FOLDERS, ZONE_TLDS,
};
use crate::api::ItemType;

/// The kinds of items, in the order their groups are listed. In data files they are named
/// as the API names them (`db_user`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Full,
    Web,
    Db,
    DbUser,
    Mail,
    FtpUser,
    DnsZone,
    CronJob,
    SslCertificate,
}

const KIND_COUNT: usize = 9;
const KIB: u64 = 1024;
const MIB_IN_KIB: u64 = 1024;
const GIB_IN_KIB: u64 = 1024 * 1024;

/// Sub-domains certificates are issued for, after the main domain.
const CERT_PREFIXES: &[&str] = &["www", "mail", "shop", "blog"];

/// Salt of the random stream that picks item sizes.
const SIZE_STREAM: u64 = 0x5153;

impl ItemKind {
    pub const ALL: [Self; KIND_COUNT] = [
        Self::Full,
        Self::Web,
        Self::Db,
        Self::DbUser,
        Self::Mail,
        Self::FtpUser,
        Self::DnsZone,
        Self::CronJob,
        Self::SslCertificate,
    ];

    /// The type as the API names it.
    pub fn wire(self) -> ItemType {
        match self {
            Self::Full => ItemType::Full,
            Self::Web => ItemType::Web,
            Self::Db => ItemType::Db,
            Self::DbUser => ItemType::DbUser,
            Self::Mail => ItemType::Mail,
            Self::FtpUser => ItemType::FtpUser,
            Self::DnsZone => ItemType::DnsZone,
            Self::CronJob => ItemType::CronJob,
            Self::SslCertificate => ItemType::SslCertificate,
        }
    }

    fn position(self) -> usize {
        Self::ALL.iter().position(|&kind| kind == self).unwrap_or_default()
    }

    /// Share (in percent) of a scaled item list given to this kind; `full` is always one.
    fn scaled_share_percent(self) -> u32 {
        match self {
            Self::Full => 0,
            Self::Mail => 50,
            Self::SslCertificate => 10,
            Self::Db | Self::DbUser | Self::DnsZone | Self::CronJob => 8,
            Self::FtpUser => 6,
            Self::Web => 2,
        }
    }

    /// The smallest and largest size an item of this kind gets, in KiB.
    fn size_range_kib(self) -> (u64, u64) {
        match self {
            Self::Full => (0, 0),
            Self::Web => (20 * MIB_IN_KIB, 3 * GIB_IN_KIB),
            Self::Db => (512, 900 * MIB_IN_KIB),
            Self::Mail => (64, 2 * GIB_IN_KIB),
            Self::DbUser | Self::FtpUser | Self::CronJob => (1, 4),
            Self::DnsZone => (2, 12),
            Self::SslCertificate => (4, 8),
        }
    }
}

/// How many items of each kind one hosting's backups hold; items are numbered kind after
/// kind in [`ItemKind::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLayout {
    counts: [u32; KIND_COUNT],
}

impl ItemLayout {
    /// A layout with one `full` item and the given counts for the other kinds.
    pub fn with_counts(counts: impl Fn(ItemKind) -> u32) -> Self {
        let mut layout = Self { counts: [0; KIND_COUNT] };
        for kind in ItemKind::ALL {
            layout.counts[kind.position()] = if kind == ItemKind::Full { 1 } else { counts(kind) };
        }
        layout
    }

    /// `total` items (at least one, the `full` item), spread over the kinds by fixed shares.
    pub fn scaled(total: u32) -> Self {
        let rest = total.saturating_sub(1);
        let share = |kind: ItemKind| rest * kind.scaled_share_percent() / 100;
        let mut layout = Self::with_counts(share);
        let given: u32 = layout.counts.iter().sum();
        layout.counts[ItemKind::Mail.position()] += total.max(1) - given;
        layout
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    pub fn count(&self, kind: ItemKind) -> u32 {
        self.counts[kind.position()]
    }

    /// The item indices of each kind that has any, in group order.
    pub fn groups(&self) -> impl Iterator<Item = (ItemKind, Range<u32>)> + '_ {
        let mut start = 0;
        ItemKind::ALL.into_iter().filter_map(move |kind| {
            let range = start..start + self.count(kind);
            start = range.end;
            (!range.is_empty()).then_some((kind, range))
        })
    }

    /// The kind of item `index` and its rank among the items of that kind.
    pub fn locate(&self, index: u32) -> Option<(ItemKind, u32)> {
        self.groups()
            .find(|(_, range)| range.contains(&index))
            .map(|(kind, range)| (kind, index - range.start))
    }
}

/// Names the items of one hosting.
#[derive(Debug, Clone, Copy)]
pub struct ItemNamer<'a> {
    /// The custom domain, or the subdomain when there is none.
    pub domain: &'a str,
    /// The hosting's system user, used in paths.
    pub account: &'a str,
    pub hand_picked: Option<&'static HandPicked>,
}

impl ItemNamer<'_> {
    /// The name of the `rank`-th item of `kind`.
    pub fn name(&self, kind: ItemKind, rank: u32) -> String {
        let listed = self.hand_picked.map(|hand| hand.names(kind)).unwrap_or_default();
        if let Some(name) = usize::try_from(rank).ok().and_then(|rank| listed.get(rank)) {
            return name.clone();
        }
        self.generated_name(kind, rank as usize)
    }

    fn generated_name(&self, kind: ItemKind, rank: usize) -> String {
        let (domain, account) = (self.domain, self.account);
        match kind {
            ItemKind::Full => format!("Full backup of {domain}"),
            ItemKind::Web => cycled(WEB_FOLDERS, rank, |folder, round| format!("{folder}{round}")),
            ItemKind::Mail => self.mailbox(rank),
            ItemKind::Db => cycled(DB_NAMES, rank, |name, round| format!("{name}{round}")),
            ItemKind::DbUser => cycled(DB_NAMES, rank, |name, round| format!("{name}{round}_rw")),
            ItemKind::FtpUser if rank == 0 => account.to_owned(),
            ItemKind::FtpUser => {
                cycled(FTP_ROLES, rank - 1, |role, round| format!("{role}{round}@{domain}"))
            }
            ItemKind::DnsZone | ItemKind::SslCertificate if rank == 0 => domain.to_owned(),
            ItemKind::DnsZone => {
                let label = domain.split('.').next().unwrap_or(domain);
                cycled(ZONE_TLDS, rank - 1, |tld, round| format!("{label}{round}.{tld}"))
            }
            ItemKind::CronJob => cycled(CRON_LINES, rank, |line, round| {
                let line = line.replace("{account}", account);
                if round.is_empty() { line } else { format!("{line} --batch {round}") }
            }),
            ItemKind::SslCertificate => {
                cycled(CERT_PREFIXES, rank - 1, |sub, round| format!("{sub}{round}.{domain}"))
            }
        }
    }

    /// Role mailboxes first, then `first.last`, then numbered when the names run out.
    fn mailbox(&self, rank: usize) -> String {
        let domain = self.domain;
        if let Some(role) = MAIL_ROLES.get(rank) {
            return format!("{role}@{domain}");
        }
        let person = rank - MAIL_ROLES.len();
        let first = FIRST_NAMES[person % FIRST_NAMES.len()];
        let last_index = person / FIRST_NAMES.len();
        cycled(LAST_NAMES, last_index, |last, round| format!("{first}.{last}{round}@{domain}"))
    }
}

/// Picks `list[rank]` cycling round the list; `round` is empty on the first pass and the pass
/// number after, so names stay unique.
fn cycled(list: &[&str], rank: usize, make: impl Fn(&str, &str) -> String) -> String {
    let round = rank / list.len();
    let suffix = if round == 0 { String::new() } else { (round + 1).to_string() };
    make(list[rank % list.len()], &suffix)
}

/// The size of an item in KiB of its hosting's newest backup; older backups scale it down.
/// It depends on the hosting and the item, not the backup, so a hosting's total is
/// computed once whatever the number of backups.
pub fn base_size_kib(seed: u64, hosting: u32, kind: ItemKind, rank: u32) -> u64 {
    let (low, high) = kind.size_range_kib();
    if high == 0 {
        return 0;
    }
    // One hash instead of a seeded generator: this runs once per item of lists of hundreds
    // of thousands. Most mailboxes and databases are small and a few are huge, so the order
    // of magnitude is drawn uniformly, then a value inside it.
    let roll = hash(&[seed, SIZE_STREAM, u64::from(hosting), kind as u64, u64::from(rank)]);
    let (low_magnitude, high_magnitude) = (low.ilog2(), high.ilog2());
    let magnitude = low_magnitude + (roll >> 32) as u32 % (high_magnitude - low_magnitude + 1);
    let floor = (1u64 << magnitude).max(low);
    let ceiling = (floor * 2).min(high).max(floor);
    floor + (roll & 0xFFFF_FFFF) % (ceiling - floor + 1)
}

/// Bytes in one KiB of item for a backup `age_days` old: older backups are slightly smaller,
/// as sites grow. Sizes stay exact integers, so a backup's size is the sum of its items.
pub fn bytes_per_kib(age_days: u64) -> u64 {
    /// Older backups shrink no further than this many bytes per KiB.
    const MAX_SHRINK_BYTES: u64 = 200;
    KIB - age_days.min(MAX_SHRINK_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_layout_keeps_the_total_and_one_full_item() {
        for total in [1, 9, 10, 200_000] {
            let layout = ItemLayout::scaled(total);
            assert_eq!(layout.total(), total);
            assert_eq!(layout.count(ItemKind::Full), 1);
        }
        assert!(ItemLayout::scaled(200_000).count(ItemKind::Mail) > 90_000);
    }

    #[test]
    fn locate_walks_the_groups_in_order() {
        let layout = ItemLayout::with_counts(|kind| if kind == ItemKind::Mail { 3 } else { 0 });
        assert_eq!(layout.locate(0), Some((ItemKind::Full, 0)));
        assert_eq!(layout.locate(3), Some((ItemKind::Mail, 2)));
        assert_eq!(layout.locate(4), None);
    }

    #[test]
    fn generated_names_stay_unique() {
        let namer = ItemNamer { domain: "example.fr", account: "example", hand_picked: None };
        for kind in ItemKind::ALL.into_iter().skip(1) {
            let unique: std::collections::HashSet<String> =
                (0..500).map(|rank| namer.name(kind, rank)).collect();
            assert_eq!(unique.len(), 500, "{kind:?}");
        }
        assert_eq!(namer.name(ItemKind::Mail, 0), "contact@example.fr");
    }

    #[test]
    fn sizes_stay_in_range_and_repeat() {
        for rank in 0..200 {
            let size = base_size_kib(3, 1, ItemKind::Db, rank);
            assert!((512..=900 * MIB_IN_KIB).contains(&size), "{size}");
            assert_eq!(size, base_size_kib(3, 1, ItemKind::Db, rank));
        }
    }
}
