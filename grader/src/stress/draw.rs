//! Where a stress run's configuration comes from: SplitMix64, seeded by the campaign's
//! seed, the pass and the run's index, so any one run can be drawn again alone.

/// A small seeded generator (SplitMix64: Steele, Lea and Flood, 2014).
#[derive(Debug, Clone)]
pub struct Draw(u64);

impl Draw {
    /// The generator for run `index` of pass `pass` in a campaign seeded with `seed`.
    pub fn new(seed: u64, pass: u8, index: u32) -> Self {
        let mut draw = Self(seed ^ (u64::from(pass) << 56) ^ u64::from(index));
        draw.bits();
        draw
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.bits() % (hi - lo + 1)
    }

    /// `true` with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.bits() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.bits() as usize % items.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_run_draws_the_same_numbers_and_others_differ() {
        let a: Vec<u64> = (0..4).map(|_| Draw::new(7, 5, 3).range(0, 1000)).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut d = Draw::new(7, 5, 3);
        let mut e = Draw::new(7, 5, 4);
        assert_ne!(
            (0..4).map(|_| d.bits()).collect::<Vec<_>>(),
            (0..4).map(|_| e.bits()).collect::<Vec<_>>()
        );
        let mut d = Draw::new(1, 1, 1);
        assert!(
            (0..1000)
                .map(|_| d.range(3, 5))
                .all(|n| (3..=5).contains(&n))
        );
    }
}
