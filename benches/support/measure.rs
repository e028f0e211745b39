//! What both benchmark binaries measure with: the median and 95th percentile of repeated
//! runs, and this process's memory as `/proc/self/status` reports it.

use std::time::Duration;

use anyhow::{Context as _, Result};

/// The percentile reported beside the median.
const PERCENTILE: usize = 95;
const KIB_PER_MIB: f64 = 1024.0;

/// The median and the nearest-rank 95th percentile of `times`, which must not be empty.
pub fn median_and_p95(times: &[Duration]) -> (Duration, Duration) {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let count = sorted.len();
    let median = if count.is_multiple_of(2) {
        (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    } else {
        sorted[count / 2]
    };
    let rank = (count * PERCENTILE).div_ceil(100).max(1);
    (median, sorted[rank - 1])
}

/// A line of `/proc/self/status` in MiB, e.g. `VmHWM` (peak resident memory).
pub fn status_mib(field: &str) -> Result<f64> {
    let status = std::fs::read_to_string("/proc/self/status").context("reading /proc")?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .with_context(|| format!("no {field} in /proc/self/status"))?;
    let kib: u32 = line.trim().trim_end_matches("kB").trim().parse()?;
    Ok(f64::from(kib) / KIB_PER_MIB)
}
