//! Tests of the item tree model: grouping, expansion, tri-state ticks, the filter.

use super::*;
use crate::api::BackupStatus;

fn item(id: &str, item_type: ItemType, size: u64, status: BackupStatus) -> BackupItem {
    BackupItem { id: id.into(), name: id.into(), item_type, size, status, created_at: None }
}

fn sample() -> ItemTree {
    let db = vec![
        item("wp_prod", ItemType::Db, 640, BackupStatus::Active),
        item("wp_staging", ItemType::Db, 170, BackupStatus::Active),
        item("wp_broken", ItemType::Db, 2, BackupStatus::Damaged),
    ];
    let mail = vec![
        item("anna@example.com", ItemType::Mail, 10, BackupStatus::Active),
        item("bob@example.com", ItemType::Mail, 20, BackupStatus::Active),
    ];
    ItemTree::new(vec![
        BackupItemGroup { item_type: ItemType::Db, items: db },
        BackupItemGroup { item_type: ItemType::Mail, items: mail },
    ])
}

#[test]
fn starts_collapsed_with_one_row_per_group() {
    let tree = sample();
    assert_eq!(tree.rows(), [Row::Group(0), Row::Group(1)]);
    assert_eq!(tree.group(0).size_bytes, 812);
    assert_eq!(tree.item_count(), 5);
}

#[test]
fn groups_of_the_same_type_are_merged() {
    let tree = ItemTree::new(vec![
        BackupItemGroup {
            item_type: ItemType::Web,
            items: vec![item("a", ItemType::Web, 1, BackupStatus::Active)],
        },
        BackupItemGroup {
            item_type: ItemType::Web,
            items: vec![item("b", ItemType::Web, 2, BackupStatus::Active)],
        },
    ]);
    assert_eq!(tree.rows(), [Row::Group(0)]);
    assert_eq!(tree.group(0).items.len(), 2);
}

#[test]
fn expanding_shows_items_and_reports_change() {
    let mut tree = sample();
    assert!(tree.toggle_expanded(0));
    assert_eq!(
        tree.rows(),
        [Row::Group(0), Row::Item(0), Row::Item(1), Row::Item(2), Row::Group(1)]
    );
    assert!(tree.toggle_expanded(0));
    assert_eq!(tree.rows().len(), 2);
    assert!(!tree.toggle_expanded(9));
}

#[test]
fn group_tick_is_tri_state_and_skips_damaged_items() {
    let mut tree = sample();
    assert!(tree.toggle(Row::Item(0)));
    assert_eq!(tree.check(Row::Group(0)), Check::Partial);
    assert_eq!(tree.selection(), Selection { items: 1, size_bytes: 640 });

    assert!(tree.toggle(Row::Group(0)));
    assert!(!tree.is_ticked(2), "a damaged item is never ticked");
    assert_eq!(tree.check(Row::Group(0)), Check::Partial);
    assert_eq!(tree.selection(), Selection { items: 2, size_bytes: 810 });

    assert!(tree.toggle(Row::Group(0)), "a second press unticks the group");
    assert_eq!(tree.check(Row::Group(0)), Check::Unticked);
    assert_eq!(tree.selection(), Selection::default());

    assert!(tree.toggle(Row::Group(1)));
    assert_eq!(tree.check(Row::Group(1)), Check::Ticked);
}

#[test]
fn damaged_items_cannot_be_ticked() {
    let mut tree = sample();
    assert!(!tree.toggle(Row::Item(2)));
    assert!(!tree.is_tickable(2));
    assert_eq!(tree.selection().items, 0);
}

#[test]
fn filter_narrows_rows_and_keeps_ticks() {
    let mut tree = sample();
    tree.toggle(Row::Item(3));
    assert!(tree.set_filter("WP_"));
    assert_eq!(tree.rows(), [Row::Group(0), Row::Item(0), Row::Item(1), Row::Item(2)]);
    assert!(tree.is_ticked(3), "the hidden tick is kept");

    tree.toggle(Row::Group(0));
    assert!(tree.set_filter(""));
    assert_eq!(tree.ticked_ids(), ["wp_prod", "wp_staging", "anna@example.com"]);
    assert!(!tree.set_filter("  "), "a blank filter is no filter");
}

#[test]
fn filter_on_a_type_label_shows_the_whole_group() {
    let mut tree = sample();
    tree.set_filter("mail");
    assert_eq!(tree.rows(), [Row::Group(1), Row::Item(3), Row::Item(4)]);
    assert!(!tree.toggle_expanded(1), "the filter keeps matching groups open");
}

#[test]
fn tick_shown_and_untick_all() {
    let mut tree = sample();
    tree.set_filter("bob");
    assert!(tree.tick_shown());
    assert_eq!(tree.ticked_ids(), ["bob@example.com"]);
    assert!(!tree.tick_shown());
    tree.set_filter("");
    tree.toggle(Row::Item(0));
    assert!(tree.untick_all());
    assert_eq!(tree.selection(), Selection::default());
    assert!(!tree.untick_all());
}

#[test]
fn ticked_groups_and_tick_ids() {
    let mut tree = sample();
    assert!(tree.tick_ids(&["wp_prod".into(), "bob@example.com".into(), "gone".into()]));
    let groups = tree.ticked_groups();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].names, ["wp_prod"]);
    assert_eq!(groups[1].size_bytes, 20);
    let ticked: Vec<String> = tree.ticked_backup_items().into_iter().map(|item| item.id).collect();
    assert_eq!(ticked, ["wp_prod", "bob@example.com"]);
}

#[test]
fn position_finds_shown_rows_only() {
    let mut tree = sample();
    assert_eq!(tree.position(Row::Group(1)), Some(1));
    assert_eq!(tree.position(Row::Item(0)), None);
    tree.toggle_expanded(0);
    assert_eq!(tree.position(Row::Item(0)), Some(1));
}

#[test]
fn totals_by_type_merge_types_and_leave_the_whole_backup_item_out() {
    let whole = item("whole", ItemType::Full, 5_000, BackupStatus::Active);
    let groups = vec![
        BackupItemGroup { item_type: ItemType::Full, items: vec![whole] },
        BackupItemGroup {
            item_type: ItemType::Db,
            items: vec![item("a", ItemType::Db, 3, BackupStatus::Active)],
        },
        BackupItemGroup {
            item_type: ItemType::Web,
            items: vec![item("w", ItemType::Web, 7, BackupStatus::Active)],
        },
        BackupItemGroup {
            item_type: ItemType::Db,
            items: vec![item("b", ItemType::Db, 4, BackupStatus::Damaged)],
        },
    ];
    let db = TypeTotal { item_type: ItemType::Db, count: 2, size_bytes: 7 };
    let web = TypeTotal { item_type: ItemType::Web, count: 1, size_bytes: 7 };
    assert_eq!(type_totals(&groups), [db.clone(), web.clone()]);
    assert_eq!(ItemTree::new(groups).type_totals(), [db, web], "the tree agrees");
}
