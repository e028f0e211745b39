//! Drawing the dashboard into a test terminal and reading the screen back as text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use whbackup::tui::state::State;
use whbackup::tui::view;

/// The sizes every screen and dialog is checked at: the usual window, a large one, and a
/// tiny one.
pub const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (40, 12)];
/// Sizes too small for anything to show, drawn only to prove that nothing panics.
const DEGENERATE_SIZES: [(u16, u16); 4] = [(0, 0), (1, 1), (10, 3), (20, 6)];

pub fn render(state: &State) -> Buffer {
    let area = state.area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|frame| view::draw(frame, state)).unwrap();
    terminal.backend().buffer().clone()
}

pub fn text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width.max(1));
    let symbols: Vec<&str> = buffer.content.iter().map(ratatui::buffer::Cell::symbol).collect();
    symbols.chunks(width).map(<[&str]>::concat).collect::<Vec<_>>().join("\n")
}

/// The screen `build` makes at each of [`SIZES`], named `{name}_{width}x{height}`, for the
/// caller to snapshot; the degenerate sizes are drawn too.
pub fn at_sizes(name: &str, build: impl Fn(u16, u16) -> State) -> Vec<(String, String)> {
    for (width, height) in DEGENERATE_SIZES {
        render(&build(width, height));
    }
    SIZES
        .iter()
        .map(|&(width, height)| {
            (format!("{name}_{width}x{height}"), text(&render(&build(width, height))))
        })
        .collect()
}

/// Finds `needle` on screen and returns the cell where it starts.
pub fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    let width = buffer.area.width;
    for y in 0..buffer.area.height {
        let line: String = (0..width).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
        if let Some(byte) = line.find(needle) {
            let x = u16::try_from(line[..byte].chars().count()).unwrap();
            return (x, y);
        }
    }
    panic!("{needle:?} is not on screen:\n{}", text(buffer));
}

/// The screen's last line inside the frame: the footer's status line.
pub fn status_line(buffer: &Buffer) -> String {
    let screen = text(buffer);
    let lines: Vec<&str> = screen.lines().collect();
    lines.len().checked_sub(2).map_or_else(String::new, |row| lines[row].to_owned())
}
