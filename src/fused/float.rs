//! The float type of the fused path: `f32` or `f64`.

/// The scalar of the fused step (implemented for `f32` and `f64`).
///
/// Only what the step needs: basic arithmetic comes from
/// [`num_traits::Float`]. `mul_add` is never used (determinism: the reference
/// path rounds every product and sum separately).
pub trait Real: num_traits::Float + Send + Sync + std::fmt::Debug + Default + 'static {
    /// Size in bytes (for the bandwidth accounting of `sgl bench`).
    const BYTES: usize;
    /// Rounds an `f64` to this type (identity for `f64`).
    fn of(x: f64) -> Self;
    /// Widens to `f64` (exact).
    fn wide(self) -> f64;
}

impl Real for f64 {
    const BYTES: usize = 8;
    #[inline(always)]
    fn of(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn wide(self) -> f64 {
        self
    }
}

impl Real for f32 {
    const BYTES: usize = 4;
    #[inline(always)]
    fn of(x: f64) -> Self {
        x as f32
    }
    #[inline(always)]
    fn wide(self) -> f64 {
        self as f64
    }
}
