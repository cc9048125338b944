//! The binary's allocator: mimalloc, with large blocks marked for
//! transparent huge pages.
//!
//! Why mimalloc and not glibc's malloc: `index` builds its records on one
//! thread and tantivy's indexing threads free them, and the extraction's
//! results are made on the workers and freed where they are written. In
//! glibc a block freed on another thread goes back under its arena's lock,
//! so the threads queued on futexes: on 20 MB of real reports, `index
//! --threads 2` spent about 10 % of its CPU waking and waiting on glibc's
//! arena locks and 10 % more in malloc and free. mimalloc frees another
//! thread's block onto a lock-free list of its page. Measured on that
//! input (one run each, back to back): `index --threads 2` 3.92 → 3.06 s
//! wall, 7.14 → 5.6 s of user CPU (peak RSS 145 → 235 MB); `extract`
//! unchanged within noise (0.62–0.65 → 0.57–0.60 s of CPU, RSS 52 MB with
//! one thread, 73 MB with two). Session 9 tried it for `extract` alone and
//! dropped it (no gain there, then twice the RSS); `index` is where it pays.
//!
//! jieba's dictionary is a 16 MB hash table written once at start-up and
//! read at random for every clause whose actor is sought: with 4 KB pages
//! most of those accesses miss the TLB. Linux backs a range advised with
//! `MADV_HUGEPAGE` by 2 MB pages where it can (when
//! `/sys/kernel/mm/transparent_hugepage/enabled` is `madvise` or `always`;
//! with `never` the advice is ignored). Measured: the fixed start-up cost
//! (jieba's load) falls from 147 to 129 ms of CPU, and `extract` on 20 MB
//! of real reports uses a few per cent less CPU (within the machine's
//! noise); `index` shows no change (tantivy's arenas come in smaller
//! blocks). This is what glibc's `glibc.malloc.hugetlb=1` tunable does,
//! without asking users to set it.
//!
//! Only blocks of at least 4 MB are advised, and only the whole 2 MB pages
//! inside them: small allocations never change, and nothing outside a block
//! the allocator handed out is touched. The advice changes no byte of
//! memory; if the kernel refuses it, it is ignored.

use mimalloc::MiMalloc as Inner;
use std::alloc::{GlobalAlloc, Layout};

/// mimalloc, advising huge pages for large blocks.
pub struct HugePages;

const HUGE_PAGE: usize = 2 << 20;

/// Blocks this large or larger are advised.
const THRESHOLD: usize = 2 * HUGE_PAGE;

/// Advise huge pages for the whole 2 MB pages of the block at `p`.
fn advise(p: *mut u8, size: usize) {
    if p.is_null() || size < THRESHOLD {
        return;
    }
    let start = (p as usize).next_multiple_of(HUGE_PAGE);
    let end = (p as usize + size) / HUGE_PAGE * HUGE_PAGE;
    if end > start {
        #[cfg(target_os = "linux")]
        // SAFETY: the range lies inside a block just handed out by the
        // inner allocator; MADV_HUGEPAGE changes how it is backed, never
        // its contents, and a failure leaves it as it was.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

// SAFETY: every call is passed on to mimalloc unchanged; `advise` only
// reads the returned pointer and size.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { Inner.alloc(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { Inner.alloc_zeroed(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { Inner.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { Inner.realloc(ptr, layout, new_size) };
        if new_size > layout.size() {
            advise(p, new_size);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Large blocks, advised or not, keep what is written to them through
    /// growth and shrinking, and small ones are passed through.
    #[test]
    fn blocks_keep_their_bytes() {
        let a = HugePages;
        for (size, grown) in
            [(64, 4096), (THRESHOLD - 1, THRESHOLD + 3 * HUGE_PAGE + 5), (THRESHOLD + 17, 3 * THRESHOLD)]
        {
            let layout = Layout::from_size_align(size, 8).unwrap();
            // SAFETY: the layout is non-zero; every pointer is checked, used
            // within its size and freed with the layout it was made with.
            unsafe {
                let p = a.alloc(layout);
                assert!(!p.is_null());
                for i in (0..size).step_by(4093) {
                    *p.add(i) = (i % 251) as u8;
                }
                let q = a.realloc(p, layout, grown);
                assert!(!q.is_null());
                for i in (0..size).step_by(4093) {
                    assert_eq!(*q.add(i), (i % 251) as u8, "byte {i} of a block of {size} grown to {grown}");
                }
                *q.add(grown - 1) = 7;
                let back = a.realloc(q, Layout::from_size_align(grown, 8).unwrap(), size);
                for i in (0..size).step_by(4093) {
                    assert_eq!(*back.add(i), (i % 251) as u8, "byte {i} after shrinking back to {size}");
                }
                a.dealloc(back, layout);
                let z = a.alloc_zeroed(Layout::from_size_align(grown, 8).unwrap());
                assert!((0..grown).step_by(4096).all(|i| *z.add(i) == 0));
                a.dealloc(z, Layout::from_size_align(grown, 8).unwrap());
            }
        }
    }
}
