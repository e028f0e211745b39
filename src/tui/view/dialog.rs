//! The restore dialog: which hosting, what will be overwritten (by type, with sizes), from
//! which backup, and the question. A full restore asks for the domain to be typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Theme, centered};
use crate::tui::format;
use crate::tui::keys::{self, Scope};
use crate::tui::state::{DialogPhase, RestoreDialog, RestorePlan, State};
use crate::tui::tree::TickedGroup;

const DIALOG_WIDTH: u16 = 72;
/// Room for the borders and the blank lines around the content.
const CHROME_ROWS: u16 = 2;
/// Columns a group's label and size take before the item names.
const LABEL_WIDTH: usize = 18;
const SIZE_WIDTH: usize = 9;

pub fn draw(frame: &mut Frame, state: &State, dialog: &RestoreDialog, theme: Theme) {
    let max_rows = usize::from(frame.area().height.saturating_sub(CHROME_ROWS));
    let lines = lines(state, dialog, max_rows, theme);
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(CHROME_ROWS);
    let area = centered(frame.area(), DIALOG_WIDTH, height);
    let title = match dialog.plan {
        RestorePlan::Full => " Restore the whole backup ",
        RestorePlan::Items { .. } => " Restore items ",
    };
    let block =
        Block::bordered().title(title).title_style(theme.title()).border_style(theme.error());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
    if dialog.plan == RestorePlan::Full && dialog.phase == DialogPhase::Confirming {
        place_cursor(frame, area, dialog);
    }
}

/// The dialog's text. When the window is too short for a line per type, the types give way
/// to one line of totals, so the question always shows.
fn lines(
    state: &State,
    dialog: &RestoreDialog,
    max_rows: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let backup = &dialog.backup;
    let domain = Span::styled(dialog.domain.clone(), theme.title());
    let mut lines = Vec::new();
    match &dialog.plan {
        RestorePlan::Full => {
            lines.push(Line::from(vec![
                Span::raw("Everything on "),
                domain,
                Span::raw(" will be overwritten:"),
            ]));
            let items = format::count(u64::from(backup.total_items), "item");
            lines.push(Line::raw(format!("  {items}, {}", format::iec_size(backup.size))));
        }
        RestorePlan::Items { groups, .. } => {
            lines.push(Line::from(vec![
                Span::raw("These will be overwritten on "),
                domain,
                Span::raw(":"),
            ]));
            lines.extend(group_lines(groups));
        }
    }
    let date = format::date_or_unknown(backup.created_at, &state.tz);
    let age =
        backup.created_at.map(|at| format!(" ({})", crate::format::relative_age(at, state.now)));
    lines.push(Line::raw(format!("by the backup of {date}{}.", age.unwrap_or_default())));
    if let Some(warning) = &dialog.running_warning {
        lines.push(Line::styled(format!("Note: {warning}."), theme.error()));
    }
    lines.push(Line::raw(""));
    let question = question(dialog, theme);
    if lines.len() + question.len() > max_rows {
        shorten(&mut lines, dialog);
    }
    lines.extend(question);
    lines
}

/// A line per type: `databases (1 item)   640 MiB  wp_prod`.
fn group_lines(groups: &[TickedGroup]) -> Vec<Line<'static>> {
    groups
        .iter()
        .map(|group| {
            let count = u64::try_from(group.names.len()).unwrap_or(u64::MAX);
            let label = format!("{} ({})", group.item_type.label(), format::count(count, "item"));
            let size = format::iec_size(group.size_bytes);
            let names = group.names.join(", ");
            Line::raw(format!("  {label:<LABEL_WIDTH$} {size:>SIZE_WIDTH$}  {names}"))
        })
        .collect()
}

/// Replaces the lines per type with one line of totals and drops the blank line.
fn shorten(lines: &mut Vec<Line<'static>>, dialog: &RestoreDialog) {
    lines.pop();
    if let RestorePlan::Items { groups, .. } = &dialog.plan {
        let count: usize = groups.iter().map(|group| group.names.len()).sum();
        let size_bytes = groups.iter().map(|group| group.size_bytes).sum();
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        let total = format!("  {}, {}", format::count(count, "item"), format::iec_size(size_bytes));
        let last = lines.len() - 1;
        lines.splice(1..last, [Line::raw(total)]);
    }
}

/// The last lines: the prompt, why a confirm was refused, or that the request is on its way.
fn question(dialog: &RestoreDialog, theme: Theme) -> Vec<Line<'static>> {
    if let DialogPhase::Sending { .. } = dialog.phase {
        return vec![Line::styled("Sending the restore… (sent once, never retried)", theme.dim())];
    }
    let mut lines = Vec::new();
    let scope = if dialog.phase == DialogPhase::ConfirmingAgain {
        lines.push(Line::styled("Restore anyway? Confirm a second time.", theme.title()));
        Scope::Dialog
    } else if dialog.plan == RestorePlan::Full {
        lines.push(Line::from(vec![
            Span::raw(prompt(&dialog.domain)),
            Span::styled(dialog.typed.value().to_owned(), theme.key()),
        ]));
        Scope::Input
    } else {
        Scope::Dialog
    };
    if let Some(problem) = &dialog.problem {
        lines.push(Line::styled(problem.clone(), theme.error()));
    }
    let mut hints = Vec::new();
    for hint in keys::hints(&[scope], false) {
        hints.push(Span::styled(hint.key, theme.key()));
        hints.push(Span::raw(format!(" {}  ", hint.word)));
    }
    lines.push(Line::from(hints));
    lines
}

fn prompt(domain: &str) -> String {
    format!("Type {domain} to confirm: ")
}

/// Puts the terminal cursor after the typed domain, on the prompt line: the last line but
/// the hints and the problem, if there is one.
fn place_cursor(frame: &mut Frame, area: Rect, dialog: &RestoreDialog) {
    let inner = Block::bordered().inner(area);
    let below_prompt = 1 + u16::from(dialog.problem.is_some());
    let Some(row) = inner.height.checked_sub(below_prompt + 1) else { return };
    let prompt = prompt(&dialog.domain).chars().count();
    let column = prompt + dialog.typed.visual_cursor();
    let column = u16::try_from(column).unwrap_or(u16::MAX);
    if column < inner.width {
        frame.set_cursor_position((inner.x + column, inner.y + row));
    }
}
