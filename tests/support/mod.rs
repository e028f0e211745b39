//! Helpers for the end-to-end tests: the real binary in a pseudo-terminal, and the demo
//! server as a separate process.

pub mod demo_process;
pub mod pty;
