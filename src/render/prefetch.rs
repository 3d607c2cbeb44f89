//! A hint to the CPU: bring memory into the cache before it is read.
//!
//! The lists that gather what the whole site wrote (an entry's backlinks)
//! read strings that lie all over memory, each a miss of the cache; asking
//! for the next ones while the current is written hides the wait
//! (docs/benchmarks.md, twentieth pass).

/// Asks the CPU to bring the memory at `at` into its cache, without
/// waiting for it: a hint, which changes nothing else.
#[inline]
pub(crate) fn prefetch(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is part of x86-64 itself, so every CPU running this
    // target has the instruction; and a prefetch reads nothing the program
    // sees and cannot fault, whatever the address.
    unsafe {
        prefetch_sse(at)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse")]
fn prefetch_sse(at: *const u8) {
    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    _mm_prefetch::<_MM_HINT_T0>(at.cast());
}

/// [`prefetch`] of every cache line of `s`: a sentence of a hundred and
/// fifty bytes is on three.
#[inline]
pub(crate) fn prefetch_all(s: &str) {
    let end = s.as_ptr() as usize + s.len();
    let mut at = s.as_ptr() as usize & !(LINE - 1);
    while at < end {
        prefetch(at as *const u8);
        at += LINE;
    }
}

/// The size of a cache line on the CPUs glossator runs on.
const LINE: usize = 64;
