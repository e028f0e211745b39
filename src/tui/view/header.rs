//! The breadcrumb under the title: `Hostings > example.com > 2026-12-01 03:12 (active, 42
//! items, 3.1 GiB)`. When it does not fit, the oldest steps give way to `…`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::tui::format;
use crate::tui::state::{Screen, State};

const SEPARATOR: &str = " > ";
const ELLIPSIS: &str = "…";

pub fn draw(frame: &mut Frame, state: &State, area: Rect, theme: Theme) {
    let mut steps = steps(state);
    let width = usize::from(area.width);
    while steps.len() > 1 && line_width(&steps) > width {
        if steps[0] != ELLIPSIS {
            ELLIPSIS.clone_into(&mut steps[0]);
        } else if steps.len() > 2 {
            steps.remove(1);
        } else {
            steps.remove(0);
        }
    }
    let mut spans = Vec::new();
    let last = steps.len().saturating_sub(1);
    for (index, step) in steps.into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(SEPARATOR, theme.dim()));
        }
        let style = if index == last { theme.title() } else { ratatui::style::Style::new() };
        spans.push(Span::styled(step, style));
    }
    if let Some(filter) = active_filter(state) {
        spans.push(Span::styled(format!("  filter: {filter}"), theme.key()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn line_width(steps: &[String]) -> usize {
    let text: usize = steps.iter().map(|step| step.chars().count()).sum();
    text + SEPARATOR.len() * steps.len().saturating_sub(1)
}

/// The path from the hostings list to the screen on top.
fn steps(state: &State) -> Vec<String> {
    let mut steps = vec!["Hostings".to_owned()];
    for screen in &state.stack {
        match screen {
            Screen::Backups(screen) => steps.push(state.domain_of(&screen.hosting_id)),
            Screen::Items(screen) => {
                let backup = &screen.backup;
                let date = format::date_or_unknown(backup.created_at, &state.tz);
                let items = format::count(u64::from(backup.total_items), "item");
                let size = format::iec_size(backup.size);
                steps.push(format!("{date} ({}, {items}, {size})", backup.status));
            }
            Screen::Restore(screen) => {
                steps.push(format!("Restore {}", format::short_id(&screen.progress_id)));
            }
        }
    }
    steps
}

/// The filter narrowing the list on screen, unless it is being typed in the footer.
fn active_filter(state: &State) -> Option<&str> {
    if state.filter_input.is_some() {
        return None;
    }
    let filter = match state.screen() {
        None => state.hostings.filter.as_str(),
        Some(Screen::Items(screen)) => screen.load.loaded()?.filter(),
        Some(_) => return None,
    };
    (!filter.is_empty()).then_some(filter)
}
