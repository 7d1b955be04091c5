//! Pass 09's priority groups (`--priority HIGH,LOW`): two queues in one run, each
//! line of a group tagged `[high] ` or `[low] `. Each group is judged as a run of its
//! own, on a history of its own, with the lines the groups share (the title, the
//! settings, the stops) in both.

use std::collections::BTreeMap;

use super::check::{Ending, Fault, History, Report, Rule};

/// A line's group and the rest: `[high] Left: …` → `(Some("high"), "Left: …")`.
pub fn lane_of(line: &str) -> (Option<&str>, &str) {
    if let Some((name, rest)) = line.strip_prefix('[').and_then(|r| r.split_once("] "))
        && !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase())
    {
        return (Some(name), rest);
    }
    (None, line)
}

/// The transcript split by group: each group's lines with their tags taken off, and
/// the shared lines in every group. A run with one queue is one part, unnamed, as
/// printed; with groups, only whole lines count (a killed run's last may be cut).
pub fn split(stdout: &str) -> Vec<(Option<String>, String)> {
    let whole = stdout.rfind('\n').map_or("", |end| &stdout[..=end]);
    let mut names: Vec<&str> = Vec::new();
    for line in whole.lines() {
        if let (Some(name), _) = lane_of(line)
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    if names.is_empty() {
        return vec![(None, stdout.to_owned())];
    }
    names
        .into_iter()
        .map(|name| {
            let mut text = String::new();
            for line in whole.lines() {
                match lane_of(line) {
                    (Some(other), _) if other != name => {}
                    (_, rest) => {
                        text.push_str(rest);
                        text.push('\n');
                    }
                }
            }
            (Some(name.to_owned()), text)
        })
        .collect()
}

/// One [`History`] per group of a queue folder's runs.
#[derive(Debug, Clone)]
pub struct Histories {
    groups: BTreeMap<Option<String>, History>,
    /// How a group's history begins.
    start: fn() -> History,
    /// Faults of the runs as a whole: their exit status.
    faults: Vec<Fault>,
    runs: usize,
}

impl Histories {
    /// Histories of a folder that was empty before the first run.
    pub fn new() -> Self {
        Self::starting(History::new)
    }

    /// Histories whose first run found queues nobody saw filled.
    pub fn unknown_start() -> Self {
        Self::starting(History::unknown_start)
    }

    fn starting(start: fn() -> History) -> Self {
        Self {
            groups: BTreeMap::new(),
            start,
            faults: Vec::new(),
            runs: 0,
        }
    }

    /// Checks one run's stdout, group by group; returns what a clean run added up to
    /// in all its groups (`None` for a killed one, or one whose results are missing).
    pub fn run(&mut self, stdout: &str, ending: Ending) -> Option<Report> {
        self.runs += 1;
        // Each group is judged without the status: it is the sum's to call for.
        let each = match ending {
            Ending::Killed => Ending::Killed,
            Ending::Exited(_) => Ending::Exited(None),
        };
        let mut total: Option<Report> = Some(Report::default());
        for (name, text) in split(stdout) {
            let history = self.groups.entry(name).or_insert_with(self.start);
            let report = history.run(&text, each);
            total = total.zip(report).map(|(sum, one)| sum.plus(&one));
        }
        if let (Some(report), Ending::Exited(Some(code))) = (&total, ending)
            && code != report.exit_status()
        {
            self.faults.push(Fault {
                run: self.runs,
                line: 0,
                rule: Rule::Accounting,
                detail: format!("exit status {code}, expected {}", report.exit_status()),
            });
        }
        total
    }

    /// Records a fault of the process itself.
    pub fn process_fault(&mut self, detail: String) {
        self.faults.push(Fault {
            run: self.runs,
            line: 0,
            rule: Rule::Process,
            detail,
        });
    }

    /// After the last run: see [`History::finish`], for every group.
    pub fn finish(&mut self) {
        self.groups.values_mut().for_each(History::finish);
    }

    /// Every fault, each group's named by its tag, and the kills: one history.
    pub fn merged(&self) -> History {
        let mut merged = History::new();
        for (name, history) in self.groups.clone() {
            merged.kills = merged.kills.max(history.kills);
            merged
                .faults
                .extend(history.faults.into_iter().map(|mut fault| {
                    if let Some(name) = &name {
                        fault.detail = format!("[{name}] {}", fault.detail);
                    }
                    fault
                }));
        }
        merged.faults.extend(self.faults.iter().cloned());
        merged
    }
}

impl Default for Histories {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_the_groups_and_shared_lines_go_to_both() {
        let text =
            "Title\n[high] Starting 1 consumer...\n[low] Left: 0\nShutdown signal received\n[lo";
        let parts = split(text);
        assert_eq!(
            parts,
            vec![
                (
                    Some("high".into()),
                    "Title\nStarting 1 consumer...\nShutdown signal received\n".into()
                ),
                (
                    Some("low".into()),
                    "Title\nLeft: 0\nShutdown signal received\n".into()
                ),
            ]
        );
        assert_eq!(split("a\nb"), vec![(None, "a\nb".into())]);
        assert_eq!(lane_of("  [Consumer 1] Acked [ID:2]").0, None);
        assert_eq!(lane_of("[ID:2] x").0, None);
    }
}
