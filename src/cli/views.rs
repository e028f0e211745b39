//! The text the script commands print for each kind of object, as aligned tables.

use std::cmp::Reverse;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::api::{Backup, BackupItemGroup, Hosting, Progress, ProgressSummary};
use crate::format;
use crate::table::{Align, Table};

/// What a cell shows when the API sent no value.
const NO_VALUE: &str = "-";

/// The moment and the time zone dates are shown against; tests pass their own.
#[derive(Debug, Clone)]
pub struct Clock {
    pub now: Timestamp,
    pub zone: TimeZone,
}

impl Clock {
    /// The system's clock and time zone.
    pub fn system() -> Self {
        Self { now: Timestamp::now(), zone: TimeZone::system() }
    }

    /// The system's clock in UTC, when its time zone cannot be found.
    pub fn utc() -> Self {
        Self { now: Timestamp::now(), zone: TimeZone::UTC }
    }

    fn date(&self, at: Option<Timestamp>) -> String {
        at.map_or_else(|| NO_VALUE.to_owned(), |at| format::time_in(at, &self.zone))
    }

    fn age(&self, at: Option<Timestamp>) -> String {
        at.map_or_else(|| NO_VALUE.to_owned(), |at| format::relative_age(at, self.now))
    }
}

/// One line per hosting.
pub fn hostings(hostings: &[Hosting], clock: &Clock) -> String {
    let mut table = Table::new(&[
        ("id", Align::Left),
        ("domain", Align::Left),
        ("status", Align::Left),
        ("offer", Align::Left),
        ("created", Align::Left),
    ]);
    for hosting in hostings {
        table.push(vec![
            hosting.id.clone(),
            hosting.display_domain().to_owned(),
            hosting.status.to_string(),
            or_dash(hosting.offer_label()),
            clock.date(hosting.created_at),
        ]);
    }
    table.to_string()
}

/// One line per backup, newest first.
pub fn backups(backups: &[Backup], clock: &Clock) -> String {
    let mut sorted: Vec<&Backup> = backups.iter().collect();
    sorted.sort_by_key(|backup| Reverse(backup.created_at));
    let mut table = Table::new(&[
        ("id", Align::Left),
        ("created", Align::Left),
        ("age", Align::Left),
        ("size", Align::Right),
        ("items", Align::Right),
        ("status", Align::Left),
    ]);
    for backup in sorted {
        table.push(vec![
            backup.id.clone(),
            clock.date(backup.created_at),
            clock.age(backup.created_at),
            format::iec_size(backup.size),
            backup.total_items.to_string(),
            backup.status.to_string(),
        ]);
    }
    table.to_string()
}

/// One line per item, the items of a type together, in the order the API gave.
pub fn items(groups: &[BackupItemGroup]) -> String {
    let mut table = Table::new(&[
        ("type", Align::Left),
        ("name", Align::Left),
        ("size", Align::Right),
        ("status", Align::Left),
        ("id", Align::Left),
    ]);
    for group in groups {
        for item in &group.items {
            table.push(vec![
                group.item_type.to_string(),
                or_dash(&item.name),
                format::iec_size(item.size),
                item.status.to_string(),
                item.id.clone(),
            ]);
        }
    }
    table.to_string()
}

/// One line per restore.
pub fn progresses(progresses: &[ProgressSummary]) -> String {
    let mut table = Table::new(&[
        ("id", Align::Left),
        ("items", Align::Right),
        ("percentage", Align::Right),
        ("status", Align::Left),
    ]);
    for progress in progresses {
        table.push(vec![
            progress.id.clone(),
            progress.backup_items_count.to_string(),
            percent(progress.percentage),
            progress.status.to_string(),
        ]);
    }
    table.to_string()
}

