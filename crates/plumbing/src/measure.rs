//! A benchmark's results as data: one JSON line per measured design, appended to the
//! file `$BENCH_JSON` names (when it names one). `cargo xtask bench` reads these,
//! never the tables the benchmarks print for people.

use std::fs::OpenOptions;
use std::io::Write;

/// Records that `design`, in benchmark `bench`, ran at `median` with the first and
/// third quartiles `q1` and `q3` (in the benchmark's unit), if `$BENCH_JSON` is set.
///
/// # Panics
/// If the file cannot be written: a benchmark asked to record and unable to is
/// broken.
pub fn record(bench: &str, design: &str, q1: f64, median: f64, q3: f64) {
    let Some(path) = std::env::var_os("BENCH_JSON") else {
        return;
    };
    let line = format!(
        "{{\"bench\":{},\"design\":{},\"q1\":{q1},\"median\":{median},\"q3\":{q3}}}\n",
        json_string(bench),
        json_string(design)
    );
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(line.as_bytes()))
        .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy()));
}

/// The first quartile, the median and the third quartile of `samples` (sorted in
/// place; nearest rank).
///
/// # Panics
/// If `samples` is empty.
pub fn quartiles(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.25), at(0.5), at(0.75))
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_json() {
        assert_eq!(json_string("pass 02"), "\"pass 02\"");
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }

    #[test]
    fn quartiles_by_nearest_rank() {
        assert_eq!(quartiles(&mut [5.0, 1.0, 3.0, 2.0, 4.0]), (2.0, 3.0, 4.0));
        assert_eq!(quartiles(&mut [7.0]), (7.0, 7.0, 7.0));
    }
}
