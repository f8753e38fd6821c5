//! The fused one-pass Algorithm-1 step (issue 8, in progress).
