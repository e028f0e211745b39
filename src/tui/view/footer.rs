//! The status line: the filter being typed, else a notice, else what is ticked and the key
//! hints of the key table for what has focus.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::tui::format;
use crate::tui::keys::{self, Action, Hint, Scope};
use crate::tui::state::{Focus, Screen, State};
use crate::tui::update::{dialog_scope, main_scopes};

const HINT_GAP: &str = "  ";
/// Hints that claim their place at the end of the line first, help before quit (help
/// names the quit key too).
const KEPT_FIRST: [Action; 2] = [Action::Help, Action::Quit];

pub fn draw(frame: &mut Frame, state: &State, area: Rect, theme: Theme) {
    if let Some(input) = &state.filter_input {
        draw_filter(frame, input, area, theme);
        return;
    }
    if let Some(notice) = &state.notice {
        let line = Line::styled(notice.text.clone(), theme.notice(notice.kind));
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
        return;
    }
    let mut spans = Vec::new();
    if let Some(summary) = selection_summary(state) {
        spans.push(Span::styled(summary, theme.title()));
        spans.push(Span::raw("   "));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let scopes = match &state.dialog {
        Some(dialog) => vec![dialog_scope(dialog)],
        None => main_scopes(state),
    };
    let room = usize::from(area.width).saturating_sub(used);
    let mut hints = keys::hints(&scopes, state.read_only);
    if nothing_to_go_back_to(state) {
        hints.retain(|hint| hint.action != Action::Back);
    }
    spans.extend(hint_spans(&hints, room, theme));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_filter(frame: &mut Frame, input: &tui_input::Input, area: Rect, theme: Theme) {
    let prompt = "/";
    let width = usize::from(area.width.saturating_sub(1));
    let scroll = input.visual_scroll(width.saturating_sub(prompt.len()));
    let visible: String = input.value().chars().skip(scroll).collect();
    let mut spans = vec![Span::styled(prompt, theme.key()), Span::raw(visible)];
    spans.push(Span::raw(HINT_GAP));
    spans.extend(hint_spans(&keys::hints(&[Scope::Input], false), usize::MAX, theme));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if area.area() > 0 {
        let offset = input.visual_cursor().saturating_sub(scroll) + prompt.len();
        let x = area.x.saturating_add(u16::try_from(offset).unwrap_or(u16::MAX));
        frame.set_cursor_position(Position::new(x.min(area.right() - 1), area.y));
    }
}

/// On the hostings list, unfiltered and with the keys, Esc has nowhere to go.
fn nothing_to_go_back_to(state: &State) -> bool {
    state.stack.is_empty() && state.focus == Focus::Main && state.hostings.filter.is_empty()
}

/// `2 items · 640 MiB selected` on the item tree.
fn selection_summary(state: &State) -> Option<String> {
    let Some(Screen::Items(screen)) = state.screen() else { return None };
    let selection = screen.load.loaded()?.selection();
    let items = format::count(selection.items, "item");
    Some(format!("{items} · {} selected", format::iec_size(selection.size_bytes)))
}

/// The hints that fit whole in `room` columns: help and then quit claim their place at the
/// end of the line first, and the others fill what is left, in table order.
fn hint_spans(hints: &[Hint], room: usize, theme: Theme) -> Vec<Span<'static>> {
    // Every hint is followed by a gap, which the last one may do without.
    let cost = |hint: &Hint| hint.key.chars().count() + 1 + hint.word.len() + HINT_GAP.len();
    let mut left = room.saturating_add(HINT_GAP.len());
    let mut claim = |hint: &Hint| {
        let fits = cost(hint) <= left;
        if fits {
            left -= cost(hint);
        }
        fits
    };
    let (last, first): (Vec<Hint>, Vec<Hint>) =
        hints.iter().copied().partition(|hint| KEPT_FIRST.contains(&hint.action));
    let last: Vec<Hint> = KEPT_FIRST
        .iter()
        .filter_map(|action| last.iter().find(|hint| hint.action == *action))
        .copied()
        .filter(|hint| claim(hint))
        .collect();
    let mut chosen: Vec<Hint> = first.into_iter().take_while(|hint| claim(hint)).collect();
    chosen.extend(last);
    let mut spans = Vec::new();
    for hint in chosen {
        spans.push(Span::styled(hint.key, theme.key()));
        spans.push(Span::raw(format!(" {}{HINT_GAP}", hint.word)));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span<'static>]) -> String {
        spans.iter().map(|span| span.content.as_ref()).collect()
    }

    #[test]
    fn only_whole_hints_are_shown_help_first() {
        let hints = keys::hints(&[Scope::Tree, Scope::List, Scope::Global], false);
        let theme = Theme::plain();
        assert_eq!(text(&hint_spans(&hints, 3, theme)), "", "nothing fits in 3 columns");
        assert_eq!(text(&hint_spans(&hints, 6, theme)).trim_end(), "? help");
        let both = text(&hint_spans(&hints, 14, theme));
        assert_eq!(both.trim_end(), "? help  q quit");
        let wide = text(&hint_spans(&hints, 200, theme));
        assert!(wide.starts_with("space tick") && wide.trim_end().ends_with("q quit"), "{wide}");
    }
}
