//! Pass 10's contract, judged on one run's transcript, whatever was killed in it.
//!
//! - **Order**: a task is processed only after a `created` line for it; an outcome
//!   only after a `processing` line for it (a task dead-lettered as never
//!   acknowledged excepted: its consumers died before they could say anything).
//! - **Delivery**: each task's deliveries are numbered 1, 2, … with no number twice;
//!   every delivery after the first names the consumer it was reclaimed from; a
//!   failure is left pending only before the last delivery; a task dead-lettered as
//!   never acknowledged had at least as many attempts as deliveries said.
//! - **Settled**: each task is acknowledged or dead-lettered at most once; a
//!   duplicate is said only of a task settled by another delivery; no delivery has
//!   two outcomes.
//! - **Bound**: every gauge is at most the capacity the header states.
//! - **Accounting**: a producer's `finished` line counts its own `blocked` lines;
//!   the summary's counts are the lines' counts (plus at most one
//!   task per consumer killed between its settling and its line), the dead-letter
//!   record lists every dead-lettered task with its attempts, and `Produced` =
//!   `Final stats` + `Dead letters` + `Not processed`.
//! - **Lost**: when nothing is left in the stream, every task added is settled;
//!   the tasks added are those created and sent, but for a producer's last
//!   `created` task before it was killed (the add may not have happened), and a
//!   restarted producer resumes after the tasks it had added.
//! - **Processes**: each consumer started says `finished` or is reported dead
//!   before `All consumers finished`; every consumer that works was started.
//! - **Exit status**: 3 if tasks were left, else 130 after a signal, else 0.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::line::{BrokerLine as L, Tally, Who};

/// A rule of pass 10's contract (see the module's docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Processed after created; outcomes after processing.
    Order,
    /// Deliveries numbered, each redelivery named.
    Delivery,
    /// Settled once; duplicates said.
    Settled,
    /// Never above the capacity.
    Bound,
    /// The summary agrees with the lines.
    Accounting,
    /// Nothing added is left unsettled at a clean end.
    Lost,
    /// Every consumer accounted for.
    Processes,
    /// The exit status the accounting calls for.
    ExitStatus,
}

/// A broken rule of pass 10's contract.
pub type Fault = crate::fault::Fault<Rule>;

/// What a run's transcript adds up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Tasks added.
    pub produced: u64,
    /// Tasks acknowledged.
    pub completed: u64,
    /// Tasks dead-lettered.
    pub dead: u64,
    /// Tasks left in the stream.
    pub left: u64,
    /// Deliveries after the first.
    pub redeliveries: u64,
    /// Duplicates said.
    pub duplicates: u64,
    /// Processes reported dead.
    pub deaths: u64,
    /// Whether a signal stopped the run.
    pub signalled: bool,
}

impl Report {
    /// The exit status this run's accounting calls for.
    pub fn exit_status(&self) -> i32 {
        if self.left > 0 {
            3
        } else if self.signalled {
            130
        } else {
            0
        }
    }
}

/// What the lines said of one task.
#[derive(Debug, Default)]
struct TaskSeen {
    created: bool,
    not_sent: bool,
    deliveries: Vec<u64>,
    /// Outcomes said of deliveries: completed, failed-then-left or dead, duplicate.
    outcomes: u64,
    completed: u64,
    dead: Option<u64>,
    dead_count: u64,
    duplicates: u64,
}

/// The run as read so far.
#[derive(Debug, Default)]
struct Reader {
    faults: Vec<Fault>,
    capacity: Option<u64>,
    tasks: HashMap<u64, TaskSeen>,
    started: HashSet<u64>,
    gone: HashSet<u64>,
    consumers_killed: u64,
    /// The tasks each producer said it created.
    created_by: HashMap<u64, BTreeSet<u64>>,
    /// Each producer's last `created` task.
    last_created: HashMap<u64, u64>,
    /// `blocked` lines of each producer's process now running (a replacement counts
    /// anew).
    waits: HashMap<u64, u64>,
    /// Tasks a producer said it created and was killed before it said anything
    /// more, and not created again since: added or not, the add's reply never came.
    maybe_unsent: BTreeSet<u64>,
    counts: HashMap<Tally, u64>,
    records: Vec<(u64, u64)>,
    all_consumers: bool,
    report: Report,
}

