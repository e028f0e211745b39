//! whbackup: browse Scaleway Web Hosting backups and restore them, from a terminal dashboard
//! or from scripts.
//!
//! The library holds everything but the command line: the API client and its models, the
//! credentials resolver, the demo API server, the restore journal, the script commands and
//! the dashboard.

pub mod api;
pub mod cli;
pub mod config;
pub mod demo;
pub mod format;
pub mod journal;
pub mod logging;
pub mod restore;
mod table;
pub mod tui;
