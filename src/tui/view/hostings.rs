//! The hostings list: domain, status, offer, control panel and, where there is room, the
//! creation date.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};

use super::Theme;
use super::common::{Placeholders, Window, placeholder, styled};
use crate::api::Hosting;
use crate::tui::keys::{self, Action, Scope};
use crate::tui::state::{Focus, State};

/// Below this width only the domain and status columns show.
const NARROW_WIDTH: u16 = 60;
/// From this width on the creation date shows too; below it, the domain needs the room
/// (`carnetvoyage.webhosting.scw.cloud` is 33 columns).
const WIDE_WIDTH: u16 = 100;
/// Fits `payment_pending`.
const STATUS_WIDTH: u16 = 15;
/// Fits `Professional`.
const OFFER_WIDTH: u16 = 13;
const PANEL_WIDTH: u16 = 7;
const DATE_WIDTH: u16 = 10;

pub fn draw(frame: &mut Frame, state: &State, area: Rect, theme: Theme) {
    let screen = &state.hostings;
    let empty = if screen.filter.is_empty() {
        format!("No hostings in {} for profile {}", state.region, state.profile)
    } else {
        let clear = keys::key_name(Scope::Global, Action::Back);
        format!("No hosting matches \"{}\" ({clear} clears the filter)", screen.filter)
    };
    let words = Placeholders { what: "hostings", empty: &empty };
    let no_rows = |_: &Vec<Hosting>| screen.shown.is_empty();
    if placeholder(frame, area, &screen.load, no_rows, &words, theme) {
        return;
    }
    let Some(hostings) = screen.load.loaded() else { return };

    let columns = Columns { narrow: area.width < NARROW_WIDTH, dated: area.width >= WIDE_WIDTH };
    let mut titles = vec!["Domain", "Status"];
    let mut widths = vec![Constraint::Fill(1), Constraint::Length(STATUS_WIDTH)];
    if !columns.narrow {
        titles.extend(["Offer", "Panel"]);
        widths.extend([Constraint::Length(OFFER_WIDTH), Constraint::Length(PANEL_WIDTH)]);
    }
    if columns.dated {
        titles.push("Created");
        widths.push(Constraint::Length(DATE_WIDTH));
    }
    let window = Window {
        titles: Some(Row::new(titles)),
        widths,
        len: screen.shown.len(),
        cursor: screen.cursor,
        focused: state.focus == Focus::Main,
    };
    window.draw(frame, area, theme, |index| {
        let hosting = &hostings[screen.shown[index]];
        row(state, hosting, columns, theme)
    });
}

/// Which columns the width leaves room for.
#[derive(Debug, Clone, Copy)]
struct Columns {
    /// Only the domain and the status.
    narrow: bool,
    /// The creation date too.
    dated: bool,
}

fn row(state: &State, hosting: &Hosting, columns: Columns, theme: Theme) -> Row<'static> {
    let status =
        styled(hosting.status.as_str().replace('_', " "), theme.hosting_status(&hosting.status));
    let mut cells = vec![Cell::from(hosting.display_domain().to_owned()), status];
    if !columns.narrow {
        cells.push(Cell::from(hosting.offer_label().to_owned()));
        cells.push(Cell::from(hosting.control_panel().unwrap_or("—").to_owned()));
    }
    if columns.dated {
        let created =
            hosting.created_at.map(|at| state.tz.to_datetime(at).strftime("%Y-%m-%d").to_string());
        cells.push(Cell::from(created.unwrap_or_else(|| "—".into())));
    }
    Row::new(cells)
}
