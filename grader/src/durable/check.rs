//! The contract of pass 09's transcripts, for one run or for a history of runs on one
//! queue, some of them killed.
//!
//! The rules (`docs/transcripts.md`, "The durable queue"), each a [`Rule`]:
//! - **Sequence**: an id is enqueued once, ever; each producer's payloads are its
//!   `#0`, `#1`, … in order; a whole run's new ids are one unbroken range.
//! - **Delivery**: a message received was enqueued (in this run or an earlier one;
//!   after a kill, possibly by a line the kill cut off), with the same payload; at
//!   most once per run; never after its ack was said; every delivery after the first
//!   says it is a redelivery, with a count above the last one seen.
//! - **Ack**: a consumer acks, or stops before acking, only what it received, once.
//! - **Stop**: after a stop, each producer enqueues at most one more batch; after an
//!   immediate stop, each consumer receives at most one more message; a run nobody
//!   stopped leaves nothing in the queue.
//! - **Accounting**: every count (recovered, per producer, per consumer, the results)
//!   is what the lines and the earlier runs add up to.
//! - **Lost**: once a last run ends cleanly, every message ever enqueued was acked.
//! - **Monitor**: each stats line above the depth warning's bound is followed by its
//!   warning, and no other is; each scaling puts one consumer at work per `--scale-per`
//!   waiting messages, rounded up, from one to all.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use super::line::{DurableLine as L, Tally, Who};

/// A rule of pass 09's contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Ids and payloads enqueued in order, each id once.
    Sequence,
    /// What is received was enqueued, once per run, never after its ack, redeliveries
    /// said.
    Delivery,
    /// Acks only of what was received.
    Ack,
    /// What may happen after a stop.
    Stop,
    /// Counts agree with the lines.
    Accounting,
    /// Nothing enqueued is left unacked at the end.
    Lost,
    /// The monitor's warnings and scalings follow from its stats.
    Monitor,
    /// The process itself: a hang, a panic, words on stderr (the crash campaign).
    Process,
}

/// A broken rule: in which run (from 1), which line (from 1; 0 for the run as a
/// whole), which rule, and what was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The run.
    pub run: usize,
    /// The line.
    pub line: usize,
    /// The rule.
    pub rule: Rule,
    /// What is wrong.
    pub detail: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "run {} line {}: {:?}: {}",
            self.run, self.line, self.rule, self.detail
        )
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited by itself with this status (`None`: status not known to the caller).
    Exited(Option<i32>),
    /// It was killed (SIGKILL): its last lines may be missing, its last line cut.
    Killed,
}

/// What a clean run's transcript adds up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Messages found in the queue.
    pub recovered: u64,
    /// Messages enqueued by the run.
    pub enqueued: u64,
    /// Messages acked by the run.
    pub consumed: u64,
    /// Messages left in the queue.
    pub left: u64,
    /// Whether a signal stopped it.
    pub signalled: bool,
}

impl Report {
    /// Two groups' reports added up.
    pub fn plus(&self, other: &Self) -> Self {
        Self {
            recovered: self.recovered + other.recovered,
            enqueued: self.enqueued + other.enqueued,
            consumed: self.consumed + other.consumed,
            left: self.left + other.left,
            signalled: self.signalled || other.signalled,
        }
    }

    /// The exit status the accounting calls for: 3 if messages were left, else 130
    /// after a signal, else 0.
    pub fn exit_status(&self) -> i32 {
        match (self.left, self.signalled) {
            (0, true) => 130,
            (0, false) => 0,
            _ => 3,
        }
    }
}

/// Runs of pass 09 on one queue, in order; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Payloads of every id whose enqueue line was seen.
    enqueued: HashMap<u64, String>,
    /// The highest delivery seen of each id.
    attempts: HashMap<u64, u32>,
    /// Ids whose ack line was seen.
    acked: HashSet<u64>,
    /// Ids received in a killed run with no word after: the ack may have landed.
    maybe_acked: HashSet<u64>,
    /// Whether a run was killed: lines may be missing.
    killed: bool,
    /// Whether what was in the queue before the first run is unknown.
    unknown_start: bool,
    runs: usize,
    /// Runs that ended killed.
    pub kills: u32,
    /// What went wrong, in order.
    pub faults: Vec<Fault>,
}

