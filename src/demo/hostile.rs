//! The seeded hostile network: latency with jitter, bursts of 429, server errors, malformed
//! bodies, dropped connections and hung requests.
//!
//! Each request's fate is drawn from the seed and the request's number only, so a run of
//! requests sent one after the other meets the same faults every time. A drawn fate is a
//! [`Fault`], applied by the gate exactly as an injected one is; there is one fault machinery.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use super::DemoConfig;
use super::errors::ApiFailure;
use super::faults::Fault;
use super::gate::REQUEST_ID_HEADER;
use super::ids::hash;

/// The most latency, jitter included, a request may be given.
pub const MAX_LATENCY_MS: u64 = 10_000;
/// The largest padded answer `huge_response_mb` may ask for.
pub const MAX_HUGE_RESPONSE_MB: u64 = 1024;
const BYTES_PER_MB: u64 = 1024 * 1024;

/// Resolution of every seeded draw.
const ROLL_STEPS: u64 = 1_000_000;
/// One stream of draws per knob, so that turning one knob on leaves the others' draws as
/// they were. Each value spells two letters of its knob in ASCII (`FA` for fail).
const FAIL_STREAM: u64 = 0x4641;
const JITTER_STREAM: u64 = 0x4a49;
const DROP_STREAM: u64 = 0x4452;
const HANG_STREAM: u64 = 0x4841;
const MALFORMED_STREAM: u64 = 0x4d41;

/// What a gateway in front of the API answers when the API behind it fails.
const GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
    <body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
    </body>\r\n</html>\r\n";
/// What a captive portal or a misconfigured proxy answers, with status 200.
const PORTAL_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Sign in to the network</title>\
    </head><body><p>You must sign in before you can use this network.</p></body></html>\n";

/// Bursts of rate limiting: after `after` requests, the next `count` are answered 429
/// `too_many_requests`, then the cycle starts again. Written `AFTER:COUNT` on the command
/// line. The cycle counts every request the server receives, from its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Burst429 {
    pub after: u64,
    pub count: u64,
}

impl Burst429 {
    /// Whether request `number` (from 0) falls in a burst.
    fn refuses(self, number: u64) -> bool {
        number % (self.after + self.count) >= self.after
    }
}

impl FromStr for Burst429 {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let wrong = || format!("{raw:?} is not AFTER:COUNT, two whole numbers above 0, e.g. 20:5");
        let (after, count) = raw.split_once(':').ok_or_else(wrong)?;
        let after: u64 = after.trim().parse().map_err(|_| wrong())?;
        let count: u64 = count.trim().parse().map_err(|_| wrong())?;
        if after == 0 || count == 0 {
            return Err(wrong());
        }
        Ok(Self { after, count })
    }
}

impl fmt::Display for Burst429 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.after, self.count)
    }
}

/// The hostile knobs of one server, checked.
#[derive(Debug, Clone)]
pub struct Hostility {
    seed: u64,
    latency_ms: u64,
    latency_jitter_ms: u64,
    fail_rate: f64,
    burst_429: Option<Burst429>,
    malformed_rate: f64,
    drop_rate: f64,
    hang_rate: f64,
    /// The size padded answers reach; 0 leaves answers as they are.
    pub huge_response_bytes: u64,
}

impl Hostility {
    /// The knobs of `config`, or a message naming the first one out of range.
    pub fn new(config: &DemoConfig) -> Result<Self, String> {
        let rates = [
            ("fail rate", config.fail_rate),
            ("malformed rate", config.malformed_rate),
            ("drop rate", config.drop_rate),
            ("hang rate", config.hang_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be from 0 to 1, not {rate}"));
            }
        }
        let latency_ms = config.latency_ms.saturating_add(config.latency_jitter_ms);
        if latency_ms > MAX_LATENCY_MS {
            return Err(format!(
                "latency and its jitter must add up to {MAX_LATENCY_MS} ms at most, not \
                 {latency_ms} ms"
            ));
        }
        if config.huge_response_mb > MAX_HUGE_RESPONSE_MB {
            return Err(format!(
                "huge responses may be {MAX_HUGE_RESPONSE_MB} MiB at most, not {} MiB",
                config.huge_response_mb
            ));
        }
        if let Some(burst) = config.burst_429
            && (burst.after == 0 || burst.count == 0)
        {
            return Err(format!("a 429 burst needs both numbers above 0, not {burst}"));
        }
        Ok(Self {
            seed: config.seed,
            latency_ms: config.latency_ms,
            latency_jitter_ms: config.latency_jitter_ms,
            fail_rate: config.fail_rate,
            burst_429: config.burst_429,
            malformed_rate: config.malformed_rate,
            drop_rate: config.drop_rate,
            hang_rate: config.hang_rate,
            huge_response_bytes: config.huge_response_mb * BYTES_PER_MB,
        })
    }

    /// The latency added before request `number` is answered: the fixed part plus a seeded
    /// share of the jitter.
    pub fn latency(&self, number: u64) -> Duration {
        let jitter_ms = match self.latency_jitter_ms {
            0 => 0,
            jitter_ms => hash(&[self.seed, JITTER_STREAM, number]) % (jitter_ms + 1),
        };
        Duration::from_millis(self.latency_ms + jitter_ms)
    }

