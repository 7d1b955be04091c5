//! The passes the grader knows: their binaries and which passes each builds on.

/// The binaries of passes 1 to 10, in order: `BINARIES[n - 1]` is pass n's.
pub const BINARIES: [&str; 10] = [
    "01-basic",
    "02-bounded",
    "03-shutdown",
    "04-monitoring",
    "05-errors",
    "06-work-stealing",
    "07-buffer",
    "08-pipeline",
    "09-durable",
    "10-broker",
];

/// Pass `pass`'s binary name (`05-errors` for 5).
///
/// # Panics
/// If there is no such pass.
pub fn binary(pass: u8) -> &'static str {
    BINARIES[usize::from(pass) - 1]
}

/// The passes whose lessons (and flags) pass `pass` carries: its own and those it
/// builds on. Passes 01–06 each build on every pass before (`1..=N`); passes 07, 08
/// and 09 build on pass 03, so they have 01–03's lessons and none of 04–06's; pass 10
/// builds on pass 05's tasks and failures and pass 03's shutdown, not on 04's monitor
/// (its statistics are the broker's) or 06's stealing.
pub fn lineage(pass: u8) -> Vec<u8> {
    match pass {
        7..=9 => vec![1, 2, 3, pass],
        10 => vec![1, 2, 3, 5, 10],
        n => (1..=n).collect(),
    }
}

/// Whether pass `pass` carries the lesson of pass `lesson`.
pub fn carries(pass: u8, lesson: u8) -> bool {
    lineage(pass).contains(&lesson)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pass_carries_itself_and_pass_01() {
        for pass in 1..=7 {
            assert!(carries(pass, pass) && carries(pass, 1), "pass {pass}");
        }
        assert!(carries(7, 3) && !carries(7, 4) && !carries(7, 6));
        assert_eq!(binary(7), "07-buffer");
        assert!(carries(9, 3) && !carries(9, 8) && !carries(8, 6));
        assert_eq!(binary(9), "09-durable");
        assert!(carries(10, 5) && !carries(10, 4) && !carries(10, 6));
        assert_eq!(binary(10), "10-broker");
    }
}
