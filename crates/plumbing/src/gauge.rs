//! Drawing the queue's depth: `Queue: [██████░░░░] 6/10`.
//!
//! Only the drawing lives here; how a pass counts the depth is part of its lesson.

/// Cells of the bar; a queue smaller than this gets one cell per slot.
const BAR_CELLS: u64 = 10;

/// `Queue: [██████░░░░] 6/10`, `Queue: [██████████] 10/10 FULL`, or for an unbounded
/// queue `Queue: 140 waiting (unbounded)`.
pub fn render(depth: u64, capacity: Option<u64>) -> String {
    let Some(capacity) = capacity else {
        return format!("Queue: {depth} waiting (unbounded)");
    };
    let cells = capacity.min(BAR_CELLS);
    let filled = if capacity == 0 {
        0
    } else {
        (depth * cells).div_ceil(capacity).min(cells)
    };
    let bar: String = (0..cells)
        .map(|i| if i < filled { '█' } else { '░' })
        .collect();
    let full = if depth >= capacity { " FULL" } else { "" };
    format!("Queue: [{bar}] {depth}/{capacity}{full}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_reads_like_the_exercise_transcripts() {
        assert_eq!(render(10, Some(10)), "Queue: [██████████] 10/10 FULL");
        assert_eq!(render(6, Some(10)), "Queue: [██████░░░░] 6/10");
        assert_eq!(render(0, Some(10)), "Queue: [░░░░░░░░░░] 0/10");
        assert_eq!(render(1, Some(1000)), "Queue: [█░░░░░░░░░] 1/1000");
        assert_eq!(render(2, Some(3)), "Queue: [██░] 2/3");
        assert_eq!(render(11, Some(10)), "Queue: [██████████] 11/10 FULL");
        assert_eq!(render(0, Some(0)), "Queue: [] 0/0 FULL");
        assert_eq!(render(140, None), "Queue: 140 waiting (unbounded)");
    }
}
