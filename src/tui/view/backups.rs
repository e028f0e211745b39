//! A hosting's backups, newest first: date, age, size, items and status. Damaged, locked,
//! restoring and disabled backups stand out in their row's colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};

use super::Theme;
use super::common::{Placeholders, Window, placeholder, right, styled};
use crate::api::Backup;
use crate::tui::format;
use crate::tui::state::{BackupsScreen, Focus, State};

/// Below this width the age and item count columns are left out.
const NARROW_WIDTH: u16 = 56;
const DATE_WIDTH: u16 = 16;
const AGE_WIDTH: u16 = 10;
const SIZE_WIDTH: u16 = 9;
const ITEMS_WIDTH: u16 = 6;
const STATUS_WIDTH: u16 = 9;

pub fn draw(frame: &mut Frame, state: &State, screen: &BackupsScreen, area: Rect, theme: Theme) {
    let words = Placeholders { what: "backups", empty: "No backups yet: this hosting has none" };
    if placeholder(frame, area, &screen.load, Vec::is_empty, &words, theme) {
        return;
    }
    let Some(backups) = screen.load.loaded() else { return };

    let narrow = area.width < NARROW_WIDTH;
    let (titles, widths) = if narrow {
        let widths = [DATE_WIDTH, SIZE_WIDTH, STATUS_WIDTH].map(Constraint::Length).to_vec();
        (vec![Cell::from("Date"), right("Size"), Cell::from("Status")], widths)
    } else {
        let titles = vec![
            Cell::from("Date"),
            Cell::from("Age"),
            right("Size"),
            right("Items"),
            Cell::from("Status"),
        ];
        let lengths = [DATE_WIDTH, AGE_WIDTH, SIZE_WIDTH, ITEMS_WIDTH, STATUS_WIDTH];
        (titles, lengths.map(Constraint::Length).to_vec())
    };
    let window = Window {
        titles: Some(Row::new(titles)),
        widths,
        len: backups.len(),
        cursor: screen.cursor,
        focused: state.focus == Focus::Main,
    };
    window.draw(frame, area, theme, |index| row(state, &backups[index], narrow, theme));
}

fn row(state: &State, backup: &Backup, narrow: bool, theme: Theme) -> Row<'static> {
    let status_style = theme.backup_status(&backup.status);
    let date = format::date_or_unknown(backup.created_at, &state.tz);
    let age =
        backup.created_at.map_or_else(String::new, |at| crate::format::relative_age(at, state.now));
    let status = styled(backup.status.as_str(), status_style);
    let cells = if narrow {
        vec![Cell::from(date), right(format::iec_size(backup.size)), status]
    } else {
        vec![
            Cell::from(date),
            Cell::from(age),
            right(format::iec_size(backup.size)),
            right(backup.total_items.to_string()),
            status,
        ]
    };
    Row::new(cells).style(status_style)
}
