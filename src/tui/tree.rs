//! The item tree of one backup as a plain model: groups by type, their items, which groups
//! are expanded, which items are ticked, and a filter. No drawing here.
//!
//! Items are addressed by their index in the backup's item list and groups by theirs; the
//! visible rows are recomputed whenever expansion or the filter changes. Every mutator
//! reports whether it changed anything, so the caller knows when to redraw.

use std::collections::HashSet;

use crate::api::{BackupItem, BackupItemGroup, ItemType};

/// One line of the tree as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Group(usize),
    Item(usize),
}

/// The state of a checkbox: `[ ]`, `[-]` or `[x]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Unticked,
    Partial,
    Ticked,
}

/// The items of one type.
#[derive(Debug, Clone)]
pub struct Group {
    pub item_type: ItemType,
    /// Indexes into the tree's items.
    pub items: Vec<usize>,
    pub size_bytes: u64,
}

/// What is ticked, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    pub items: u64,
    pub size_bytes: u64,
}

/// The ticked items of one type, for the restore dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TickedGroup {
    pub item_type: ItemType,
    pub names: Vec<String>,
    pub size_bytes: u64,
}

/// Everything of one type a backup holds, for the full restore's dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeTotal {
    pub item_type: ItemType,
    pub count: u64,
    pub size_bytes: u64,
}

/// What `groups` hold by type, in the order the types first appear. The item that stands
/// for the whole backup (type `full`) is left out: it is the backup, not a part of it.
pub fn type_totals(groups: &[BackupItemGroup]) -> Vec<TypeTotal> {
    let mut totals: Vec<TypeTotal> = Vec::new();
    for group in groups.iter().filter(|group| group.item_type != ItemType::Full) {
        let known = totals.iter().position(|total| total.item_type == group.item_type);
        let index = known.unwrap_or_else(|| {
            let item_type = group.item_type.clone();
            totals.push(TypeTotal { item_type, count: 0, size_bytes: 0 });
            totals.len() - 1
        });
        let total = &mut totals[index];
        total.count += u64::try_from(group.items.len()).unwrap_or(u64::MAX);
        total.size_bytes =
            group.items.iter().fold(total.size_bytes, |sum, item| sum.saturating_add(item.size));
    }
    totals
}

#[derive(Debug, Clone, Default)]
pub struct ItemTree {
    items: Vec<BackupItem>,
    groups: Vec<Group>,
    item_group: Vec<usize>,
    expanded: Vec<bool>,
    ticked: Vec<bool>,
    ticked_per_group: Vec<usize>,
    selection: Selection,
    /// Lower-cased; empty when no filter is set.
    filter: String,
    rows: Vec<Row>,
}

impl ItemTree {
    /// Builds the tree with every group collapsed and nothing ticked. Groups of the same type
    /// are merged, so a type appears once.
    pub fn new(source: Vec<BackupItemGroup>) -> Self {
        let mut tree = Self::default();
        for source_group in source {
            let known = tree.groups.iter().position(|g| g.item_type == source_group.item_type);
            let group_index = known.unwrap_or_else(|| {
                let item_type = source_group.item_type.clone();
                tree.groups.push(Group { item_type, items: Vec::new(), size_bytes: 0 });
                tree.groups.len() - 1
            });
            for item in source_group.items {
                let group = &mut tree.groups[group_index];
                group.items.push(tree.items.len());
                group.size_bytes = group.size_bytes.saturating_add(item.size);
                tree.item_group.push(group_index);
                tree.items.push(item);
            }
        }
        tree.expanded = vec![false; tree.groups.len()];
        tree.ticked = vec![false; tree.items.len()];
        tree.ticked_per_group = vec![0; tree.groups.len()];
        tree.rebuild_rows();
        tree
    }

