//! A backup's item tree: groups by type with tri-state checkboxes, their items indented
//! below when expanded, sizes and item statuses.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::Theme;
use super::common::{Placeholders, Window, placeholder, right, styled};
use crate::tui::format;
use crate::tui::keys::{self, Action, Scope};
use crate::tui::layout::TREE_INDENT;
use crate::tui::state::{Focus, ItemsScreen, State};
use crate::tui::tree::{Check, ItemTree, Row as TreeRow};

/// Below this width the item count column is left out.
const NARROW_WIDTH: u16 = 50;
/// Fits `100000 items`.
const COUNT_WIDTH: u16 = 12;
const SIZE_WIDTH: u16 = 9;
const STATUS_WIDTH: u16 = 9;

pub fn draw(frame: &mut Frame, state: &State, screen: &ItemsScreen, area: Rect, theme: Theme) {
    let filter = screen.load.loaded().map(ItemTree::filter).unwrap_or_default();
    let empty = if filter.is_empty() {
        "This backup holds no items".to_owned()
    } else {
        let clear = keys::key_name(Scope::Global, Action::Back);
        format!("No item matches \"{filter}\" ({clear} clears the filter)")
    };
    let words = Placeholders { what: "backup's items", empty: &empty };
    let no_rows = |tree: &ItemTree| tree.rows().is_empty();
    if placeholder(frame, area, &screen.load, no_rows, &words, theme) {
        return;
    }
    let Some(tree) = screen.load.loaded() else { return };

    let narrow = area.width < NARROW_WIDTH;
    let mut widths = vec![Constraint::Fill(1)];
    if !narrow {
        widths.push(Constraint::Length(COUNT_WIDTH));
    }
    widths.extend([Constraint::Length(SIZE_WIDTH), Constraint::Length(STATUS_WIDTH)]);
    let window = Window {
        titles: None,
        widths,
        len: tree.rows().len(),
        cursor: screen.cursor,
        focused: state.focus == Focus::Main,
    };
    window.draw(frame, area, theme, |index| row(tree, tree.rows()[index], narrow, theme));
}

fn checkbox(check: Check) -> &'static str {
    match check {
        Check::Unticked => "[ ]",
        Check::Partial => "[-]",
        Check::Ticked => "[x]",
    }
}

fn row(tree: &ItemTree, row: TreeRow, narrow: bool, theme: Theme) -> Row<'static> {
    let check = checkbox(tree.check(row));
    match row {
        TreeRow::Group(index) => {
            let group = tree.group(index);
            let marker = if tree.is_expanded(index) { "▾" } else { "▸" };
            let label = Line::from(vec![
                Span::raw(format!("{check} {} ", group.item_type.label())),
                Span::styled(marker, theme.dim()),
            ]);
            let count = u64::try_from(group.items.len()).unwrap_or(u64::MAX);
            let mut cells = vec![Cell::from(label).style(theme.title())];
            if !narrow {
                cells.push(right(format::count(count, "item")));
            }
            cells.extend([right(format::iec_size(group.size_bytes)), Cell::from("")]);
            Row::new(cells)
        }
        TreeRow::Item(index) => {
            let item = tree.item(index);
            let indent = " ".repeat(usize::from(TREE_INDENT));
            let style = theme.backup_status(&item.status);
            let label = styled(format!("{indent}{check} {}", item.name), style);
            let mut cells = vec![label];
            if !narrow {
                cells.push(Cell::from(""));
            }
            cells.extend([right(format::iec_size(item.size)), styled(item.status.as_str(), style)]);
            Row::new(cells)
        }
    }
}