/// Judges one run's stdout (`status`: its exit status, if known).
///
/// # Errors
/// Every broken rule.
pub fn check(stdout: &str, status: Option<i32>) -> Result<Report, Vec<Fault>> {
    let mut reader = Reader::default();
    for (at, text) in stdout.lines().enumerate() {
        if let Some(line) = L::parse(text) {
            reader.read(at + 1, line);
        }
    }
    reader.finish(status)
}

impl Reader {
    fn fault(&mut self, line: usize, rule: Rule, detail: String) {
        self.faults.push(Fault { line, rule, detail });
    }

    fn read(&mut self, at: usize, line: L) {
        match line {
            L::Capacity(n) => self.capacity = Some(n),
            L::Started(Who::Consumer(c)) => {
                self.started.insert(c);
            }
            L::Started(Who::Producer(_)) => {}
            L::Died(who) => {
                self.report.deaths += 1;
                match who {
                    Who::Consumer(c) => {
                        self.gone.insert(c);
                        self.consumers_killed += 1;
                    }
                    Who::Producer(p) => {
                        if let Some(&task) = self.last_created.get(&p) {
                            self.maybe_unsent.insert(task);
                        }
                        self.waits.remove(&p);
                    }
                }
            }
            L::Created { producer, task } => {
                self.tasks.entry(task).or_default().created = true;
                self.created_by.entry(producer).or_default().insert(task);
                self.last_created.insert(producer, task);
                self.maybe_unsent.remove(&task);
            }
            L::NotSent { task, .. } => self.tasks.entry(task).or_default().not_sent = true,
            L::Blocked(p) => *self.waits.entry(p).or_default() += 1,
            L::ProducerFinished { producer, blocked } => {
                let said = self.waits.get(&producer).copied().unwrap_or(0);
                if blocked != said {
                    self.fault(
                        at,
                        Rule::Accounting,
                        format!("producer {producer} blocked {said} times, says {blocked}"),
                    );
                }
            }
            L::Restarted { producer, made } => self.restarted(at, producer, made),
            L::Failed(_) => {}
            L::Gauge { depth, capacity } => self.gauge(at, depth, capacity),
            L::Processing {
                consumer,
                task,
                delivery,
                from,
            } => {
                self.processing(at, consumer, task, (delivery, from));
            }
            L::LeftPending { task, delivery, of } => {
                if delivery >= of {
                    self.fault(
                        at,
                        Rule::Delivery,
                        format!(
                            "task {task} left pending after its last delivery ({delivery} of {of})"
                        ),
                    );
                }
                self.outcome(at, task, &line);
            }
            L::Completed(task) | L::Duplicate(task) => self.outcome(at, task, &line),
            L::Dead {
                task,
                attempts,
                never_acked,
            } => self.dead(at, task, attempts, never_acked),
            L::ConsumerFinished(c) => {
                self.gone.insert(c);
            }
            L::Signal => self.report.signalled = true,
            L::Stop | L::AllProducers => {}
            L::AllConsumers => self.all_consumers(at),
            L::Count(tally, n) => {
                self.counts.insert(tally, n);
            }
            L::Record { task, attempts } => self.records.push((task, attempts)),
        }
    }

    fn gauge(&mut self, at: usize, depth: u64, capacity: u64) {
        if let Some(bound) = self.capacity
            && (depth > bound || capacity != bound)
        {
            self.fault(
                at,
                Rule::Bound,
                format!("gauge {depth}/{capacity}, capacity {bound}"),
            );
        }
    }

    /// A restarted producer resumes after the tasks it added: all those it said it
    /// created, or all but the last if it was killed right after saying it.
    fn restarted(&mut self, at: usize, producer: u64, made: u64) {
        let said = self.created_by.get(&producer).map_or(0, |t| t.len() as u64);
        let last_unsure = self
            .last_created
            .get(&producer)
            .is_some_and(|t| self.maybe_unsent.contains(t));
        if made != said && !(last_unsure && made + 1 == said) {
            self.fault(
                at,
                Rule::Lost,
                format!("producer {producer} resumes after {made} tasks, but created {said}"),
            );
        }
    }

