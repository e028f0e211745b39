//! The terminal, set up and given back in one place: raw mode, the alternate screen and
//! mouse capture go on in `Tui::enter` and come off in `restore`, which also runs on panic,
//! on drop, and before the process stops for Ctrl-Z.

use std::io::{self, Stdout, Write as _};
use std::sync::Once;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

type Backend = CrosstermBackend<Stdout>;

/// The dashboard's hold on the terminal; dropping it gives the terminal back.
pub struct Tui {
    pub terminal: Terminal<Backend>,
    active: bool,
}

static PANIC_HOOK: Once = Once::new();

impl Tui {
    /// Takes the terminal over. A panic anywhere from now on restores it before the panic
    /// message prints, so the message is readable and the shell usable.
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let mut tui = Self { terminal, active: false };
        tui.take_over()?;
        Ok(tui)
    }

    fn take_over(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        self.active = true;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, cursor::Hide)?;
        self.terminal.clear()
    }

    /// Gives the terminal back; safe to call more than once.
    pub fn restore(&mut self) -> io::Result<()> {
        if !self.active {
            return Ok(());
        }
        self.active = false;
        restore()
    }

    /// Ctrl-Z: gives the terminal back and stops the process as the shell's own Ctrl-Z
    /// would. When `fg` continues it, takes the terminal over again and clears it, so the
    /// next frame redraws everything.
    pub fn suspend(&mut self) -> io::Result<()> {
        self.restore()?;
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        self.take_over()
    }
}

/// How the terminal is told that a watched restore ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Notify {
    /// The terminal bell (BEL).
    #[default]
    Bell,
    /// A desktop notification through OSC 9 (`iTerm2`, kitty, `WezTerm`, foot, ...).
    Osc9,
    /// A desktop notification through OSC 777 (urxvt, VTE terminals such as GNOME's).
    Osc777,
    /// Nothing beyond the notice on screen.
    Off,
}

/// The bell, which also ends an OSC sequence.
const BEL: &str = "\x07";
/// The title of a desktop notification.
const ALERT_TITLE: &str = "whbackup";

/// The bytes that tell the terminal `body` happened, as `notify` asks. Control characters in
/// `body` are dropped, so the text cannot end the sequence early or start another.
fn alert_bytes(notify: Notify, body: &str) -> Vec<u8> {
    let body: String = body.chars().filter(|c| !c.is_control()).collect();
    let text = match notify {
        Notify::Bell => BEL.to_owned(),
        Notify::Osc9 => format!("\x1b]9;{body}{BEL}"),
        Notify::Osc777 => format!("\x1b]777;notify;{ALERT_TITLE};{body}{BEL}"),
        Notify::Off => String::new(),
    };
    text.into_bytes()
}

impl Tui {
    /// Tells the terminal that `body` happened, as `notify` asks; written between frames.
    pub fn alert(&mut self, notify: Notify, body: &str) -> io::Result<()> {
        let bytes = alert_bytes(notify, body);
        if bytes.is_empty() {
            return Ok(());
        }
        let backend = self.terminal.backend_mut();
        backend.write_all(&bytes)?;
        backend.flush()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // Nothing is left to report to once the dashboard is gone.
        let _ = self.restore();
    }
}

/// Undoes everything `Tui::enter` did, whatever state the terminal is in.
fn restore() -> io::Result<()> {
    let screen = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    disable_raw_mode()?;
    screen
}

fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notify_mode_writes_its_sequence() {
        assert_eq!(alert_bytes(Notify::Bell, "done"), b"\x07");
        assert_eq!(alert_bytes(Notify::Osc9, "done"), b"\x1b]9;done\x07");
        let osc777 = alert_bytes(Notify::Osc777, "a\x07b");
        assert_eq!(osc777, b"\x1b]777;notify;whbackup;ab\x07");
        assert!(alert_bytes(Notify::Off, "done").is_empty());
    }
}
