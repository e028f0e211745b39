//! How the client copes with size: the same calls against the demo server at its default size
//! and at scale (1,000 hostings, 500 backups per hosting, 200,000 items per backup), one page
//! fetched with plain HTTP at three list sizes, and the peak memory of the process once the
//! 200,000 items are decoded. Run with `cargo bench --bench scale`; it prints a table.
//!
//! The server runs in this process, so the times and the memory include its side of each
//! call: building the answer as well as sending, receiving and decoding it.

#[path = "support/measure.rs"]
mod measure;

use std::fmt::Write as _;
use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, ensure};
use measure::{median_and_p95, status_mib};
use whbackup::api::{Client, ClientOptions, Endpoint, ListBackupItemsResponse, SecretKey};
use whbackup::demo::{DemoConfig, DemoServer};

const TOKEN: &str = "bbbbbbbb-1111-4222-8333-444444444444";
const REGION: &str = "fr-par";
const REGION_PATH: &str = "/webhosting/v1/regions/fr-par";

const SCALE_HOSTINGS: usize = 1_000;
const SCALE_BACKUPS: usize = 500;
const SCALE_ITEMS: usize = 200_000;
/// A list far longer than any real account, to show a page does not grow with the list.
const HUGE_HOSTINGS: usize = 1_000_000;
const PAGE_SIZE: usize = 100;

/// Timed runs of each light measurement, after one untimed first run.
const RUNS: usize = 30;
/// Timed runs of the 200,000-item list, which takes about half a second each.
const HEAVY_RUNS: usize = 7;
/// Generous, so the 200,000-item answer never trips the client's time limit.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
const BYTES_PER_KIB: u64 = 1024;

/// One line of the table.
struct Row {
    what: String,
    size: String,
    objects: usize,
    first_ms: f64,
    runs: Vec<Duration>,
}

/// A demo server with a client and a plain HTTP client for it.
struct Target {
    server: DemoServer,
    client: Client,
    http: reqwest::Client,
    label: &'static str,
}

impl Target {
    async fn start(config: DemoConfig, label: &'static str) -> Result<Self> {
        let listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let server = DemoServer::start(config, listen, TOKEN.to_owned()).await?;
        let endpoint = Endpoint {
            api_url: server.url.clone(),
            region: REGION.to_owned(),
            secret_key: SecretKey::new(TOKEN),
            profile: "bench".to_owned(),
            key_source: "the benchmark".to_owned(),
        };
        let options =
            ClientOptions { request_timeout: REQUEST_TIMEOUT, ..ClientOptions::default() };
        let client = Client::with_options(endpoint, options)?;
        let http = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).no_proxy().build()?;
        Ok(Self { server, client, http, label })
    }

    /// ListHostings, every page, through the client.
    async fn all_hostings(&self, runs: usize) -> Result<Row> {
        let list = || async { Ok(self.client.list_hostings().await?.len()) };
        measure("ListHostings, all pages", self.label, runs, list).await
    }

    /// ListBackups of the first hosting, every page, through the client.
    async fn all_backups(&self, runs: usize) -> Result<Row> {
        let hosting = self.server.hosting_id(0);
        let list = || async { Ok(self.client.list_backups(&hosting).await?.len()) };
        measure("ListBackups, all pages", self.label, runs, list).await
    }

    /// ListBackupItems of the newest backup of the first hosting, through the client.
    async fn all_items(&self, runs: usize) -> Result<Row> {
        let (hosting, backup) = self.newest_backup().await?;
        let list = || async {
            let groups = self.client.list_backup_items(&hosting, &backup).await?;
            Ok(groups.iter().map(|group| group.items.len()).sum())
        };
        measure("ListBackupItems, one backup", self.label, runs, list).await
    }

    /// The same answer fetched once with plain HTTP, then only decoded, `runs` times: the
    /// client's own share of the call. Also gives the answer's size in bytes.
    async fn items_decode_only(&self, runs: usize) -> Result<(Row, usize)> {
        let (hosting, backup) = self.newest_backup().await?;
        let url = format!(
            "{}{REGION_PATH}/hostings/{hosting}/backup-items?backup_id={backup}",
            self.server.url
        );
        let response = self.http.get(&url).header("X-Auth-Token", TOKEN).send().await?;
        let answer = response.error_for_status()?.bytes().await?;
        let decode = || async {
            let decoded: ListBackupItemsResponse = serde_json::from_slice(&answer)?;
            Ok(decoded.groups.iter().map(|group| group.items.len()).sum())
        };
        let row = measure("ListBackupItems, decoding only", self.label, runs, decode).await?;
        Ok((row, answer.len()))
    }

    /// The ids of the first hosting and of its newest backup.
    async fn newest_backup(&self) -> Result<(String, String)> {
        let hosting = self.server.hosting_id(0);
        let backups = self.client.list_backups(&hosting).await?;
        let backup = backups.first().context("the first hosting has no backup")?;
        Ok((hosting, backup.id.clone()))
    }

    /// Page `page` of ListHostings (`PAGE_SIZE` a page) with plain HTTP: sent, answered, read
    /// whole and parsed as plain JSON to count the hostings.
    async fn hostings_page(&self, page: usize, runs: usize) -> Result<Row> {
        let url =
            format!("{}{REGION_PATH}/hostings?page={page}&page_size={PAGE_SIZE}", self.server.url);
        let fetch = || async {
            let response = self.http.get(&url).header("X-Auth-Token", TOKEN).send().await?;
            ensure!(response.status().is_success(), "page {page}: HTTP {}", response.status());
            let body = response.bytes().await?;
            let page: serde_json::Value = serde_json::from_slice(&body)?;
            Ok(page["hostings"].as_array().map_or(0, Vec::len))
        };
        let what = format!("one page of hostings (page {page}), HTTP");
        measure(&what, self.label, runs, fetch).await
    }
}

