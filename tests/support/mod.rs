//! Helpers for the end-to-end tests: the real binary in a pseudo-terminal, and the demo
//! server as a separate process.

#![allow(dead_code)] // each test file uses its own share of the helpers

pub mod demo_process;
pub mod flow;
pub mod pty;
