//! The restore dialog: which hosting, what will be overwritten (by type, with sizes), from
//! which backup, and the question. A full restore asks for the domain to be typed.
//!
//! Every line is wrapped to the dialog's width before drawing, so the box is as tall as its
//! text. When the window is too short, the lines per type give way to one line of totals,
//! then the blank line, the totals and the heading go, in that order: the backup's date, the
//! note about running restores and the question always stay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::wrap::wrap;
use super::{Theme, centered};
use crate::tui::format;
use crate::tui::keys;
use crate::tui::state::{DialogPhase, Load, RestoreDialog, RestorePlan, State};
use crate::tui::tree::{TickedGroup, TypeTotal};
use crate::tui::update::dialog_scope;

const DIALOG_WIDTH: u16 = 72;
/// Rows and columns the border takes around the text.
const BORDER_CELLS: u16 = 2;
/// Columns a size takes, right-aligned.
const SIZE_WIDTH: usize = 9;
/// Before the typed domain, on its own line.
const FIELD_PROMPT: &str = "> ";
const ELLIPSIS: char = '…';

pub fn draw(frame: &mut Frame, state: &State, dialog: &RestoreDialog, theme: Theme) {
    let outer = frame.area();
    let width = DIALOG_WIDTH.min(outer.width);
    let text_width = usize::from(width.saturating_sub(BORDER_CELLS));
    let max_rows = usize::from(outer.height.saturating_sub(BORDER_CELLS));
    let content = content(state, dialog, (text_width, max_rows), theme);
    let rows = u16::try_from(content.lines.len()).unwrap_or(u16::MAX);
    let area = centered(outer, width, rows.saturating_add(BORDER_CELLS));
    let title =
        if dialog.plan.is_full() { " Restore the whole backup " } else { " Restore items " };
    let block =
        Block::bordered().title(title).title_style(theme.title()).border_style(theme.error());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(content.lines).block(block), area);
    if let Some(row) = content.field_row {
        place_cursor(frame, area, dialog, row);
    }
}

/// The dialog's lines, wrapped, and the row of the text field when there is one.
struct Content {
    lines: Vec<Line<'static>>,
    field_row: Option<usize>,
}

fn content(
    state: &State,
    dialog: &RestoreDialog,
    (width, max_rows): (usize, usize),
    theme: Theme,
) -> Content {
    let wrapped = |lines: &[Line<'static>]| -> Vec<Line<'static>> {
        lines.iter().flat_map(|line| wrap(line, width)).collect()
    };
    let mut heading = wrapped(&[heading(dialog, theme)]);
    let mut body = body(dialog, width, theme);
    let date = wrapped(&[date_line(state, dialog)]);
    let note = dialog
        .running_warning
        .as_ref()
        .map(|warning| Line::styled(format!("Note: {warning}."), theme.error()));
    let note = wrapped(note.as_slice());
    let mut blank = vec![Line::raw("")];
    let question = question(dialog, width, theme);

    let kept = date.len() + note.len() + question.lines.len();
    let rows = |heading: &[Line], body: &[Line], blank: &[Line]| {
        heading.len() + body.len() + blank.len() + kept
    };
    if rows(&heading, &body, &blank) > max_rows {
        body = wrapped(&[totals_line(dialog)]);
    }
    if rows(&heading, &body, &blank) > max_rows {
        blank.clear();
    }
    if rows(&heading, &body, &blank) > max_rows {
        body.clear();
    }
    if rows(&heading, &body, &blank) > max_rows {
        heading.clear();
    }
    let above_question = heading.len() + body.len() + date.len() + note.len() + blank.len();
    let field_row = question.field_row.map(|row| above_question + row);
    let lines = [heading, body, date, note, blank, question.lines].concat();
    Content { lines, field_row }
}

/// What is overwritten, and on which hosting.
fn heading(dialog: &RestoreDialog, theme: Theme) -> Line<'static> {
    let domain = Span::styled(dialog.domain.clone(), theme.title());
    if dialog.plan.is_full() {
        Line::from(vec![Span::raw("Everything on "), domain, Span::raw(" will be overwritten:")])
    } else {
        Line::from(vec![Span::raw("These will be overwritten on "), domain, Span::raw(":")])
    }
}

/// A line per type, its label padded to the longest and the line cut to `width`; for a
/// full restore whose items are still being listed, or could not be, the totals the backup
/// announces and a word on its breakdown.
fn body(dialog: &RestoreDialog, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let aligned = |rows: Vec<(String, u64, String)>| -> Vec<Line<'static>> {
        let label_width = rows.iter().map(|(label, ..)| label.chars().count()).max();
        let label_width = label_width.unwrap_or_default();
        rows.into_iter()
            .map(|(label, size_bytes, names)| {
                let size = format::iec_size(size_bytes);
                let text = format!("  {label:<label_width$} {size:>SIZE_WIDTH$}  {names}");
                Line::raw(fit(text.trim_end(), width))
            })
            .collect()
    };
    match &dialog.plan {
        RestorePlan::Items { groups, .. } => {
            aligned(groups.iter().map(|group| group_row(group, width)).collect())
        }
        RestorePlan::Full { by_type: Load::Loaded(totals), .. } if !totals.is_empty() => {
            aligned(totals.iter().map(total_row).collect())
        }
        RestorePlan::Full { by_type: Load::Loading, .. } => {
            let listing = Line::styled("  Listing what it holds by type…", theme.dim());
            [vec![totals_line(dialog)], wrap(&listing, width)].concat()
        }
        RestorePlan::Full { by_type: Load::Failed(reason), .. } => {
            let failed = format!("  Cannot list what it holds by type: {reason}");
            [vec![totals_line(dialog)], wrap(&Line::styled(failed, theme.error()), width)].concat()
        }
        RestorePlan::Full { .. } => vec![totals_line(dialog)],
    }
}

