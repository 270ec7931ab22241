//! The bottom layer: the error type and status list, strict JSON and base64url, the clock, checks on
//! text, and batches over scoped threads. Imports nothing from the crate.

pub mod error;
pub mod json;
pub mod parallel;
pub mod text;
pub mod time;
