//! Eq. (6): the generic convex solver, Theorem 1 closed forms and KKT certificates (issue 3, in progress).