/// `databases (1 item)`, its size and the names of its ticked items, as many as can show
/// in `width` columns: a group of 100,000 items is not joined whole on every frame.
fn group_row(group: &TickedGroup, width: usize) -> (String, u64, String) {
    let count = u64::try_from(group.names.len()).unwrap_or(u64::MAX);
    let label = format!("{} ({})", group.item_type.label(), format::count(count, "item"));
    let mut names = String::new();
    for name in &group.names {
        if names.chars().count() > width {
            break;
        }
        if !names.is_empty() {
            names.push_str(", ");
        }
        names.push_str(name);
    }
    (label, group.size_bytes, names)
}

/// `databases (3 items)` and its size.
fn total_row(total: &TypeTotal) -> (String, u64, String) {
    let label = format!("{} ({})", total.item_type.label(), format::count(total.count, "item"));
    (label, total.size_bytes, String::new())
}

/// One line of totals, for when the lines per type do not fit.
fn totals_line(dialog: &RestoreDialog) -> Line<'static> {
    let (count, size_bytes) = match &dialog.plan {
        RestorePlan::Items { groups, .. } => {
            let count: usize = groups.iter().map(|group| group.names.len()).sum();
            let count = u64::try_from(count).unwrap_or(u64::MAX);
            (count, groups.iter().map(|group| group.size_bytes).sum())
        }
        RestorePlan::Full { .. } => (u64::from(dialog.backup.total_items), dialog.backup.size),
    };
    Line::raw(format!("  {}, {}", format::count(count, "item"), format::iec_size(size_bytes)))
}

/// `by the backup of 2026-12-01 03:12 (8 h ago).`
fn date_line(state: &State, dialog: &RestoreDialog) -> Line<'static> {
    let backup = &dialog.backup;
    let date = format::date_or_unknown(backup.created_at, &state.tz);
    let age =
        backup.created_at.map(|at| format!(" ({})", crate::format::relative_age(at, state.now)));
    Line::raw(format!("by the backup of {date}{}.", age.unwrap_or_default()))
}

/// `text` cut to `width` columns, ending in `…` when it was longer.
fn fit(text: &str, width: usize) -> String {
    if Span::raw(text).width() <= width {
        return text.to_owned();
    }
    let mut fitted = String::new();
    for c in text.chars() {
        if Span::raw(format!("{fitted}{c}{ELLIPSIS}")).width() > width {
            break;
        }
        fitted.push(c);
    }
    if width > 0 {
        fitted.push(ELLIPSIS);
    }
    fitted
}

/// The last lines, wrapped, and the row of the text field among them.
struct Question {
    lines: Vec<Line<'static>>,
    field_row: Option<usize>,
}

/// The prompt, why a confirm was refused, the keys that answer; or that the request is on
/// its way.
fn question(dialog: &RestoreDialog, width: usize, theme: Theme) -> Question {
    let mut lines = Vec::new();
    let mut field_row = None;
    match dialog.phase {
        DialogPhase::Sending { .. } => {
            let sending =
                Line::styled("Sending the restore… (sent once, never retried)", theme.dim());
            return Question { lines: wrap(&sending, width), field_row };
        }
        DialogPhase::ConfirmingAgain => {
            let again = Line::styled("Asked a second time: restore anyway?", theme.title());
            lines.extend(wrap(&again, width));
        }
        DialogPhase::Confirming if dialog.plan.is_full() => {
            lines.extend(wrap(&Line::raw(prompt(&dialog.domain)), width));
            field_row = Some(lines.len());
            lines.push(field_line(dialog, width, theme));
        }
        DialogPhase::Confirming => {}
    }
    if let Some(problem) = &dialog.problem {
        lines.extend(wrap(&Line::styled(problem.clone(), theme.error()), width));
    }
    let mut hints = Vec::new();
    for hint in keys::hints(&[dialog_scope(dialog)], false) {
        hints.push(Span::styled(hint.key, theme.key()));
        hints.push(Span::raw(format!(" {}  ", hint.word)));
    }
    lines.extend(wrap(&Line::from(hints), width));
    Question { lines, field_row }
}

fn prompt(domain: &str) -> String {
    format!("Type {domain} to confirm:")
}

/// The typed domain after its prompt, scrolled so the cursor shows.
fn field_line(dialog: &RestoreDialog, width: usize, theme: Theme) -> Line<'static> {
    let room = width.saturating_sub(FIELD_PROMPT.len());
    let scroll = dialog.typed.visual_scroll(room);
    let shown: String = dialog.typed.value().chars().skip(scroll).collect();
    Line::from(vec![Span::styled(FIELD_PROMPT, theme.key()), Span::raw(shown)])
}

/// Puts the terminal cursor after the typed domain, on the field's `row` of the dialog.
fn place_cursor(frame: &mut Frame, area: Rect, dialog: &RestoreDialog, row: usize) {
    let inner = Block::bordered().inner(area);
    let room = usize::from(inner.width).saturating_sub(FIELD_PROMPT.len());
    let scroll = dialog.typed.visual_scroll(room);
    let column = FIELD_PROMPT.len() + dialog.typed.visual_cursor().saturating_sub(scroll);
    let (Ok(column), Ok(row)) = (u16::try_from(column), u16::try_from(row)) else { return };
    if column < inner.width && row < inner.height {
        frame.set_cursor_position((inner.x + column, inner.y + row));
    }
}
