//! The sizes of the live blocks the C-level counter has seen: an
//! open-addressing hash table (linear probing, backward-shift deletion) in
//! memory mapped straight from the kernel, since it lives inside `malloc`
//! and must not call it.
//!
//! Mapping fails only when the machine is out of memory; the table then
//! stops growing and sizes of blocks it could not hold are estimated like
//! those of blocks older than the session.

use std::ptr;

#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    /// The block's address; 0 marks an empty slot (no block lives at 0).
    key: usize,
    size: usize,
}

pub(super) struct Table {
    slots: *mut Slot,
    /// A power of two, or 0 before the first insert.
    capacity: usize,
    len: usize,
}

const FIRST_CAPACITY: usize = 1 << 14;

impl Table {
    pub(super) const EMPTY: Table = Table {
        slots: ptr::null_mut(),
        capacity: 0,
        len: 0,
    };

    fn index(&self, key: usize) -> usize {
        // Fibonacci hashing of the address without its alignment bits: the
        // top bits of the product.
        let bits = self.capacity.trailing_zeros();
        (key >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (usize::BITS - bits)
    }

    fn get(&self, i: usize) -> Slot {
        debug_assert!(i < self.capacity);
        // SAFETY: `i < capacity` and `slots` maps `capacity` slots.
        unsafe { *self.slots.add(i) }
    }

    fn set(&mut self, i: usize, slot: Slot) {
        debug_assert!(i < self.capacity);
        // SAFETY: as in `get`; `&mut self` is the only access.
        unsafe { *self.slots.add(i) = slot }
    }

    /// Records `size` for `key`; returns the size it replaces, if any.
    pub(super) fn insert(&mut self, key: usize, size: usize) -> Option<usize> {
        if (self.len + 1) * 2 > self.capacity && !self.grow() && self.len + 1 >= self.capacity {
            return None;
        }
        let mut i = self.index(key);
        loop {
            let s = self.get(i);
            if s.key == key || s.key == 0 {
                self.set(i, Slot { key, size });
                if s.key == key {
                    return Some(s.size);
                }
                self.len += 1;
                return None;
            }
            i = (i + 1) & (self.capacity - 1);
        }
    }

    /// Forgets `key`; returns its size if it was there.
    pub(super) fn remove(&mut self, key: usize) -> Option<usize> {
        if self.capacity == 0 {
            return None;
        }
        let mask = self.capacity - 1;
        let mut i = self.index(key);
        loop {
            let s = self.get(i);
            if s.key == 0 {
                return None;
            }
            if s.key == key {
                break;
            }
            i = (i + 1) & mask;
        }
        let size = self.get(i).size;
        // Backward-shift: pull later entries of the probe run into the gap.
        let mut gap = i;
        let mut j = (i + 1) & mask;
        loop {
            let s = self.get(j);
            if s.key == 0 {
                break;
            }
            let home = self.index(s.key);
            // `s` may move to `gap` if its home is not in (gap, j].
            if (j.wrapping_sub(home) & mask) >= (j.wrapping_sub(gap) & mask) {
                self.set(gap, s);
                gap = j;
            }
            j = (j + 1) & mask;
        }
        self.set(gap, Slot { key: 0, size: 0 });
        self.len -= 1;
        Some(size)
    }

    /// Empties the table, keeping its memory.
    pub(super) fn clear(&mut self) {
        if self.capacity != 0 {
            // SAFETY: `slots` maps `capacity` slots; zero is an empty slot.
            unsafe { ptr::write_bytes(self.slots, 0, self.capacity) };
        }
        self.len = 0;
    }

    /// Doubles the capacity; false if the kernel gave no memory.
    fn grow(&mut self) -> bool {
        let capacity = if self.capacity == 0 {
            FIRST_CAPACITY
        } else {
            self.capacity * 2
        };
        let Some(slots) = map(capacity) else {
            return false;
        };
        let old = std::mem::replace(
            self,
            Table {
                slots,
                capacity,
                len: 0,
            },
        );
        for i in 0..old.capacity {
            let s = old.get(i);
            if s.key != 0 {
                self.insert(s.key, s.size);
            }
        }
        if old.capacity != 0 {
            // SAFETY: `old.slots` was mapped by `map(old.capacity)`.
            unsafe { libc::munmap(old.slots.cast(), old.capacity * size_of::<Slot>()) };
        }
        true
    }
}

/// Anonymous, zeroed memory for `capacity` slots.
fn map(capacity: usize) -> Option<*mut Slot> {
    // SAFETY: an anonymous private mapping; no file, no fixed address.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            capacity * size_of::<Slot>(),
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    (p != libc::MAP_FAILED).then_some(p.cast())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_finds_and_removes_across_growth_and_collisions() {
        let mut t = Table::EMPTY;
        // Addresses 16 apart hash apart; 4096 apart collide more often.
        let keys: Vec<usize> = (1..40_000usize).map(|i| i * 4096 + (i % 7) * 16).collect();
        for (n, &k) in keys.iter().enumerate() {
            assert_eq!(t.insert(k, n), None);
        }
        assert_eq!(t.len, keys.len());
        assert_eq!(t.insert(keys[5], 99), Some(5));
        for (n, &k) in keys.iter().enumerate().step_by(2) {
            let want = if n == 5 { 99 } else { n };
            assert_eq!(t.remove(k), Some(want), "key {k}");
        }
        for (n, &k) in keys.iter().enumerate() {
            let want = (n % 2 == 1).then_some(if n == 5 { 99 } else { n });
            assert_eq!(t.remove(k), want, "key {k}");
        }
        assert_eq!(t.len, 0);
        assert_eq!(t.remove(12345 * 16), None);
        t.clear();
        assert_eq!(t.insert(64, 1), None);
    }
}