/// One restore: its fields, a blank line, then its items as `items` shows them.
pub fn progress(progress: &Progress) -> String {
    let summary = progress.summary();
    let fields = [
        ("ID", summary.id),
        ("STATUS", summary.status.to_string()),
        ("PERCENTAGE", percent(summary.percentage)),
        ("ITEMS", summary.backup_items_count.to_string()),
    ];
    let label_width = fields.iter().map(|(label, _)| label.len()).max().unwrap_or_default();
    let mut text = String::new();
    for (label, value) in fields {
        // Writing to a String cannot fail.
        let _ = writeln!(text, "{label:<label_width$}  {value}");
    }
    text.push('\n');
    text.push_str(&items(&progress.backup_item_groups));
    text
}

fn percent(percentage: u64) -> String {
    format!("{percentage}%")
}

fn or_dash(text: &str) -> String {
    if text.is_empty() { NO_VALUE.to_owned() } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BackupItem, BackupStatus, HostingStatus, ItemType, ProgressStatus};

    const MIB: u64 = 1024 * 1024;

    fn clock() -> Clock {
        Clock { now: at("2026-12-03T12:00:00Z"), zone: TimeZone::UTC }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn item(id: &str, name: &str, size: u64) -> BackupItem {
        let status = BackupStatus::Active;
        BackupItem { id: id.into(), name: name.into(), size, status, ..BackupItem::default() }
    }

    #[test]
    fn hostings_show_domain_status_offer_and_date() {
        let hosting = Hosting {
            id: "h-1".into(),
            domain: "example.com".into(),
            status: HostingStatus::Other("frozen".into()),
            offer_name: "Performance".into(),
            created_at: Some(at("2025-03-04T05:06:07Z")),
            ..Hosting::default()
        };
        let bare = Hosting { id: "h-2".into(), ..Hosting::default() };
        let expected = "\
ID   DOMAIN       STATUS          OFFER        CREATED
h-1  example.com  frozen          Performance  2025-03-04 05:06
h-2  h-2          unknown_status  -            -
";
        assert_eq!(hostings(&[hosting, bare], &clock()), expected);
    }

    #[test]
    fn backups_come_newest_first_with_age_and_size() {
        let older = Backup {
            id: "b-old".into(),
            size: 3 * 1024 * MIB,
            created_at: Some(at("2026-11-20T03:12:00Z")),
            status: BackupStatus::Damaged,
            total_items: 42,
        };
        let newer = Backup {
            id: "b-new".into(),
            size: 640 * MIB,
            created_at: Some(at("2026-12-03T09:00:00Z")),
            status: BackupStatus::Active,
            total_items: 7,
        };
        let expected = "\
ID     CREATED           AGE          SIZE  ITEMS  STATUS
b-new  2026-12-03 09:00  3 h ago   640 MiB      7  active
b-old  2026-11-20 03:12  13 d ago  3.0 GiB     42  damaged
";
        assert_eq!(backups(&[older, newer], &clock()), expected);
    }

    #[test]
    fn a_progress_shows_its_fields_then_its_items() {
        let progress = Progress {
            id: "p-1".into(),
            backup_item_groups: vec![BackupItemGroup {
                item_type: ItemType::Db,
                items: vec![item("i-1", "wp_prod", 640 * MIB), item("i-2", "", 0)],
            }],
            percentage: 68,
            status: ProgressStatus::Processing,
        };
        let expected = "\
ID          p-1
STATUS      processing
PERCENTAGE  68%
ITEMS       2

TYPE  NAME        SIZE  STATUS  ID
db    wp_prod  640 MiB  active  i-1
db    -            0 B  active  i-2
";
        assert_eq!(super::progress(&progress), expected);
    }

    #[test]
    fn progresses_show_count_percentage_and_status() {
        let summary = ProgressSummary {
            id: "p-1".into(),
            backup_items_count: 12,
            percentage: 100,
            status: ProgressStatus::PartiallyCompleted,
        };
        let expected = "\
ID   ITEMS  PERCENTAGE  STATUS
p-1     12        100%  partially_completed
";
        assert_eq!(progresses(&[summary]), expected);
    }
}