impl Row {
    /// Fails unless the call got `expected` objects, so the figures mean what the table says.
    fn expect_objects(self, expected: usize) -> Result<Self> {
        ensure!(
            self.objects == expected,
            "{}: {} objects, not {expected}",
            self.what,
            self.objects
        );
        Ok(self)
    }
}

/// Runs `call` once untimed (caches, connections), then `runs` times timed. `call` returns
/// how many objects it got; every run must get the same number.
async fn measure<F, Fut>(what: &str, size: &str, runs: usize, call: F) -> Result<Row>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<usize>>,
{
    let started = Instant::now();
    let objects = call().await?;
    let first_ms = millis(started.elapsed());
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let got = call().await?;
        times.push(started.elapsed());
        ensure!(got == objects, "a run got {got} objects, the first {objects}");
    }
    Ok(Row { what: what.to_owned(), size: size.to_owned(), objects, first_ms, runs: times })
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

#[allow(clippy::cast_precision_loss, reason = "a memory size in KiB fits an f64 exactly")]
fn kib_to_mib(kib: u64) -> f64 {
    kib as f64 / BYTES_PER_KIB as f64
}

fn figure(label: &str, mib: f64) {
    println!("{label:<56} {mib:8.1} MiB");
}

fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<40} {:<8} {:>9} {:>5} {:>10} {:>10} {:>10}\n",
        "measurement", "size", "objects", "runs", "first ms", "median ms", "p95 ms"
    );
    for row in rows {
        let (median, p95) = median_and_p95(&row.runs);
        let (median, p95) = (millis(median), millis(p95));
        let _ = writeln!(
            out,
            "{:<40} {:<8} {:>9} {:>5} {:>10.2} {:>10.2} {:>10.2}",
            row.what,
            row.size,
            row.objects,
            row.runs.len(),
            row.first_ms,
            median,
            p95
        );
    }
    out
}

fn scale_config() -> DemoConfig {
    DemoConfig {
        hostings: SCALE_HOSTINGS,
        backups: SCALE_BACKUPS,
        items: SCALE_ITEMS,
        ..DemoConfig::default()
    }
}

/// What the process's memory looked like around the 200,000-item list.
struct Memory {
    peak_before_mib: f64,
    peak_after_mib: f64,
    resident_after_mib: f64,
    answer_bytes: usize,
}

async fn demo_rows() -> Result<Vec<Row>> {
    let demo = Target::start(DemoConfig::default(), "demo").await?;
    let rows = vec![
        demo.all_hostings(RUNS).await?,
        demo.all_backups(RUNS).await?,
        demo.all_items(RUNS).await?,
        demo.hostings_page(1, RUNS).await?,
    ];
    demo.server.shutdown().await;
    Ok(rows)
}

async fn scale_rows() -> Result<(Vec<Row>, Memory)> {
    let scale = Target::start(scale_config(), "scale").await?;
    let mut rows = vec![
        scale.all_hostings(RUNS).await?.expect_objects(SCALE_HOSTINGS)?,
        scale.all_backups(RUNS).await?.expect_objects(SCALE_BACKUPS)?,
    ];
    let peak_before_mib = status_mib("VmHWM")?;
    rows.push(scale.all_items(HEAVY_RUNS).await?.expect_objects(SCALE_ITEMS)?);
    let peak_after_mib = status_mib("VmHWM")?;
    let resident_after_mib = status_mib("VmRSS")?;
    let (decode_only, answer_bytes) = scale.items_decode_only(HEAVY_RUNS).await?;
    rows.push(decode_only.expect_objects(SCALE_ITEMS)?);
    rows.push(scale.hostings_page(1, RUNS).await?.expect_objects(PAGE_SIZE)?);
    let last_page = SCALE_HOSTINGS / PAGE_SIZE;
    rows.push(scale.hostings_page(last_page, RUNS).await?.expect_objects(PAGE_SIZE)?);
    scale.server.shutdown().await;
    let memory = Memory { peak_before_mib, peak_after_mib, resident_after_mib, answer_bytes };
    Ok((rows, memory))
}

async fn huge_rows() -> Result<Vec<Row>> {
    let config = DemoConfig { hostings: HUGE_HOSTINGS, ..DemoConfig::default() };
    let huge = Target::start(config, "1M").await?;
    let last_page = HUGE_HOSTINGS / PAGE_SIZE;
    let rows = vec![
        huge.hostings_page(1, RUNS).await?.expect_objects(PAGE_SIZE)?,
        huge.hostings_page(last_page, RUNS).await?.expect_objects(PAGE_SIZE)?,
    ];
    huge.server.shutdown().await;
    Ok(rows)
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut rows = demo_rows().await?;
    let (scale, memory) = scale_rows().await?;
    rows.extend(scale);
    rows.extend(huge_rows().await?);

    let items = format!("the {SCALE_ITEMS}-item list");
    let answer_mib = kib_to_mib(u64::try_from(memory.answer_bytes)? / BYTES_PER_KIB);
    print!("{}", table(&rows));
    println!();
    figure(&format!("peak RSS (VmHWM) before {items}"), memory.peak_before_mib);
    figure(&format!("peak RSS (VmHWM) after decoding {items}"), memory.peak_after_mib);
    figure("resident (VmRSS) right after", memory.resident_after_mib);
    figure(&format!("size of {items} as JSON"), answer_mib);
    Ok(())
}
