//! The terminal, set up and given back in one place: raw mode, the alternate screen and
//! mouse capture go on in `Tui::enter` and come off in `restore`, which also runs on a panic
//! of the thread that holds the terminal, on drop, and before the process stops for Ctrl-Z.

use std::io::{self, Stdout, Write as _};
use std::panic::PanicHookInfo;
use std::sync::{Mutex, MutexGuard, Once, PoisonError};
use std::thread::{self, ThreadId};

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
}

static PANIC_HOOK: Once = Once::new();
/// The thread that holds the terminal, while one does.
static OWNER: Mutex<Option<ThreadId>> = Mutex::new(None);

impl Tui {
    /// Takes the terminal over for the calling thread. A panic of that thread from now on
    /// restores the terminal before the panic message prints, so the message is readable and
    /// the shell usable. A panic of any other thread goes to the log and leaves the terminal
    /// alone: the dashboard is still drawing on it.
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let mut tui = Self { terminal };
        tui.take_over()?;
        Ok(tui)
    }

    fn take_over(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        *owner_slot() = Some(thread::current().id());
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, cursor::Hide)?;
        self.terminal.clear()
    }

    /// Gives the terminal back; safe to call more than once.
    // Which thread holds the terminal is process-wide state; `&mut self` leaves the call
    // to the holder all the same.
    #[allow(clippy::unused_self)]
    pub fn restore(&mut self) -> io::Result<()> {
        give_back()
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

/// Undoes everything `Tui::enter` did, once: a second call finds the terminal given back and
/// writes nothing. (Leaving the alternate screen twice would move the cursor back to where
/// the dashboard started and write over what was printed since, a panic message say.)
fn give_back() -> io::Result<()> {
    if owner_slot().take().is_none() {
        return Ok(());
    }
    let screen = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    disable_raw_mode()?;
    screen
}

/// Who holds the terminal. Never held across a call that could panic.
fn owner_slot() -> MutexGuard<'static, Option<ThreadId>> {
    OWNER.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the panic hook does about the terminal.
#[derive(Debug, PartialEq, Eq)]
enum OnPanic {
    /// The thread holding the terminal panicked: give the terminal back, then print.
    RestoreThenPrint,
    /// Another thread panicked while the dashboard draws: a message on the terminal would
    /// land in the middle of a frame, so it goes to the log only.
    LogOnly,
    /// Nobody holds the terminal: print as usual.
    Print,
}

fn on_panic(owner: Option<ThreadId>, panicking: ThreadId) -> OnPanic {
    match owner {
        Some(owner) if owner == panicking => OnPanic::RestoreThenPrint,
        Some(_) => OnPanic::LogOnly,
        None => OnPanic::Print,
    }
}

fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            log_panic(info);
            let owner = *owner_slot();
            match on_panic(owner, thread::current().id()) {
                OnPanic::RestoreThenPrint => {
                    let _ = give_back();
                    previous(info);
                }
                OnPanic::LogOnly => {}
                OnPanic::Print => previous(info),
            }
        }));
    });
}

/// Writes a panic to the log file, naming the thread it happened on.
fn log_panic(info: &PanicHookInfo<'_>) {
    let current = thread::current();
    let thread = current.name().unwrap_or("unnamed");
    tracing::error!(thread, panic = %info, "a thread panicked");
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

    #[test]
    fn only_the_thread_holding_the_terminal_restores_it_on_panic() {
        let here = thread::current().id();
        let elsewhere = thread::spawn(|| thread::current().id()).join().unwrap();
        assert_eq!(on_panic(Some(here), here), OnPanic::RestoreThenPrint);
        assert_eq!(on_panic(Some(here), elsewhere), OnPanic::LogOnly);
        assert_eq!(on_panic(None, here), OnPanic::Print);
    }
}
