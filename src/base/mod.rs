//! The bottom layer: the error type and status list, strict JSON and base64url, the clock, and checks on
//! text. Imports nothing from the crate.

pub mod error;
pub mod json;
pub mod text;
pub mod time;
