//! The restore dialog: which hosting, what will be overwritten (by type, with sizes), from
//! which backup, and the question. A full restore asks for the domain to be typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, centered};
use crate::tui::format;
use crate::tui::keys::{self, Scope};
use crate::tui::state::{DialogPhase, RestoreDialog, RestorePlan, State};

const DIALOG_WIDTH: u16 = 72;
/// Room for the borders and the blank lines around the content.
const CHROME_ROWS: u16 = 2;
/// Columns a group's label and size take before the item names.
const LABEL_WIDTH: usize = 18;
const SIZE_WIDTH: usize = 9;

pub fn draw(frame: &mut Frame, state: &State, dialog: &RestoreDialog, theme: Theme) {
    let lines = lines(state, dialog, theme);
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(CHROME_ROWS);
    let area = centered(frame.area(), DIALOG_WIDTH, height);
    let title = match dialog.plan {
        RestorePlan::Full => " Restore the whole backup ",
        RestorePlan::Items { .. } => " Restore items ",
    };
    let block =
        Block::bordered().title(title).title_style(theme.title()).border_style(theme.error());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
    if dialog.plan == RestorePlan::Full && dialog.phase == DialogPhase::Confirming {
        place_cursor(frame, area, dialog);
    }
}

fn lines(state: &State, dialog: &RestoreDialog, theme: Theme) -> Vec<Line<'static>> {
    let backup = &dialog.backup;
    let date = format::date_or_unknown(backup.created_at, &state.tz);
    let age = backup.created_at.map(|at| format!(", {}", format::ago(at, state.now)));
    let mut lines = vec![Line::from(vec![
        Span::raw("This overwrites on "),
        Span::styled(dialog.domain.clone(), theme.title()),
        Span::raw(":"),
    ])];
    match &dialog.plan {
        RestorePlan::Full => {
            let items = format::count(u64::from(backup.total_items), "item");
            let size = format::size(backup.size);
            lines.push(Line::raw(format!("  everything: {items}, {size}")));
        }
        RestorePlan::Items { groups, .. } => {
            for group in groups {
                let count = u64::try_from(group.names.len()).unwrap_or(u64::MAX);
                let label =
                    format!("{} ({})", group.item_type.label(), format::count(count, "item"));
                let size = format::size(group.size_bytes);
                let names = group.names.join(", ");
                lines.push(Line::raw(format!(
                    "  {label:<LABEL_WIDTH$} {size:>SIZE_WIDTH$}  {names}"
                )));
            }
        }
    }
    lines.push(Line::raw(format!("with the backup of {date}{}.", age.unwrap_or_default())));
    lines.push(Line::raw(""));
    lines.extend(question(dialog, theme));
    lines
}

/// The last lines: the prompt, why a confirm was refused, or that the request is on its way.
fn question(dialog: &RestoreDialog, theme: Theme) -> Vec<Line<'static>> {
    if let DialogPhase::Sending { .. } = dialog.phase {
        return vec![Line::styled("Sending the restore… (sent once, never retried)", theme.dim())];
    }
    let mut lines = Vec::new();
    let scope = if dialog.plan == RestorePlan::Full {
        lines.push(Line::from(vec![
            Span::raw(format!("Type {} to confirm: ", dialog.domain)),
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
    for (key, word) in keys::hints(&[scope], false) {
        hints.push(Span::styled(key, theme.key()));
        hints.push(Span::raw(format!(" {word}  ")));
    }
    lines.push(Line::from(hints));
    lines
}

/// Puts the terminal cursor after the typed domain.
fn place_cursor(frame: &mut Frame, area: Rect, dialog: &RestoreDialog) {
    let inner = Block::bordered().inner(area);
    let Some(row) = inner.height.checked_sub(if dialog.problem.is_some() { 3 } else { 2 }) else {
        return;
    };
    let prompt = format!("Type {} to confirm: ", dialog.domain).chars().count();
    let column = prompt + dialog.typed.visual_cursor();
    let column = u16::try_from(column).unwrap_or(u16::MAX);
    if column < inner.width {
        frame.set_cursor_position((inner.x + column, inner.y + row));
    }
}