    fn processing(
        &mut self,
        at: usize,
        consumer: u64,
        task: u64,
        (delivery, from): (u64, Option<u64>),
    ) {
        if !self.started.contains(&consumer) {
            self.fault(
                at,
                Rule::Processes,
                format!("consumer {consumer} was never started"),
            );
        }
        let seen = self.tasks.entry(task).or_default();
        let created = seen.created;
        let again = seen.deliveries.contains(&delivery);
        seen.deliveries.push(delivery);
        if !created {
            self.fault(
                at,
                Rule::Order,
                format!("task {task} processed before it was created"),
            );
        }
        if again {
            self.fault(
                at,
                Rule::Delivery,
                format!("task {task}'s delivery {delivery} said twice"),
            );
        }
        if delivery == 0 || (delivery > 1) != from.is_some() {
            self.fault(
                at,
                Rule::Delivery,
                format!("task {task}: delivery {delivery}, reclaimed from {from:?}"),
            );
        }
        if delivery > 1 {
            self.report.redeliveries += 1;
        }
    }

    fn outcome(&mut self, at: usize, task: u64, line: &L) {
        let seen = self.tasks.entry(task).or_default();
        seen.outcomes += 1;
        match line {
            L::Completed(_) => seen.completed += 1,
            L::Duplicate(_) => seen.duplicates += 1,
            _ => {}
        }
        let (outcomes, deliveries) = (seen.outcomes, seen.deliveries.len() as u64);
        let settled = seen.completed + seen.dead_count;
        if outcomes > deliveries {
            self.fault(
                at,
                Rule::Order,
                format!("task {task}: {outcomes} outcomes for {deliveries} deliveries"),
            );
        }
        if settled > 1 {
            self.fault(
                at,
                Rule::Settled,
                format!("task {task} settled {settled} times"),
            );
        }
        if matches!(line, L::Duplicate(_)) {
            self.report.duplicates += 1;
        }
    }

    fn dead(&mut self, at: usize, task: u64, attempts: u64, never_acked: bool) {
        let seen = self.tasks.entry(task).or_default();
        seen.dead = Some(attempts);
        seen.dead_count += 1;
        // After a failed delivery it is that delivery's outcome. As never acknowledged
        // it is the outcome of a reclaim, not of a delivery: the consumer of the last
        // delivery may be dead, or still at work (its ack will find it settled).
        let after_failure = !never_acked && seen.deliveries.contains(&attempts);
        if after_failure {
            seen.outcomes += 1;
        }
        // Every delivery said is one of the `attempts` it had.
        let last = seen.deliveries.iter().max().copied().unwrap_or(0);
        let (created, settled) = (seen.created, seen.completed + seen.dead_count);
        if never_acked && last > attempts {
            self.fault(
                at,
                Rule::Delivery,
                format!("task {task} dead-lettered after {attempts} attempts, but delivery {last} was said"),
            );
        }
        if !created {
            self.fault(
                at,
                Rule::Order,
                format!("task {task} dead-lettered, never created"),
            );
        }
        if settled > 1 {
            self.fault(
                at,
                Rule::Settled,
                format!("task {task} settled {settled} times"),
            );
        }
    }

    fn all_consumers(&mut self, at: usize) {
        self.all_consumers = true;
        let missing: BTreeSet<u64> = self.started.difference(&self.gone).copied().collect();
        if !missing.is_empty() {
            self.fault(
                at,
                Rule::Processes,
                format!("consumers {missing:?} neither finished nor died"),
            );
        }
    }