/// One run's lines, as the checker goes.
#[derive(Default)]
struct Run {
    /// Killed: lines its kill cut off may be missing, enqueues among them.
    killed: bool,
    batch: u64,
    immediate: bool,
    messages: u64,
    recovered: Option<u64>,
    sent: HashMap<u64, u64>,
    received: HashMap<u64, (u64, bool)>,
    acks: HashMap<u64, u64>,
    done: HashSet<Who>,
    stopped_at: Option<usize>,
    signalled: bool,
    stopping: bool,
    after_stop_sent: HashMap<u64, u64>,
    after_stopping_received: HashMap<u64, u64>,
    new_ids: BTreeSet<u64>,
    results: HashMap<Tally, u64>,
    consumers: u64,
    warn_above: Option<u64>,
    per: Option<u64>,
    /// The last stats line's pending count, and whether its warning is still due.
    stats: Option<(u64, bool)>,
    verdict: Option<Option<u64>>,
    worker_lines: usize,
}

impl History {
    /// A history of a queue whose folder was empty before the first run.
    pub fn new() -> Self {
        Self::default()
    }

    /// A history whose first run found a queue nobody saw filled: its recovered
    /// messages are taken on trust (their ids below the run's new ones).
    pub fn unknown_start() -> Self {
        Self {
            unknown_start: true,
            ..Self::default()
        }
    }

    /// Records a fault of the process itself (the crash campaign's).
    pub fn process_fault(&mut self, detail: String) {
        self.fault(0, Rule::Process, detail);
    }

    fn fault(&mut self, line: usize, rule: Rule, detail: String) {
        self.faults.push(Fault {
            run: self.runs,
            line,
            rule,
            detail,
        });
    }

