//! The `whbackup` command: parses the command line, then opens the dashboard, runs a script
//! command, or serves the demo API.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use whbackup::api::{Client, Endpoint, SecretKey};
use whbackup::cli::{ScriptCommand, ScriptContext};
use whbackup::config::{self, Overrides};
use whbackup::demo::{Burst429, DemoConfig, DemoServer};
use whbackup::{journal, logging, tui};

/// Browse Scaleway Web Hosting backups and restore them.
///
/// With no command, opens the dashboard. Credentials are read as the `scw` CLI reads them:
/// its config file, then `SCW_*` variables, then the flags below. `--demo` needs none.
#[derive(Debug, Parser)]
#[command(name = "whbackup", version, after_help = whbackup::cli::EXIT_CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    target: TargetArgs,

    /// Open the dashboard at this hosting's backups.
    #[arg(long, value_name = "ID")]
    hosting: Option<String>,

    /// Hide and refuse every restore action.
    #[arg(long, global = true)]
    read_only: bool,

    /// Keep the restore journal here instead of `$XDG_STATE_HOME/whbackup/journal.jsonl`
    /// (`demo-journal.jsonl` beside it with `--demo`).
    #[arg(long, global = true, value_name = "PATH")]
    journal: Option<PathBuf>,

    /// How the dashboard tells the terminal a watched restore ended: a bell, a desktop
    /// notification (OSC 9 or OSC 777, where the terminal supports it), or nothing.
    #[arg(long, value_enum, default_value_t = tui::Notify::Bell)]
    notify: tui::Notify,

    /// Write the log here instead of `$XDG_STATE_HOME/whbackup/whbackup.log`.
    #[arg(long, global = true, value_name = "PATH")]
    log_file: Option<PathBuf>,

    /// Log more: -v info, -vv debug, -vvv trace, the libraries' events included. `RUST_LOG`
    /// wins when set.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
}

/// Where the API is and who calls it; accepted before or after a command.
#[derive(Debug, Args)]
struct TargetArgs {
    /// Profile of the `scw` config file to use.
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,

    /// Region to call (fr-par, nl-ams, pl-waw).
    #[arg(long, global = true, value_name = "REGION")]
    region: Option<String>,

    /// Base URL of the API, without a trailing `/`.
    #[arg(long, global = true, value_name = "URL")]
    api_url: Option<String>,

    /// Run against a built-in demo API on loopback; no account needed.
    #[arg(long, global = true)]
    demo: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Script(ScriptCommand),

    /// Serve the demo API alone, for scripts, recordings and tests.
    DemoServer(DemoServerArgs),
}

#[derive(Debug, Args)]
struct DemoServerArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// Token clients must send as `X-Auth-Token`.
    #[arg(long, default_value = DEMO_TOKEN)]
    token: String,

    #[command(flatten)]
    demo: DemoArgs,
}

/// The demo server's knobs.
#[derive(Debug, Args)]
struct DemoArgs {
    /// Seed of the generated data; the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// Run restores this many times faster than normal.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,

    /// Delay added to every answer, in milliseconds; with the jitter, 10000 at most.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,

    /// Up to this many more milliseconds per answer, drawn from the seed.
    #[arg(long, default_value_t = 0)]
    latency_jitter_ms: u64,

    /// Share of requests (0 to 1) answered with 500, 503 or 429.
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,

    /// After AFTER requests, answer the next COUNT with 429 `too_many_requests`; repeats.
    #[arg(long, value_name = "AFTER:COUNT")]
    burst_429: Option<Burst429>,

    /// Share of requests (0 to 1) answered with a cut JSON body or an HTML page.
    #[arg(long, default_value_t = 0.0)]
    malformed_rate: f64,

    /// Share of requests (0 to 1) whose connection is closed with no answer.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,

    /// Share of requests (0 to 1) never answered.
    #[arg(long, default_value_t = 0.0)]
    hang_rate: f64,

    /// Pad every ListHostings and ListBackupItems answer to this many MiB of valid JSON.
    #[arg(long, default_value_t = 0)]
    huge_response_mb: u64,

    /// Number of hostings (at least the built-in ones).
    #[arg(long, default_value_t = DemoConfig::default().hostings)]
    hostings: usize,

    /// Backups per hosting beyond the real retention; 0 keeps the real retention.
    #[arg(long, default_value_t = 0)]
    backups: usize,

    /// Items per backup; 0 keeps the natural sizes.
    #[arg(long, default_value_t = 0)]
    items: usize,
}

/// The token the in-process demo server expects; it guards nothing but loopback.
const DEMO_TOKEN: &str = "00000000-0000-4000-8000-000000000000";
/// The file name of the demo's journal, beside the real one.
const DEMO_JOURNAL_FILE: &str = "demo-journal.jsonl";

