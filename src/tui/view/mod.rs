//! Drawing: functions of `&State` that paint one frame. They read and draw, nothing else:
//! no awaiting, no locks, no requests, and only the rows that fit are built.

mod announcement;
mod backups;
mod common;
mod detail;
mod dialog;
mod footer;
mod header;
mod help;
mod history;
mod hostings;
mod items;
mod restores;
mod theme;
mod wrap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders};

use super::layout::{self, Areas};
use super::state::{Focus, Screen, State};
pub use theme::Theme;

/// A top border that joins the frame's sides: `├───┤`.
const JOINED: border::Set = border::Set { top_left: "├", top_right: "┤", ..border::PLAIN };

/// Draws the whole window for `state`.
pub fn draw(frame: &mut Frame, state: &State) {
    let areas = layout::for_window(state, frame.area());
    let theme = Theme::of(state);
    draw_frame(frame, state, &areas, theme);
    header::draw(frame, state, areas.breadcrumb, theme);

    let list = layout::list_in(areas.main, state.screen());
    match state.screen() {
        None => hostings::draw(frame, state, areas.main, theme),
        Some(Screen::Backups(screen)) => backups::draw(frame, state, screen, areas.main, theme),
        Some(Screen::Items(screen)) => items::draw(frame, state, screen, list, theme),
        Some(Screen::Restore(screen)) => {
            detail::draw(frame, state, screen, (areas.main, list), theme);
        }
    }
    restores::draw(frame, state, areas.restores, theme);
    footer::draw(frame, state, areas.status, theme);

    if let Some(dialog) = &state.dialog {
        dialog::draw(frame, state, dialog, theme);
    }
    if let Some(view) = &state.history {
        history::draw(frame, state, view, theme);
    }
    if state.help {
        help::draw(frame, state, theme);
    }
    if let Some(first) = state.announcements.front() {
        announcement::draw(frame, first, state.announcements.len() - 1, theme);
    }
}

/// The borders: a title bar, then the main, restores and footer sections joined to it.
fn draw_frame(frame: &mut Frame, state: &State, areas: &Areas, theme: Theme) {
    let title = format!(" whbackup ─ {} ─ profile: {} ", state.region, state.profile);
    let header = Block::new()
        .borders(Borders::TOP | Borders::LEFT | Borders::RIGHT)
        .border_style(theme.border())
        .title(title)
        .title_style(theme.title());
    frame.render_widget(header, areas.header_block);
    frame.render_widget(section(theme), areas.main_block);

    let elsewhere = state.restores.entries.iter().any(|entry| entry.elsewhere);
    let restores_title = match &state.restores.poll_error {
        Some(error) => format!(" Restores (last poll failed, retrying: {error}) "),
        None if elsewhere => format!(" Restores ({}) ", restores::ELSEWHERE_LEGEND),
        None => " Restores ".to_owned(),
    };
    let title_style =
        if state.focus == Focus::Restores { theme.focused_title() } else { theme.title() };
    let restores = section(theme).title(restores_title).title_style(title_style);
    frame.render_widget(restores, areas.restores_block);
    frame.render_widget(section(theme).borders(Borders::ALL), areas.footer_block);
}

fn section(theme: Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::TOP | Borders::LEFT | Borders::RIGHT)
        .border_set(JOINED)
        .border_style(theme.border())
}

/// A box of `width` by `height` cells in the middle of `area`, shrunk to fit.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