    fn finish(mut self, status: Option<i32>) -> Result<Report, Vec<Fault>> {
        let completed: BTreeSet<u64> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.completed > 0)
            .map(|(&id, _)| id)
            .collect();
        let dead: BTreeSet<u64> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.dead.is_some())
            .map(|(&id, _)| id)
            .collect();
        self.duplicates_have_a_settler();
        if !self.all_consumers {
            self.fault(
                0,
                Rule::Processes,
                "no `All consumers finished` line".into(),
            );
        }
        self.accounting(&completed, &dead);
        let count = |t| self.counts.get(&t).copied().unwrap_or(0);
        self.report.produced = count(Tally::Produced);
        self.report.completed = count(Tally::Completed);
        self.report.dead = count(Tally::Dead);
        self.report.left = count(Tally::NotProcessed);
        self.lost(&completed, &dead);
        if let Some(status) = status
            && status != self.report.exit_status()
        {
            let detail = format!(
                "exit status {status}, the accounting calls for {}",
                self.report.exit_status()
            );
            self.fault(0, Rule::ExitStatus, detail);
        }
        if self.faults.is_empty() {
            Ok(self.report)
        } else {
            Err(self.faults)
        }
    }

    fn duplicates_have_a_settler(&mut self) {
        let unsettled: Vec<u64> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.duplicates > 0 && t.completed + t.dead_count == 0)
            .map(|(&id, _)| id)
            .collect();
        for task in unsettled {
            self.fault(
                0,
                Rule::Settled,
                format!("task {task} said a duplicate, but nobody settled it"),
            );
        }
    }

    /// The summary against the lines. A consumer killed between its settling script
    /// and its line settled a task without saying so: the summary may count up to one
    /// such task per consumer killed, more than the lines say, never fewer.
    fn accounting(&mut self, completed: &BTreeSet<u64>, dead: &BTreeSet<u64>) {
        let count = |t| self.counts.get(&t).copied();
        let unsaid = self.consumers_killed;
        let mut wrong = Vec::new();
        let mut slack = 0;
        for (tally, lines) in [
            (Tally::Completed, completed.len()),
            (Tally::Dead, dead.len()),
        ] {
            let lines = lines as u64;
            match count(tally) {
                Some(n) if n >= lines && n - lines <= unsaid => slack += n - lines,
                n => wrong.push(format!(
                    "{tally:?} says {n:?}, the lines {lines}, consumers killed {unsaid}"
                )),
            }
        }
        if slack > unsaid {
            wrong.push(format!(
                "{slack} tasks settled unsaid, {unsaid} consumers killed"
            ));
        }
        let mut records = self.records.clone();
        records.sort_unstable();
        for id in dead {
            let said = (*id, self.tasks[id].dead.unwrap_or(0));
            if !records.contains(&said) {
                wrong.push(format!(
                    "task {id} dead-lettered after {} attempts, not so in the record",
                    said.1
                ));
            }
        }
        if Some(records.len() as u64) != count(Tally::Dead) {
            wrong.push(format!(
                "the record lists {} dead letters, the count {:?}",
                records.len(),
                count(Tally::Dead)
            ));
        }
        let [produced, done, died, left] = [
            Tally::Produced,
            Tally::Completed,
            Tally::Dead,
            Tally::NotProcessed,
        ]
        .map(count);
        if produced.is_none()
            || produced != Some(done.unwrap_or(0) + died.unwrap_or(0) + left.unwrap_or(0))
        {
            wrong.push(format!(
                "Produced {produced:?} is not Final stats {done:?} + Dead letters {died:?} + Not processed {left:?}"
            ));
        }
        for detail in wrong {
            self.fault(0, Rule::Accounting, detail);
        }
    }

    /// Every task sent is settled at a clean end: said so, or (its consumer killed
    /// before it could say) in the dead-letter record or among the acknowledged
    /// tasks the summary counts beyond the lines. A task whose producer was killed
    /// right after `created` may or may not have been added.
    fn lost(&mut self, completed: &BTreeSet<u64>, dead: &BTreeSet<u64>) {
        let sent: BTreeSet<u64> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.created && !t.not_sent)
            .map(|(&id, _)| id)
            .collect();
        let recorded: BTreeSet<u64> = self.records.iter().map(|&(id, _)| id).collect();
        let settled: BTreeSet<u64> = completed.union(dead).chain(&recorded).copied().collect();
        if let Some(stray) = settled.difference(&sent).next() {
            self.fault(
                0,
                Rule::Lost,
                format!("task {stray} settled but never sent"),
            );
        }
        let maybe_unsent = std::mem::take(&mut self.maybe_unsent);
        let unsure = |id: &&u64| maybe_unsent.contains(id);
        let unsettled: Vec<u64> = sent.difference(&settled).copied().collect();
        let (maybe, surely): (Vec<u64>, Vec<u64>) = unsettled.iter().partition(unsure);
        let acked_unsaid = self.report.completed.saturating_sub(completed.len() as u64);
        let (low, high) = (surely.len() as u64, (surely.len() + maybe.len()) as u64);
        if self.report.left == 0 && !(low..=high).contains(&acked_unsaid) {
            let lost: Vec<u64> = surely.iter().copied().take(10).collect();
            let detail = format!(
                "tasks sent and never said settled: {lost:?}; acknowledged unsaid: {acked_unsaid}"
            );
            self.fault(0, Rule::Lost, detail);
        }
        let sure_sent = sent.iter().filter(|id| !unsure(id)).count() as u64;
        if !(sure_sent..=sent.len() as u64).contains(&self.report.produced) {
            let detail = format!(
                "Produced {}, tasks created and sent {} ({} of them perhaps not added)",
                self.report.produced,
                sent.len(),
                sent.len() as u64 - sure_sent
            );
            self.fault(0, Rule::Accounting, detail);
        }
    }
}