impl From<DemoArgs> for DemoConfig {
    fn from(args: DemoArgs) -> Self {
        Self {
            seed: args.seed,
            speed: args.speed,
            latency_ms: args.latency_ms,
            latency_jitter_ms: args.latency_jitter_ms,
            fail_rate: args.fail_rate,
            burst_429: args.burst_429,
            malformed_rate: args.malformed_rate,
            drop_rate: args.drop_rate,
            hang_rate: args.hang_rate,
            huge_response_mb: args.huge_response_mb,
            hostings: args.hostings,
            backups: args.backups,
            items: args.items,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Held to the end of `main`: dropping it flushes the log file.
    let _log_guard = start_logging(&cli);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("whbackup: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("whbackup: {error:#}");
            whbackup::cli::exit_code(&error)
        }
    }
}

/// Logs to a file; a log that cannot be opened is worth a warning, not a refusal to run.
fn start_logging(cli: &Cli) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let path = cli.log_file.clone().or_else(logging::default_path)?;
    match logging::init(&path, cli.verbose) {
        Ok(guard) => Some(guard),
        Err(error) => {
            eprintln!("whbackup: warning: running without a log: {error:#}");
            None
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some(Command::DemoServer(args)) = cli.command {
        return serve_demo(args).await;
    }
    let journal_path =
        cli.journal.clone().or_else(|| cli.target.demo.then(demo_journal_path).flatten());
    if let Some(Command::Script(ScriptCommand::History(output))) = &cli.command {
        return Ok(whbackup::cli::history(journal_path, output).await);
    }

    // Kept alive for the whole run: dropping it stops the in-process demo server.
    let mut demo_server = None;
    let mut access_key = None;
    let endpoint = if cli.target.demo {
        let region = demo_region(&cli.target)?;
        let server =
            DemoServer::start(DemoConfig::default(), loopback_any_port(), DEMO_TOKEN.into())
                .await
                .context("cannot start the demo server")?;
        let endpoint = demo_endpoint(&server, region);
        demo_server = Some(server);
        endpoint
    } else {
        let overrides = Overrides {
            profile: cli.target.profile,
            region: cli.target.region,
            api_url: cli.target.api_url,
        };
        let resolved = config::resolve(&overrides, &|name| std::env::var(name).ok())?;
        for warning in &resolved.warnings {
            eprintln!("whbackup: warning: {warning}");
        }
        access_key = resolved.access_key;
        resolved.endpoint
    };
    let client = Client::new(endpoint)?;

    let code = match cli.command {
        Some(Command::Script(command)) => {
            let context = ScriptContext { read_only: cli.read_only, journal_path, access_key };
            whbackup::cli::run(&client, command, &context).await
        }
        Some(Command::DemoServer(_)) => unreachable!("handled above"),
        None => {
            let options = tui::Options {
                hosting: cli.hosting,
                read_only: cli.read_only,
                journal: journal_path,
                access_key,
                notify: cli.notify,
            };
            ExitCode::from(tui::run(client, options).await?.status())
        }
    };
    drop(demo_server);
    Ok(code)
}

/// The journal `--demo` keeps apart from the real one, so a demo restore is never resumed
/// against the real API. `None` when there is no state folder: the default journal then
/// fails to open too, saying why.
fn demo_journal_path() -> Option<PathBuf> {
    let real = journal::default_path(&|name| std::env::var(name).ok()).ok()?;
    Some(real.with_file_name(DEMO_JOURNAL_FILE))
}

fn loopback_any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The region the demo is called in: `--region` when it names a real one, else the default.
fn demo_region(target: &TargetArgs) -> Result<String, config::ConfigError> {
    let Some(region) = &target.region else {
        return Ok(config::DEFAULT_REGION.to_owned());
    };
    config::check_region(region, "--region")?;
    Ok(region.clone())
}

fn demo_endpoint(server: &DemoServer, region: String) -> Endpoint {
    Endpoint {
        api_url: server.url.clone(),
        region,
        secret_key: SecretKey::new(server.token.clone()),
        profile: "demo".into(),
        key_source: "the built-in demo server".into(),
    }
}

/// Serves the demo API until Ctrl-C or SIGTERM. The URL goes to stdout first, alone on its
/// line, so a script can start the server on port 0 and read where it listens.
async fn serve_demo(args: DemoServerArgs) -> anyhow::Result<ExitCode> {
    let server = DemoServer::start(args.demo.into(), args.listen, args.token)
        .await
        .with_context(|| format!("cannot serve the demo API on {}", args.listen))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", server.url).context("cannot print the demo server's URL")?;
    stdout.flush().context("cannot print the demo server's URL")?;
    drop(stdout);
    stop_signal().await?;
    server.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

/// Waits for Ctrl-C, or on Unix for SIGTERM too.
async fn stop_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.context("cannot wait for Ctrl-C")?,
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await.context("cannot wait for Ctrl-C")?;
    Ok(())
}
