//! The dashboard's wording on top of `crate::format` (dates and ages, shared with the script
//! commands): sizes as the design's screens write them, counts, short ids.

use jiff::Timestamp;
use jiff::tz::TimeZone;

const IEC_UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
const IEC_STEP: u64 = 1024;
/// Below this value a size keeps one decimal ("3.1 GiB"); above it, none ("640 MiB").
const ONE_DECIMAL_BELOW: f64 = 10.0;

/// A byte count in IEC units: `812 B`, `1.5 KiB`, `640 MiB`, `3.1 GiB`. Unlike
/// `crate::format::iec_size` (`640.0 MiB`, for aligned script tables) it drops the decimal
/// from 10 up, as the screens of DESIGN.md do, which keeps narrow columns short.
pub fn size(size_bytes: u64) -> String {
    if size_bytes < IEC_STEP {
        return format!("{size_bytes} B");
    }
    #[allow(clippy::cast_precision_loss)] // a displayed size needs three digits, not 64 bits
    let mut value = size_bytes as f64 / IEC_STEP as f64;
    let mut unit = 0;
    #[allow(clippy::cast_precision_loss)]
    while value >= IEC_STEP as f64 && unit + 1 < IEC_UNITS.len() {
        value /= IEC_STEP as f64;
        unit += 1;
    }
    if value < ONE_DECIMAL_BELOW {
        format!("{value:.1} {}", IEC_UNITS[unit])
    } else {
        format!("{value:.0} {}", IEC_UNITS[unit])
    }
}

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
    fn sizes_use_iec_units() {
        assert_eq!(size(812), "812 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(640 * 1024 * 1024), "640 MiB");
        assert_eq!(size(3_328_599_654), "3.1 GiB");
        assert_eq!(size(u64::MAX), "16 EiB");
    }

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
