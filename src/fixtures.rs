//! Golden fixtures (issue 5, in progress).
