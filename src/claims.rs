//! The claims table (issue 4, in progress).
