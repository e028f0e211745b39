//! The restores pane: every restore sent in this run and the open hosting's recent ones,
//! newest first, with status colours and gauges. Final statuses stay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::Theme;
use super::common::{GAUGE_CELLS, Window, gauge, right, styled};
use crate::tui::format;
use crate::tui::keys::{self, Action, Scope};
use crate::tui::state::{Focus, RestoreEntry, RestoreStatus, State};

/// Below this width the domain and gauge columns are left out.
const NARROW_WIDTH: u16 = 60;
const MARKER_WIDTH: u16 = 1;
const ID_WIDTH: u16 = 7;
const WHAT_WIDTH: u16 = 9;
/// Fits `partially completed`, `may have started` and `processing (retrying)`.
const STATUS_WIDTH: u16 = 21;
const PERCENT_WIDTH: u16 = 4;
/// After the id of a restore the journal does not know: another machine or tool sent it.
const ELSEWHERE_MARK: &str = "*";
/// What the mark means, in the pane's title while any row carries it.
pub const ELSEWHERE_LEGEND: &str = "* started elsewhere";
/// The same, in words after the domain, when the window is wide enough for them.
const ELSEWHERE: &str = " * started elsewhere";
/// From this width on, the domain column has room for [`ELSEWHERE`].
const WIDE_WIDTH: u16 = 100;

pub fn draw(frame: &mut Frame, state: &State, area: Rect, theme: Theme) {
    let pane = &state.restores;
    if pane.entries.is_empty() {
        let unlisted = state.current_hosting().is_some_and(|id| pane.listed.as_deref() != Some(id));
        let text = if unlisted && pane.poll_error.is_some() {
            "This hosting's recent restores could not be listed yet; retrying".to_owned()
        } else if unlisted {
            "Listing this hosting's recent restores…".to_owned()
        } else if state.read_only {
            "No restores yet (read-only: restores are off)".to_owned()
        } else {
            let key = keys::key_name(Scope::Tree, Action::Restore);
            format!("No restores yet: tick items in a backup and press {key}")
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim()), area);
        return;
    }
    let narrow = area.width < NARROW_WIDTH;
    let mut widths = vec![Constraint::Length(MARKER_WIDTH), Constraint::Length(ID_WIDTH)];
    if !narrow {
        widths.push(Constraint::Fill(1));
    }
    widths.extend([Constraint::Length(WHAT_WIDTH), Constraint::Length(STATUS_WIDTH)]);
    if !narrow {
        let gauge_width = u16::try_from(GAUGE_CELLS).unwrap_or(0);
        widths.extend([Constraint::Length(gauge_width), Constraint::Length(PERCENT_WIDTH)]);
    }
    let focused = state.focus == Focus::Restores;
    let window =
        Window { titles: None, widths, len: pane.entries.len(), cursor: pane.cursor, focused };
    window.draw(frame, area, theme, |index| {
        let marker = if index == pane.cursor.selected { "▶" } else { " " };
        let width = Width { narrow, wide: area.width >= WIDE_WIDTH };
        row(state, &pane.entries[index], marker, width, theme)
    });
}

/// A restore's status in words: `processing`, `partially completed`, `not sent`.
fn status_word(status: &RestoreStatus) -> String {
    match status {
        RestoreStatus::Sending => "sending".into(),
        RestoreStatus::SentUntracked => "sent".into(),
        RestoreStatus::NotSent(_) => "not sent".into(),
        RestoreStatus::MayHaveStarted(_) => "may have started".into(),
        RestoreStatus::OutcomeUnknown(_) => "outcome unknown".into(),
        RestoreStatus::Progress(status) => status.as_str().replace('_', " "),
    }
}

/// Which columns the pane's width leaves room for.
#[derive(Debug, Clone, Copy)]
struct Width {
    /// No domain nor gauge.
    narrow: bool,
    /// Room to say "started elsewhere" in words.
    wide: bool,
}

fn row(
    state: &State,
    entry: &RestoreEntry,
    marker: &'static str,
    Width { narrow, wide }: Width,
    theme: Theme,
) -> Row<'static> {
    let id = entry.progress_id.as_deref().map_or_else(|| "—".into(), format::short_id);
    let mut status = status_word(&entry.status);
    if entry.poll_error.is_some() {
        status.push_str(" (retrying)");
    }
    let id_text = id.clone();
    let mut cells = vec![Cell::from(marker), Cell::from(id)];
    if entry.elsewhere {
        let head = id_text.trim_end_matches('…');
        cells[1] = Cell::from(format!("{head}{ELSEWHERE_MARK}"));
    }
    if !narrow {
        let domain = state.domain_of(&entry.hosting_id);
        if entry.elsewhere && wide {
            let spans = vec![Span::raw(domain), Span::styled(ELSEWHERE, theme.dim())];
            cells.push(Cell::from(Line::from(spans)));
        } else {
            cells.push(Cell::from(domain));
        }
    }
    cells.push(Cell::from(entry.what.clone()));
    cells.push(styled(status, theme.restore_status(&entry.status)));
    if !narrow {
        let shown = matches!(entry.status, RestoreStatus::Progress(_));
        let bar = if shown { gauge(entry.percentage) } else { String::new() };
        let percent = if shown { format!("{}%", entry.percentage) } else { String::new() };
        cells.extend([styled(bar, theme.restore_status(&entry.status)), right(percent)]);
    }
    Row::new(cells)
}
