//! The fused step's arrays over one range of coordinates.

use std::ops::Range;

/// The gradient (read) and the state arrays (read and written) of the fused
/// step over one range of coordinates; all six have the same length. The
/// kernel and the driver pass this instead of six slices, and cut it into
/// blocks and rows with [`Slab::sub`].
#[derive(Debug)]
pub(crate) struct Slab<'a, T> {
    /// `g_t`.
    pub g: &'a [T],
    /// `x_t`, overwritten with `x_{t+1}`.
    pub x: &'a mut [T],
    /// `z`.
    pub z: &'a mut [T],
    /// `sigma = sqrt(V)/alpha`.
    pub sigma: &'a mut [T],
    /// The rule's first moment slot.
    pub m1: &'a mut [T],
    /// The rule's second moment slot.
    pub m2: &'a mut [T],
}

impl<T> Slab<'_, T> {
    /// Number of coordinates.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// The same arrays over `r` (indices relative to this slab).
    #[inline(always)]
    pub fn sub(&mut self, r: Range<usize>) -> Slab<'_, T> {
        Slab {
            g: &self.g[r.clone()],
            x: &mut self.x[r.clone()],
            z: &mut self.z[r.clone()],
            sigma: &mut self.sigma[r.clone()],
            m1: &mut self.m1[r.clone()],
            m2: &mut self.m2[r],
        }
    }
}
