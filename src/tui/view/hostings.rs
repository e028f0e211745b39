//! The hostings list: domain, status, offer, control panel and creation date.

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
const STATUS_WIDTH: u16 = 15;
const OFFER_WIDTH: u16 = 14;
const PANEL_WIDTH: u16 = 9;
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

    let narrow = area.width < NARROW_WIDTH;
    let (titles, widths) = if narrow {
        (vec!["Domain", "Status"], vec![Constraint::Fill(1), Constraint::Length(STATUS_WIDTH)])
    } else {
        let titles = vec!["Domain", "Status", "Offer", "Panel", "Created"];
        let widths = vec![
            Constraint::Fill(1),
            Constraint::Length(STATUS_WIDTH),
            Constraint::Length(OFFER_WIDTH),
            Constraint::Length(PANEL_WIDTH),
            Constraint::Length(DATE_WIDTH),
        ];
        (titles, widths)
    };
    let window = Window {
        titles: Some(Row::new(titles)),
        widths,
        len: screen.shown.len(),
        cursor: screen.cursor,
        focused: state.focus == Focus::Main,
    };
    window.draw(frame, area, theme, |index| {
        let hosting = &hostings[screen.shown[index]];
        row(state, hosting, narrow, theme)
    });
}

fn row(state: &State, hosting: &Hosting, narrow: bool, theme: Theme) -> Row<'static> {
    let status =
        styled(hosting.status.as_str().replace('_', " "), theme.hosting_status(&hosting.status));
    let mut cells = vec![Cell::from(hosting.display_domain().to_owned()), status];
    if !narrow {
        let created =
            hosting.created_at.map(|at| state.tz.to_datetime(at).strftime("%Y-%m-%d").to_string());
        cells.push(Cell::from(hosting.offer_label().to_owned()));
        cells.push(Cell::from(hosting.control_panel().unwrap_or("—").to_owned()));
        cells.push(Cell::from(created.unwrap_or_else(|| "—".into())));
    }
    Row::new(cells)
}
