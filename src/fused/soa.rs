//! Struct-of-arrays storage with staggered start addresses.
//!
//! The fused step streams 6-7 arrays of the same length. Large `Vec`s come
//! from `mmap`, so every one of them starts at the same offset within a 4 KiB
//! page; then the i-th element of every array has the same address bits
//! 0-11, and the core's memory disambiguation (which compares those low bits
//! before the full address) sees a possible dependence between each store to
//! one array and the next load from another ("4K aliasing"), and the L1's
//! sets are hit by all streams at once. [`Staggered`] over-allocates by one
//! page and starts the array at a chosen phase within the page, so the
//! streams of one step sit at different page offsets. Only addresses change:
//! the values, and so the bits of the result, do not.

/// Bytes in the page whose offset is staggered.
const PAGE: usize = 4096;

/// A zero-initialised array of `n` elements starting at byte phase `phase`
/// (mod 4096) when the allocator allows (elements stay naturally aligned).
#[derive(Debug, Clone)]
pub(crate) struct Staggered<T> {
    buf: Vec<T>,
    off: usize,
    n: usize,
}

impl<T: Copy + Default> Staggered<T> {
    /// `n` copies of `T::default()`, or of `init` when given, at `phase`.
    pub(crate) fn new(n: usize, phase: usize, init: Option<&[T]>) -> Self {
        let size = std::mem::size_of::<T>().max(1);
        let slack = PAGE / size;
        let buf = vec![T::default(); n + slack];
        let addr = buf.as_ptr() as usize;
        // Elements to skip so that the start lands on `phase` mod PAGE;
        // `addr` is a multiple of `size`, so is the distance if `phase` is.
        let want = (phase / size) * size;
        let dist = (want + PAGE - addr % PAGE) % PAGE;
        let off = (dist / size).min(slack);
        let mut s = Self { buf, off, n };
        if let Some(v) = init {
            s.as_mut_slice().copy_from_slice(&v[..n]);
        }
        s
    }

    /// The `n` elements.
    pub(crate) fn as_slice(&self) -> &[T] {
        &self.buf[self.off..self.off + self.n]
    }

    /// The `n` elements, mutably.
    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.buf[self.off..self.off + self.n]
    }

    /// Number of elements.
    pub(crate) fn len(&self) -> usize {
        self.n
    }
}

/// Byte phase (mod 4096) of the k-th state array: 9 cache lines apart
/// (576 bytes), starting one step away from the 16-byte phase at which a
/// caller's own large `Vec` (the gradient) usually starts.
pub(crate) fn phase(k: usize) -> usize {
    (16 + 576 * (k + 1)) % PAGE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staggered_arrays_start_at_their_phase_and_keep_values() {
        let init: Vec<f64> = (0..100_000).map(|i| i as f64).collect();
        for k in 0..6 {
            let s = Staggered::new(init.len(), phase(k), Some(&init));
            assert_eq!(s.as_slice(), &init[..]);
            assert_eq!(s.as_slice().as_ptr() as usize % PAGE, phase(k));
        }
        let e = Staggered::<f32>::new(0, phase(3), None);
        assert_eq!(e.len(), 0);
    }
}
