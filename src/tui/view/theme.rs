//! The dashboard's styles. Colour carries meaning (a damaged backup is red), so with
//! `NO_COLOR` every style keeps its emphasis through bold, reverse or dim alone.

use ratatui::style::{Color, Modifier, Style};

use crate::api::{BackupStatus, HostingStatus, ProgressStatus};
use crate::tui::state::{NoticeKind, RestoreStatus, State};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn of(state: &State) -> Self {
        Self { color: state.color }
    }

    /// No colours, for tests that look at text alone.
    #[cfg(test)]
    pub fn plain() -> Self {
        Self { color: false }
    }

    fn fg(self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// The pane that has the keys gets a bright border title.
    pub fn focused_title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn column_titles(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The row under the cursor; dimmer when its list does not have the keys.
    pub fn selected(self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn dim(self) -> Style {
        if self.color { self.fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn notice(self, kind: NoticeKind) -> Style {
        match kind {
            NoticeKind::Info => self.fg(Color::Green),
            NoticeKind::Error => self.error(),
        }
    }

    pub fn hosting_status(self, status: &HostingStatus) -> Style {
        match status {
            HostingStatus::Ready => self.fg(Color::Green),
            HostingStatus::Error | HostingStatus::PaymentFailed => self.error(),
            HostingStatus::Locked | HostingStatus::PaymentPending => {
                self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
            }
            _ => self.fg(Color::Cyan),
        }
    }

    /// Backups and items: damaged, locked, restoring and disabled stand out.
    pub fn backup_status(self, status: &BackupStatus) -> Style {
        match status {
            BackupStatus::Damaged => self.error(),
            BackupStatus::Locked => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            BackupStatus::Restoring => {
                self.fg(Color::Magenta).add_modifier(Modifier::BOLD | Modifier::ITALIC)
            }
            BackupStatus::Disabled => self.dim(),
            _ => Style::new(),
        }
    }

    pub fn restore_status(self, status: &RestoreStatus) -> Style {
        match status {
            RestoreStatus::Sending => self.dim(),
            RestoreStatus::SentUntracked => self.fg(Color::Green),
            RestoreStatus::NotSent(_) => self.error(),
            RestoreStatus::MayHaveStarted(_) | RestoreStatus::OutcomeUnknown(_) => {
                self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
            }
            RestoreStatus::Progress(status) => self.progress_status(status),
        }
    }

    pub fn progress_status(self, status: &ProgressStatus) -> Style {
        match status {
            ProgressStatus::Completed => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            ProgressStatus::PartiallyCompleted => {
                self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
            }
            ProgressStatus::Failed | ProgressStatus::Aborted | ProgressStatus::NeverFinished => {
                self.error()
            }
            _ => self.fg(Color::Cyan),
        }
    }
}