    /// The rows to show, in order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn group(&self, index: usize) -> &Group {
        &self.groups[index]
    }

    pub fn item(&self, index: usize) -> &BackupItem {
        &self.items[index]
    }

    /// How many items the backup holds, shown or not.
    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// Whether a group shows its items; with a filter set, every group that has a match does.
    pub fn is_expanded(&self, group: usize) -> bool {
        !self.filter.is_empty() || self.expanded[group]
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn is_ticked(&self, item: usize) -> bool {
        self.ticked[item]
    }

    /// Whether an item may be ticked: damaged, locked, disabled or restoring items may not.
    pub fn is_tickable(&self, item: usize) -> bool {
        crate::restore::status_refusal(&self.items[item].status).is_none()
    }

    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// The checkbox of a row: a group is ticked when all its items are, partial when some are.
    pub fn check(&self, row: Row) -> Check {
        match row {
            Row::Item(item) if self.ticked[item] => Check::Ticked,
            Row::Item(_) => Check::Unticked,
            Row::Group(group) => match self.ticked_per_group[group] {
                0 => Check::Unticked,
                n if n == self.groups[group].items.len() => Check::Ticked,
                _ => Check::Partial,
            },
        }
    }

    /// Opens a closed group or closes an open one. Does nothing while a filter is set, since
    /// the filter keeps every matching group open.
    pub fn toggle_expanded(&mut self, group: usize) -> bool {
        if !self.filter.is_empty() || group >= self.groups.len() {
            return false;
        }
        self.expanded[group] = !self.expanded[group];
        self.rebuild_rows();
        true
    }

    /// Sets the filter (matched, ignoring case, against item names and type labels). Ticks
    /// are kept, hidden or not.
    pub fn set_filter(&mut self, filter: &str) -> bool {
        let filter = filter.trim().to_lowercase();
        if filter == self.filter {
            return false;
        }
        self.filter = filter;
        self.rebuild_rows();
        true
    }

    /// Space on a row. On an item: flips it, if it may be ticked. On a group: ticks every
    /// shown item that may be ticked, or unticks them all when they already are.
    pub fn toggle(&mut self, row: Row) -> bool {
        match row {
            Row::Item(item) => {
                let tick = !self.ticked[item];
                self.set_ticked(item, tick)
            }
            Row::Group(group) => {
                let shown: Vec<usize> = self.shown_items(group).collect();
                let tick = shown.iter().any(|&item| !self.ticked[item] && self.is_tickable(item));
                self.set_many(shown, tick)
            }
        }
    }

    /// Ticks every shown item that may be ticked.
    pub fn tick_shown(&mut self) -> bool {
        let shown: Vec<usize> =
            (0..self.groups.len()).flat_map(|group| self.shown_items(group)).collect();
        self.set_many(shown, true)
    }

    /// Unticks everything, shown or hidden.
    pub fn untick_all(&mut self) -> bool {
        self.set_many(0..self.items.len(), false)
    }

    /// The ids of the ticked items, in tree order.
    pub fn ticked_ids(&self) -> Vec<String> {
        self.ticked_items().map(|item| self.items[item].id.clone()).collect()
    }

    /// Ticks the items with these ids (ids not in the tree are ignored), for example to keep
    /// a selection across a reload.
    pub fn tick_ids(&mut self, ids: &[String]) -> bool {
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let found: Vec<usize> = (0..self.items.len())
            .filter(|&item| wanted.contains(self.items[item].id.as_str()))
            .collect();
        self.set_many(found, true)
    }

    /// The ticked items grouped by type, for the restore dialog.
    pub fn ticked_groups(&self) -> Vec<TickedGroup> {
        self.groups
            .iter()
            .enumerate()
            .filter(|(index, _)| self.ticked_per_group[*index] > 0)
            .map(|(_, group)| {
                let ticked = group.items.iter().filter(|&&item| self.ticked[item]);
                let names = ticked.clone().map(|&item| self.items[item].name.clone()).collect();
                let size_bytes = ticked.map(|&item| self.items[item].size).sum();
                TickedGroup { item_type: group.item_type.clone(), names, size_bytes }
            })
            .collect()
    }

    /// Everything the backup holds by type, ticked or not.
    pub fn type_totals(&self) -> Vec<TypeTotal> {
        self.groups
            .iter()
            .filter(|group| group.item_type != ItemType::Full)
            .map(|group| TypeTotal {
                item_type: group.item_type.clone(),
                count: u64::try_from(group.items.len()).unwrap_or(u64::MAX),
                size_bytes: group.size_bytes,
            })
            .collect()
    }

    /// The ticked items themselves, in tree order, for the pre-flight check and the journal.
    pub fn ticked_backup_items(&self) -> Vec<BackupItem> {
        self.ticked_items().map(|item| self.items[item].clone()).collect()
    }

    /// Where a row is among the shown rows.
    pub fn position(&self, row: Row) -> Option<usize> {
        self.rows.iter().position(|&shown| shown == row)
    }

    fn ticked_items(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups.iter().flat_map(|group| group.items.iter().copied()).filter(|&i| self.ticked[i])
    }

    /// Ticks or unticks every item given; reports whether any changed.
    fn set_many(&mut self, items: impl IntoIterator<Item = usize>, tick: bool) -> bool {
        let mut changed = false;
        for item in items {
            changed |= self.set_ticked(item, tick);
        }
        changed
    }

    fn set_ticked(&mut self, item: usize, tick: bool) -> bool {
        if self.ticked[item] == tick || (tick && !self.is_tickable(item)) {
            return false;
        }
        self.ticked[item] = tick;
        let group = self.item_group[item];
        let size_bytes = self.items[item].size;
        if tick {
            self.ticked_per_group[group] += 1;
            self.selection.items += 1;
            self.selection.size_bytes = self.selection.size_bytes.saturating_add(size_bytes);
        } else {
            self.ticked_per_group[group] -= 1;
            self.selection.items -= 1;
            self.selection.size_bytes = self.selection.size_bytes.saturating_sub(size_bytes);
        }
        true
    }

    fn shown_items(&self, group: usize) -> impl Iterator<Item = usize> + '_ {
        let label_matches = self.label_matches(group);
        self.groups[group]
            .items
            .iter()
            .copied()
            .filter(move |&item| label_matches || self.name_matches(item))
    }

    fn label_matches(&self, group: usize) -> bool {
        let item_type = &self.groups[group].item_type;
        self.filter.is_empty()
            || item_type.label().to_lowercase().contains(&self.filter)
            || item_type.as_str().contains(&self.filter)
    }

    fn name_matches(&self, item: usize) -> bool {
        self.items[item].name.to_lowercase().contains(&self.filter)
    }

    fn rebuild_rows(&mut self) {
        let mut rows = Vec::new();
        for group in 0..self.groups.len() {
            let mut shown = self.shown_items(group).peekable();
            if shown.peek().is_none() && !self.filter.is_empty() {
                continue;
            }
            rows.push(Row::Group(group));
            if self.is_expanded(group) {
                rows.extend(shown.map(Row::Item));
            }
        }
        self.rows = rows;
    }
}

#[cfg(test)]
mod tests;