    /// Checks one run's stdout, ended as `ending`; returns what a clean run added up
    /// to (`None` for a killed one).
    pub fn run(&mut self, stdout: &str, ending: Ending) -> Option<Report> {
        self.runs += 1;
        let killed = ending == Ending::Killed;
        // A killed run's last line may be cut mid-way: only whole lines count.
        let text = match (killed, stdout.rfind('\n')) {
            (true, Some(end)) => &stdout[..=end],
            (true, None) => "",
            (false, _) => stdout,
        };
        let lines: Vec<(usize, L)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| L::parse(l).map(|p| (i + 1, p)))
            .collect();
        let mut run = Run {
            killed,
            ..Run::default()
        };
        // Enqueue lines first: a consumer may say it received a message before its
        // producer says it enqueued it (the producer speaks once the call returned).
        for (n, line) in &lines {
            if let L::Enqueued {
                producer,
                id,
                payload,
            } = line
            {
                self.enqueued_line(&mut run, *n, *producer, *id, payload);
            }
        }
        for (n, line) in &lines {
            self.line(&mut run, *n, line);
        }
        let report = (!killed).then(|| self.results(&run));
        if killed {
            self.kills += 1;
            for (&id, &(_, said)) in &run.received {
                if !said {
                    self.maybe_acked.insert(id);
                }
            }
            self.killed = true;
        } else if let (Some(report), Ending::Exited(Some(code))) = (&report, ending)
            && code != report.exit_status()
        {
            let expected = report.exit_status();
            self.fault(
                0,
                Rule::Accounting,
                format!("exit status {code}, expected {expected}"),
            );
        }
        report
    }

    fn enqueued_line(&mut self, run: &mut Run, n: usize, producer: u64, id: u64, payload: &str) {
        let k = run.sent.entry(producer).or_default();
        let expected = format!("Message from Producer {producer}: #{k}");
        *k += 1;
        if payload != expected {
            self.fault(
                n,
                Rule::Sequence,
                format!("producer {producer} enqueued {payload:?}, expected {expected:?}"),
            );
        }
        if self.enqueued.insert(id, payload.to_owned()).is_some() {
            self.fault(n, Rule::Sequence, format!("id {id} enqueued twice"));
        }
        run.new_ids.insert(id);
        if run.stopped_at.is_some_and(|at| at < n) {
            *run.after_stop_sent.entry(producer).or_default() += 1;
        }
    }

    fn line(&mut self, run: &mut Run, n: usize, line: &L) {
        match line {
            L::Settings { batch, mode } => {
                run.batch = *batch;
                run.immediate = mode == "immediate";
            }
            L::Producers { messages, .. } => run.messages = *messages,
            L::Recovered { pending, .. } => run.recovered = Some(*pending),
            L::Stop | L::Escalation => {
                run.signalled |= matches!(line, L::Stop) && run.stopped_at.is_none();
                run.stopped_at.get_or_insert(n);
                run.stopping |= run.immediate || matches!(line, L::Escalation);
            }
            L::Enqueued { .. } => run.worker_lines += 1,
            L::ProducerDone {
                producer,
                sent,
                stopped,
            } => {
                let lines = run.sent.get(producer).copied().unwrap_or_default();
                if *sent != lines || *stopped != (*sent < run.messages) {
                    self.fault(n, Rule::Accounting, format!("producer {producer} says {sent} (stopped: {stopped}), its lines {lines} of {}", run.messages));
                }
                run.done.insert(Who::Producer(*producer));
            }
            L::Received {
                consumer,
                id,
                attempt,
                payload,
            } => self.received(run, n, *consumer, *id, *attempt, payload),
            L::Acked { consumer, id } | L::Unacked { consumer, id } => {
                run.worker_lines += 1;
                let acked = matches!(line, L::Acked { .. });
                match run.received.get_mut(id) {
                    Some((by, said)) if by == consumer && !*said => *said = true,
                    _ => self.fault(
                        n,
                        Rule::Ack,
                        format!(
                            "consumer {consumer} acked or kept message {id} it was not holding"
                        ),
                    ),
                }
                if acked {
                    *run.acks.entry(*consumer).or_default() += 1;
                    self.acked.insert(*id);
                    self.maybe_acked.remove(id);
                }
            }
            L::ConsumerDone { consumer, acked } => {
                let lines = run.acks.get(consumer).copied().unwrap_or_default();
                if *acked != lines {
                    self.fault(
                        n,
                        Rule::Accounting,
                        format!(
                            "consumer {consumer} says it consumed {acked}, its ack lines {lines}"
                        ),
                    );
                }
                run.done.insert(Who::Consumer(*consumer));
            }
            L::Result(tally, count) => {
                run.results.insert(*tally, *count);
            }
            L::AllProcessed => run.verdict = Some(None),
            L::LeftOver(left) => run.verdict = Some(Some(*left)),
            L::Consumers(n) => run.consumers = *n,
            L::Monitoring { .. }
            | L::Scaling { .. }
            | L::Stats { .. }
            | L::Warning(_)
            | L::Scaled { .. } => self.monitor(run, n, line),
            L::Starting(_) | L::Damage => {}
        }
    }

    fn monitor(&mut self, run: &mut Run, n: usize, line: &L) {
        let mut fault = |what: String| self.fault(n, Rule::Monitor, what);
        match *line {
            L::Monitoring { warn_above } => run.warn_above = Some(warn_above),
            L::Scaling {
                active,
                consumers,
                per,
            } => {
                run.per = Some(per);
                let want = wanted(run.recovered.unwrap_or_default(), per, consumers);
                if active != want || consumers != run.consumers {
                    fault(format!(
                        "{active} of {consumers} consumers at work at the start, expected {want} of {}",
                        run.consumers
                    ));
                }
            }
            L::Stats { pending } => {
                if let Some((last, true)) = run.stats {
                    fault(format!("no warning after {last} pending"));
                }
                match run.warn_above {
                    Some(bound) => run.stats = Some((pending, pending > bound)),
                    None => fault("stats from a monitor the header did not announce".into()),
                }
            }
            L::Warning(pending) => match run.stats {
                Some((last, true)) if last == pending => run.stats = Some((last, false)),
                _ => fault(format!(
                    "a warning of {pending} pending, not after stats above the bound"
                )),
            },
            L::Scaled { to, of, pending } => {
                let want = run.per.map(|per| wanted(pending, per, of));
                let after = run.stats.map(|(last, _)| last);
                if want != Some(to) || after != Some(pending) || of != run.consumers {
                    fault(format!(
                        "scaled to {to} of {of} for {pending} pending, expected {want:?} of {} after stats of {after:?}",
                        run.consumers
                    ));
                }
            }
            _ => {}
        }
    }

    fn received(
        &mut self,
        run: &mut Run,
        n: usize,
        consumer: u64,
        id: u64,
        attempt: u32,
        payload: &str,
    ) {
        run.worker_lines += 1;
        if run.done.contains(&Who::Consumer(consumer)) {
            self.fault(
                n,
                Rule::Delivery,
                format!("consumer {consumer} received {id} after saying it completed"),
            );
        }
        match self.enqueued.get(&id) {
            Some(known) if known != payload => {
                self.fault(
                    n,
                    Rule::Delivery,
                    format!("message {id} received as {payload:?}, enqueued as {known:?}"),
                );
            }
            Some(_) => {}
            // An enqueue whose line a kill cut off, or one from before the history.
            None if self.killed
                || run.killed
                || (self.unknown_start && run.new_ids.first().is_none_or(|&first| id < first)) => {}
            None => self.fault(
                n,
                Rule::Delivery,
                format!("message {id} received, never enqueued"),
            ),
        }
        if self.acked.contains(&id) {
            self.fault(
                n,
                Rule::Delivery,
                format!("message {id} received after its ack"),
            );
        }
        if run.received.insert(id, (consumer, false)).is_some() {
            self.fault(
                n,
                Rule::Delivery,
                format!("message {id} received twice in one run"),
            );
        }
        let before = self.attempts.insert(id, attempt);
        let fresh = !self.killed && !self.unknown_start;
        match before {
            Some(last) if attempt <= last => self.fault(
                n,
                Rule::Delivery,
                format!("message {id} delivered as delivery {attempt} after delivery {last}"),
            ),
            None if attempt != 1 && fresh => self.fault(
                n,
                Rule::Delivery,
                format!("message {id}'s first delivery says delivery {attempt}"),
            ),
            _ => {}
        }
        if run.stopping {
            *run.after_stopping_received.entry(consumer).or_default() += 1;
        }
    }

    fn results(&mut self, run: &Run) -> Report {
        if let Some((last, true)) = run.stats {
            self.fault(0, Rule::Monitor, format!("no warning after {last} pending"));
        }
        for (producer, &more) in &run.after_stop_sent {
            if more > run.batch {
                self.fault(0, Rule::Stop, format!("producer {producer} enqueued {more} messages after the stop, batches of {}", run.batch));
            }
        }
        for (consumer, &more) in &run.after_stopping_received {
            if more > 1 {
                self.fault(
                    0,
                    Rule::Stop,
                    format!(
                        "consumer {consumer} received {more} messages after the immediate stop"
                    ),
                );
            }
        }
        if let (Some(&first), Some(&last)) = (run.new_ids.first(), run.new_ids.last())
            && last - first + 1 != run.new_ids.len() as u64
        {
            self.fault(
                0,
                Rule::Sequence,
                format!("the run's new ids {first}..={last} have gaps"),
            );
        }
        let get = |t| run.results.get(&t).copied();
        let (Some(expected), Some(consumed), Some(left), Some(recovered)) = (
            get(Tally::Expected),
            get(Tally::Consumed),
            get(Tally::Left),
            run.recovered,
        ) else {
            self.fault(
                0,
                Rule::Accounting,
                "the header or the results are missing".into(),
            );
            return Report::default();
        };
        let quiet = run.worker_lines == 0;
        let enqueued = run.new_ids.len() as u64;
        let acked: u64 = run.acks.values().sum();
        if !quiet && (expected != recovered + enqueued || consumed != acked) {
            self.fault(0, Rule::Accounting, format!("results say expected {expected}, consumed {consumed}; the lines {recovered} + {enqueued}, {acked}"));
        }
        if left + consumed != expected {
            self.fault(
                0,
                Rule::Accounting,
                format!("left {left} + consumed {consumed} is not expected {expected}"),
            );
        }
        let verdict_ok = match run.verdict {
            Some(None) => left == 0,
            Some(Some(n)) => n == left && left > 0,
            None => false,
        };
        if !verdict_ok {
            self.fault(
                0,
                Rule::Accounting,
                format!("the last line does not say {left} left"),
            );
        }
        if run.stopped_at.is_none() && left > 0 {
            self.fault(
                0,
                Rule::Stop,
                format!("{left} messages left by a run nobody stopped"),
            );
        }
        if !self.killed && !self.unknown_start {
            let pending = self.enqueued.len() as u64 - enqueued - self.acked_before(run);
            if recovered != pending {
                self.fault(
                    0,
                    Rule::Accounting,
                    format!("recovered {recovered} messages, the earlier runs left {pending}"),
                );
            }
        }
        Report {
            recovered,
            enqueued,
            consumed,
            left,
            signalled: run.signalled,
        }
    }

    /// Messages acked before this run: every ack seen, less this run's.
    fn acked_before(&self, run: &Run) -> u64 {
        self.acked.len() as u64 - run.acks.values().sum::<u64>()
    }

    /// After the last run (which must have ended cleanly with nothing left): every
    /// message whose enqueue was seen was acked, or received by a killed run that
    /// may have acked it.
    pub fn finish(&mut self) {
        let mut lost: Vec<u64> = self
            .enqueued
            .keys()
            .filter(|id| !self.acked.contains(id) && !self.maybe_acked.contains(id))
            .copied()
            .collect();
        lost.sort_unstable();
        if !lost.is_empty() {
            let n = lost.len();
            lost.truncate(10);
            self.fault(
                0,
                Rule::Lost,
                format!("{n} messages enqueued and never acked: {lost:?}"),
            );
        }
    }
}

/// Consumers at work for `pending` waiting messages: one per `per`, rounded up, from
/// one to `consumers`.
pub fn wanted(pending: u64, per: u64, consumers: u64) -> u64 {
    pending.div_ceil(per.max(1)).clamp(1, consumers.max(1))
}

/// Checks one run of pass 09 that found its queue (or its groups' queues) in an
/// unknown state.
///
/// # Errors
/// Every fault found.
pub fn check(stdout: &str) -> Result<Report, Vec<Fault>> {
    let mut histories = super::lanes::Histories::unknown_start();
    let report = histories.run(stdout, Ending::Exited(None));
    let history = histories.merged();
    match (history.faults.is_empty(), report) {
        (true, Some(report)) => Ok(report),
        _ => Err(history.faults),
    }
}
