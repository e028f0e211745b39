//! The dashboard's wording on top of `crate::format` (sizes, dates and ages, shared with the
//! script commands): unknown dates, counts, short ids.

pub use crate::format::{duration_label, iec_size};

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A moment in `tz` to the minute (`2026-12-01 03:12`), or `unknown date` when the API sent
/// none.
pub fn date_or_unknown(at: Option<Timestamp>, tz: &TimeZone) -> String {
    at.map_or_else(|| "unknown date".to_owned(), |at| crate::format::time_in(at, tz))
}

/// `1 item`, `3 items`.
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The first characters of an id, enough to tell restores apart: `3f2a1b…`.
pub fn short_id(id: &str) -> String {
    const SHOWN_CHARS: usize = 6;
    if id.chars().count() <= SHOWN_CHARS {
        return id.to_owned();
    }
    let head: String = id.chars().take(SHOWN_CHARS).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_use_the_given_zone() {
        let at: Timestamp = "2026-12-01T03:12:45Z".parse().unwrap();
        assert_eq!(date_or_unknown(Some(at), &TimeZone::UTC), "2026-12-01 03:12");
        let paris = TimeZone::fixed(jiff::tz::offset(1));
        assert_eq!(date_or_unknown(Some(at), &paris), "2026-12-01 04:12");
        assert_eq!(date_or_unknown(None, &paris), "unknown date");
    }

    #[test]
    fn counts_and_ids() {
        assert_eq!(count(1, "item"), "1 item");
        assert_eq!(count(42, "item"), "42 items");
        assert_eq!(short_id("3f2a1b2c-aaaa"), "3f2a1b…");
        assert_eq!(short_id("abc"), "abc");
    }
}
