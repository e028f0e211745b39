//! How sizes, ages, dates and durations read on screen, shared by the dashboard and the script
//! commands.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// IEC units, each 1024 times the one before.
const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
const UNIT_STEP: u128 = 1024;
/// Small sizes keep one decimal: they are computed in tenths of a unit.
const TENTHS: u128 = 10;
/// From 10 of a unit up, the decimal is dropped.
const DECIMALS_BELOW_TENTHS: u128 = 10 * TENTHS;

const SECONDS_PER_MINUTE: u64 = 60;
const SECONDS_PER_HOUR: u64 = 60 * SECONDS_PER_MINUTE;
const SECONDS_PER_DAY: u64 = 24 * SECONDS_PER_HOUR;

/// How a date reads: minutes are enough to tell backups apart.
const LOCAL_TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

/// A size in IEC units, three digits at most where it can: `512 B`, `1.5 KiB`, `640 MiB`,
/// `3.1 GiB`. One decimal below 10 of a unit, none from 10 up, which keeps columns short.
pub fn iec_size(size_bytes: u64) -> String {
    let size = u128::from(size_bytes);
    if size < UNIT_STEP {
        return format!("{size_bytes} B");
    }
    let mut unit = 1;
    let mut divisor = UNIT_STEP;
    loop {
        let tenths = rounded_div(size * TENTHS, divisor);
        if tenths < DECIMALS_BELOW_TENTHS {
            return format!("{}.{} {}", tenths / TENTHS, tenths % TENTHS, UNITS[unit]);
        }
        let whole = rounded_div(size, divisor);
        // A value that rounds up to 1024 reads better as 1.0 of the next unit.
        if whole < UNIT_STEP || unit == UNITS.len() - 1 {
            return format!("{whole} {}", UNITS[unit]);
        }
        unit += 1;
        divisor *= UNIT_STEP;
    }
}

fn rounded_div(value: u128, divisor: u128) -> u128 {
    (value + divisor / 2) / divisor
}

/// How long before `now` something happened: `just now`, `5 min ago`, `3 h ago`, `12 d ago`.
/// A time in the future (clock skew) reads `in 5 min`.
pub fn relative_age(then: Timestamp, now: Timestamp) -> String {
    let elapsed_seconds = now.as_second() - then.as_second();
    let seconds = elapsed_seconds.unsigned_abs();
    let amount = if seconds < SECONDS_PER_MINUTE {
        return "just now".to_owned();
    } else if seconds < SECONDS_PER_HOUR {
        format!("{} min", seconds / SECONDS_PER_MINUTE)
    } else if seconds < SECONDS_PER_DAY {
        format!("{} h", seconds / SECONDS_PER_HOUR)
    } else {
        format!("{} d", seconds / SECONDS_PER_DAY)
    };
    if elapsed_seconds >= 0 { format!("{amount} ago") } else { format!("in {amount}") }
}

/// `seconds` as `42s`, `3m 05s` or `1h 02m`.
pub fn duration_label(seconds: f64) -> String {
    // A restore's duration is never negative nor anywhere near u64's range.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seconds = seconds.max(0.0).round() as u64;
    if seconds < SECONDS_PER_MINUTE {
        format!("{seconds}s")
    } else if seconds < SECONDS_PER_HOUR {
        format!("{}m {:02}s", seconds / SECONDS_PER_MINUTE, seconds % SECONDS_PER_MINUTE)
    } else {
        let minutes = seconds % SECONDS_PER_HOUR / SECONDS_PER_MINUTE;
        format!("{}h {minutes:02}m", seconds / SECONDS_PER_HOUR)
    }
}

/// A date in the given time zone, to the minute.
pub fn time_in(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone()).strftime(LOCAL_TIME_FORMAT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIB: u64 = 1024;
    const MIB: u64 = KIB * KIB;
    const GIB: u64 = KIB * MIB;

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(duration_label(0.4), "0s");
        assert_eq!(duration_label(42.0), "42s");
        assert_eq!(duration_label(185.2), "3m 05s");
        assert_eq!(duration_label(3720.0), "1h 02m");
    }

    #[test]
    fn sizes_take_the_largest_unit_that_keeps_them_short() {
        assert_eq!(iec_size(0), "0 B");
        assert_eq!(iec_size(1023), "1023 B");
        assert_eq!(iec_size(KIB), "1.0 KiB");
        assert_eq!(iec_size(KIB + KIB / 2), "1.5 KiB");
        assert_eq!(iec_size(640 * MIB), "640 MiB");
        assert_eq!(iec_size(9 * MIB + MIB / 2), "9.5 MiB");
        assert_eq!(iec_size(3 * GIB + GIB / 10), "3.1 GiB");
        assert_eq!(iec_size(u64::MAX), "16 EiB");
    }

    #[test]
    fn sizes_that_round_up_to_1024_move_to_the_next_unit() {
        assert_eq!(iec_size(MIB - 1), "1.0 MiB");
        assert_eq!(iec_size(KIB * 1023 + 400), "1023 KiB");
        assert_eq!(iec_size(KIB * 1023 + 900), "1.0 MiB");
    }

    #[test]
    fn ages_use_the_largest_whole_unit() {
        let now: Timestamp = "2026-12-03T12:00:00Z".parse().unwrap();
        let ago = |seconds: i64| relative_age(now - jiff::SignedDuration::from_secs(seconds), now);
        assert_eq!(ago(59), "just now");
        assert_eq!(ago(-30), "just now");
        assert_eq!(ago(5 * 60 + 59), "5 min ago");
        assert_eq!(ago(3 * 3600 + 1), "3 h ago");
        assert_eq!(ago(12 * 86_400), "12 d ago");
        assert_eq!(ago(-2 * 3600), "in 2 h");
    }

    #[test]
    fn dates_show_in_the_given_zone_to_the_minute() {
        let at: Timestamp = "2026-12-01T02:12:59Z".parse().unwrap();
        assert_eq!(time_in(at, &TimeZone::UTC), "2026-12-01 02:12");
        let paris = TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(time_in(at, &paris), "2026-12-01 03:12");
    }
}
