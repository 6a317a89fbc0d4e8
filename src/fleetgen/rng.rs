//! Deterministic randomness: SplitMix64 streams keyed by stable names.
//!
//! Every random choice of the generator comes from a stream derived from the spec's seed and
//! a name (`"family/s10u11-sparc/level/2"`, `"host/s10-fra-01"`), never from a shared stream,
//! so that adding a host or a zone to a spec does not change what is generated for the
//! others. The hash is FNV-1a, written out here because `std`'s hashers may change between
//! Rust releases and generated fleets must not.

/// FNV-1a over bytes: stable across platforms and Rust versions.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// The stream for `key` under `seed`.
    pub fn new(seed: u64, key: &str) -> Rng {
        let mut rng = Rng {
            state: seed ^ fnv1a(key.as_bytes()).rotate_left(17),
        };
        // Decorrelate neighbouring keys before the first draw.
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo + 1;
        // Modulo bias is irrelevant for spans this small against 2^64.
        lo + self.next_u64() % span
    }

    /// An index into a collection of `len` elements (0 for an empty one).
    pub fn below(&mut self, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        (self.next_u64() % len as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// `n` lowercase hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        (0..n)
            .map(|_| char::from(DIGITS[(self.next_u64() % 16) as usize]))
            .collect()
    }

    /// A random (version 4 shaped) UUID, as zoneadm prints them.
    pub fn uuid(&mut self) -> String {
        let variant = ['8', '9', 'a', 'b'][self.below(4)];
        format!(
            "{}-{}-4{}-{}{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            variant,
            self.hex(3),
            self.hex(12)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_stable_and_independent() {
        let a: Vec<u64> = (0..3).map(|_| Rng::new(1, "a").next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::new(1, "a").next_u64(), Rng::new(1, "b").next_u64());
        assert_ne!(Rng::new(1, "a").next_u64(), Rng::new(2, "a").next_u64());
        // Pinned, so that a change of the algorithm is noticed: it changes every fleet.
        assert_eq!(fnv1a(b"zonescan"), 0x3278_4cc8_c4fc_2f3e);
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut rng = Rng::new(7, "bounds");
        for _ in 0..1000 {
            let n = rng.range(3, 5);
            assert!((3..=5).contains(&n));
            assert!(rng.below(4) < 4);
        }
        assert_eq!(rng.range(9, 2), 9);
        assert_eq!(rng.below(0), 0);
        let uuid = rng.uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
    }
}
