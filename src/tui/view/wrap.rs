//! Word wrapping of styled lines, done before drawing so that a box knows how many rows its
//! text takes (ratatui's own wrapping happens only as it draws).

use ratatui::text::{Line, Span};

/// `line` broken at spaces into lines of at most `width` columns, each span keeping its
/// style. A word longer than `width` is split where the width ends. The spaces a break
/// falls on are dropped.
pub fn wrap(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in &line.spans {
        for word in words(&span.content) {
            let word_width = Span::raw(word).width();
            let blank = word.trim().is_empty();
            if used + word_width > width && used > 0 {
                lines.push(finish(&mut current, line));
                used = 0;
                if blank {
                    continue;
                }
            }
            for piece in split_to_fit(word, width) {
                if used > 0 && used + Span::raw(piece.as_str()).width() > width {
                    lines.push(finish(&mut current, line));
                    used = 0;
                }
                used += Span::raw(piece.as_str()).width();
                current.push(Span::styled(piece, span.style));
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(finish(&mut current, line));
    }
    lines
}

/// The spans gathered so far as a line styled like `source`, without the spaces it ends on.
fn finish(spans: &mut Vec<Span<'static>>, source: &Line<'static>) -> Line<'static> {
    let mut spans = std::mem::take(spans);
    while spans.last().is_some_and(|span| span.content.trim().is_empty()) && spans.len() > 1 {
        spans.pop();
    }
    Line::from(spans).style(source.style)
}

/// Words with the spaces after them kept apart: `"a  b"` gives `"a"`, `"  "`, `"b"`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let is_space = first == ' ';
        let end = rest.find(|c: char| (c == ' ') != is_space).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        rest = tail;
        Some(word)
    })
}

/// A word cut into pieces of at most `width` columns.
fn split_to_fit(word: &str, width: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut used = 0;
    for c in word.chars() {
        let c_width = Span::raw(c.to_string()).width();
        if used + c_width > width && used > 0 {
            pieces.push(String::new());
            used = 0;
        }
        used += c_width;
        pieces.last_mut().expect("there is always a piece").push(c);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn texts(lines: &[Line<'static>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn breaks_at_spaces_and_keeps_styles() {
        let bold = Style::new().bold();
        let line = Line::from(vec![
            Span::raw("These will be overwritten on "),
            Span::styled("example.com", bold),
            Span::raw(":"),
        ]);
        let lines = wrap(&line, 20);
        assert_eq!(texts(&lines), ["These will be", "overwritten on", "example.com:"]);
        assert_eq!(lines[2].spans[0].style, bold, "the domain keeps its style");
        assert_eq!(wrap(&line, 80).len(), 1);
    }

    #[test]
    fn a_long_word_is_split_and_an_empty_line_stays() {
        assert_eq!(texts(&wrap(&Line::raw("abcdefghij"), 4)), ["abcd", "efgh", "ij"]);
        assert_eq!(texts(&wrap(&Line::raw(""), 4)), [""]);
        assert_eq!(wrap(&Line::raw("a b"), 0).len(), 2, "a zero width is taken as one");
    }
}
