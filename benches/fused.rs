//! Placeholder bench (filled by its issue).
fn main() {}