    /// The fault request `number` meets, if any. The knobs are tried in this order and the
    /// first that fires decides: a 429 burst, a dropped connection, a hang, a malformed
    /// answer, a server error.
    pub fn fault(&self, number: u64, request_id: &str) -> Option<Fault> {
        if self.burst_429.is_some_and(|burst| burst.refuses(number)) {
            return Some(failure_fault(&ApiFailure::TooManyRequests, request_id));
        }
        if let Some(roll) = self.draw(DROP_STREAM, self.drop_rate, number) {
            return Some(if roll % 2 == 0 { Fault::Drop } else { Fault::DropAfterHandling });
        }
        if self.draw(HANG_STREAM, self.hang_rate, number).is_some() {
            return Some(Fault::Hang);
        }
        if let Some(roll) = self.draw(MALFORMED_STREAM, self.malformed_rate, number) {
            return Some(malformed(roll, request_id));
        }
        let roll = self.draw(FAIL_STREAM, self.fail_rate, number)?;
        let kinds = [ApiFailure::Internal, ApiFailure::Unavailable, ApiFailure::TooManyRequests];
        Some(failure_fault(&kinds[pick(roll, kinds.len())], request_id))
    }

    /// Whether request `number` is in the `rate` share of `stream`; when it is, the roll's
    /// spare bits, for choosing among the knob's kinds of fault.
    fn draw(&self, stream: u64, rate: f64, number: u64) -> Option<u64> {
        if rate <= 0.0 {
            return None;
        }
        let roll = hash(&[self.seed, stream, number]);
        let step = roll % ROLL_STEPS;
        // Both sides are below 2^53, so the conversions are exact.
        #[allow(clippy::cast_precision_loss)]
        let fires = (step as f64) < rate * ROLL_STEPS as f64;
        fires.then_some(roll >> 32)
    }
}

/// A malformed answer chosen by `roll`: the real answer cut mid-way, a gateway's 502 page,
/// or an HTML page with status 200.
fn malformed(roll: u64, request_id: &str) -> Fault {
    let html = |status: u16, page: &str| Fault::Respond {
        status,
        headers: vec![
            ("content-type".into(), "text/html; charset=utf-8".into()),
            (REQUEST_ID_HEADER.into(), request_id.into()),
        ],
        body: page.into(),
    };
    match pick(roll, 3) {
        0 => Fault::Truncate,
        1 => html(502, GATEWAY_PAGE),
        _ => html(200, PORTAL_PAGE),
    }
}

/// `failure` as a fault that answers it, request id included.
fn failure_fault(failure: &ApiFailure, request_id: &str) -> Fault {
    Fault::Respond {
        status: failure.status().as_u16(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            (REQUEST_ID_HEADER.into(), request_id.into()),
        ],
        body: failure.body().to_string(),
    }
}

/// An index below `len` taken from `roll`.
fn pick(roll: u64, len: usize) -> usize {
    usize::try_from(roll % len as u64).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_follow_the_request_count() {
        let burst = Burst429 { after: 3, count: 2 };
        let refused: Vec<bool> = (0..10).map(|number| burst.refuses(number)).collect();
        let expected = [false, false, false, true, true, false, false, false, true, true];
        assert_eq!(refused, expected);
    }

    #[test]
    fn bursts_parse_from_the_command_line() {
        assert_eq!("20:5".parse(), Ok(Burst429 { after: 20, count: 5 }));
        for bad in ["20", "0:5", "5:0", "a:b", "1:2:3", ""] {
            assert!(bad.parse::<Burst429>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn knobs_out_of_range_are_refused() {
        let base = DemoConfig::default();
        let bad = [
            DemoConfig { drop_rate: 1.5, ..base.clone() },
            DemoConfig { hang_rate: -0.1, ..base.clone() },
            DemoConfig { malformed_rate: f64::NAN, ..base.clone() },
            DemoConfig { latency_ms: 9_000, latency_jitter_ms: 1_001, ..base.clone() },
            DemoConfig { huge_response_mb: MAX_HUGE_RESPONSE_MB + 1, ..base.clone() },
            DemoConfig { burst_429: Some(Burst429 { after: 0, count: 1 }), ..base.clone() },
        ];
        for config in bad {
            assert!(Hostility::new(&config).is_err(), "{config:?}");
        }
        assert!(Hostility::new(&DemoConfig { latency_ms: MAX_LATENCY_MS, ..base }).is_ok());
    }

    #[test]
    fn jitter_stays_in_range_and_varies() {
        let config = DemoConfig { latency_ms: 100, latency_jitter_ms: 50, ..Default::default() };
        let knobs = Hostility::new(&config).unwrap();
        let latencies: Vec<Duration> = (0..50).map(|number| knobs.latency(number)).collect();
        let range = Duration::from_millis(100)..=Duration::from_millis(150);
        assert!(latencies.iter().all(|latency| range.contains(latency)), "{latencies:?}");
        assert!(latencies.iter().any(|latency| *latency != latencies[0]), "{latencies:?}");
    }

    #[test]
    fn rates_are_shares_of_the_requests() {
        let knobs = Hostility::new(&DemoConfig { drop_rate: 0.25, ..Default::default() }).unwrap();
        let dropped = (0..4000).filter(|&number| knobs.fault(number, "r").is_some()).count();
        assert!((800..1200).contains(&dropped), "{dropped} of 4000 dropped");
        let none = Hostility::new(&DemoConfig::default()).unwrap();
        assert!((0..1000).all(|number| none.fault(number, "r").is_none()));
    }
}
