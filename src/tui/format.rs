//! How the dashboard writes sizes, dates and ages: IEC units, local time, "3 h ago".

use jiff::Timestamp;
use jiff::tz::TimeZone;

const IEC_UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
const IEC_STEP: u64 = 1024;
/// Below this value a size keeps one decimal ("3.1 GiB"); above it, none ("640 MiB").
const ONE_DECIMAL_BELOW: f64 = 10.0;

const SECONDS_PER_MINUTE: i64 = 60;
const SECONDS_PER_HOUR: i64 = 60 * SECONDS_PER_MINUTE;
const SECONDS_PER_DAY: i64 = 24 * SECONDS_PER_HOUR;
/// Ages under this many hours are told in hours, older ones in days.
const HOURS_BEFORE_DAYS: i64 = 48;

/// A byte count in IEC units: `812 B`, `1.5 KiB`, `640 MiB`, `3.1 GiB`.
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

/// A moment as a person reads it in `tz`: `2026-12-01 03:12`.
pub fn local_time(at: Timestamp, tz: &TimeZone) -> String {
    tz.to_datetime(at).strftime("%Y-%m-%d %H:%M").to_string()
}

/// Like `local_time`, for a moment the API may not have sent.
pub fn date_or_unknown(at: Option<Timestamp>, tz: &TimeZone) -> String {
    at.map_or_else(|| "unknown date".to_owned(), |at| local_time(at, tz))
}

/// How long before `now` a moment was: `just now`, `12 min ago`, `3 h ago`, `5 d ago`.
pub fn ago(at: Timestamp, now: Timestamp) -> String {
    let seconds = now.as_second() - at.as_second();
    if seconds < SECONDS_PER_MINUTE {
        "just now".to_owned()
    } else if seconds < SECONDS_PER_HOUR {
        format!("{} min ago", seconds / SECONDS_PER_MINUTE)
    } else if seconds < HOURS_BEFORE_DAYS * SECONDS_PER_HOUR {
        format!("{} h ago", seconds / SECONDS_PER_HOUR)
    } else {
        format!("{} d ago", seconds / SECONDS_PER_DAY)
    }
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
    fn ages_read_naturally() {
        let now: Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(ago(at("2026-12-01T11:59:30Z"), now), "just now");
        assert_eq!(ago(at("2026-12-01T11:48:00Z"), now), "12 min ago");
        assert_eq!(ago(at("2026-12-01T09:00:00Z"), now), "3 h ago");
        assert_eq!(ago(at("2026-11-26T12:00:00Z"), now), "5 d ago");
        assert_eq!(ago(at("2026-12-02T12:00:00Z"), now), "just now");
    }

    #[test]
    fn local_time_uses_the_given_zone() {
        let at: Timestamp = "2026-12-01T03:12:45Z".parse().unwrap();
        assert_eq!(local_time(at, &TimeZone::UTC), "2026-12-01 03:12");
        let paris = TimeZone::fixed(jiff::tz::offset(1));
        assert_eq!(local_time(at, &paris), "2026-12-01 04:12");
    }

    #[test]
    fn counts_and_ids() {
        assert_eq!(count(1, "item"), "1 item");
        assert_eq!(count(42, "item"), "42 items");
        assert_eq!(short_id("3f2a1b2c-aaaa"), "3f2a1b…");
        assert_eq!(short_id("abc"), "abc");
    }
}
