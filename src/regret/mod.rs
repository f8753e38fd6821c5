//! Section 3: regret and its bounds (issue 9, in progress).
