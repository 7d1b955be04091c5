//! One stress run, drawn: the pass's flags, what the grader should expect of it, and
//! which signals to send when.
//!
//! The spread: 1–6 producers and consumers; 1–120 tasks each, or endless; capacity 0,
//! 1, 2, 10, 100 or unbounded (pass 02 on); paced or flat out; no work, 1 ms or
//! 1–3 ms; every shutdown mode, stopped by SIGINT or SIGTERM (once or twice, at the
//! ready line or after the k-th task), by `--stop-after` or `--duration-ms`, or not at
//! all (pass 03 on); quiet or not; live statistics every 5–100 ms (pass 04 on); failure
//! rates, retries, failing and panicking producers and consumers, restart budgets
//! (pass 05 on); stealing or not, local capacities, skew (pass 06); strategies,
//! overflow policies, batches taken and put (pass 07, which builds on pass 03 and refuses capacity
//! 0); for pass 08, the pipeline, its own spread (see `pipeline` below); and, for any
//! pass, stdout closed after a few lines (`| head`).
//!
//! Every value is kept where a run stays short: endless runs are paced (so a graceful
//! drain of an unbounded backlog ends in seconds), and a finite run is at most
//! 6 × 120 tasks of at most 3 ms.

use crate::check::{Bound, Expect};
use crate::durable::crash::Chain;
use crate::line::StopMode;
use crate::passes::carries;
use crate::stress::draw::Draw;
use nix::sys::signal::Signal;

/// When to send the first signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// As soon as the pass says it is ready (`Running... Press Ctrl+C to stop`).
    Ready,
    /// After the k-th `processing` line.
    Processing(usize),
    /// After the k-th tick the pipeline's source draws, or the k-th quote the
    /// aggregator sees (pass 08).
    Ticks(usize),
}

/// Signals to send to the run, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signals {
    /// When the first goes.
    pub at: Moment,
    /// What to send, in order; the second (if any) right after the first: the
    /// "press Ctrl+C twice" case.
    pub send: Vec<Signal>,
}

/// Pass 10: a process killed with SIGKILL when the transcript reaches a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kill {
    /// The consumer that printed the k-th `processing` line.
    Consumer(usize),
    /// The producer that printed the k-th `created` line: killed between saying it
    /// created a task and (perhaps) adding it, or while blocked.
    Producer(usize),
}

/// A drawn run of one pass.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The pass's number, 1 to 9.
    pub pass: u8,
    /// Its flags.
    pub args: Vec<String>,
    /// What the grader checks the transcript against.
    pub expect: Expect,
    /// Signals to send, if any.
    pub signals: Option<Signals>,
    /// The run makes producers or consumers panic on purpose (`simulated panic`).
    pub injects_panics: bool,
    /// Close the pass's stdout after this many lines (`| head -n K`): it must end
    /// quietly, with no panic and no error, and its usual status.
    pub closes_stdout: Option<usize>,
    /// Pass 09: not one run but a chain on one queue, killed runs then a drain.
    pub chain: Option<Chain>,
    /// Pass 10: processes to SIGKILL, in order.
    pub kills: Vec<Kill>,
}

impl Plan {
    /// Run `index` of pass `pass` in the campaign seeded with `seed`.
    pub fn draw(seed: u64, pass: u8, index: u32) -> Self {
        let mut d = Draw::new(seed, pass, index);
        match pass {
            8 => return pipeline(&mut d),
            9 => return durable(&mut d),
            10 => return broker(&mut d),
            _ => {}
        }
        let mut args: Vec<String> = Vec::new();
        let mut flag = |name: &str, value: String| {
            args.push(name.to_owned());
            if !value.is_empty() {
                args.push(value);
            }
        };
        let producers = d.range(1, 6);
        let consumers = d.range(1, 6);
        flag("--producers", producers.to_string());
        flag("--consumers", consumers.to_string());
        flag("--seed", d.range(0, 1_000_000).to_string());
        let quiet = d.chance(10);
        if quiet {
            flag("--quiet", String::new());
        }

        // How the run ends (pass 03 on): by itself, by a flag, or by a signal.
        let stoppable = carries(pass, 3);
        let ending = if stoppable { d.range(0, 99) } else { 0 };
        let by_signal = ending >= 60;
        let by_flag = (35..60).contains(&ending);
        let endless = stoppable && (by_signal || by_flag) && d.chance(60);
        let tasks = d.range(1, 120);
        if endless {
            if carries(pass, 4) {
                flag("--endless", String::new());
            } // Pass 03 is endless without `--tasks`.
        } else {
            flag("--tasks", tasks.to_string());
        }

        let mut bound = None;
        if carries(pass, 2) {
            // Endless runs are paced, so whatever backlog builds up drains in seconds.
            let rate = if endless || d.chance(30) {
                d.range(100, 1000)
            } else {
                0
            };
            flag("--rate", rate.to_string());
            flag("--work-ms", d.pick(&["0", "1", "1..3"]).to_string());
            bound = Some(if d.chance(15) {
                flag("--unbounded", String::new());
                Bound::Unbounded
            } else {
                // Pass 07's buffer needs a slot: no rendezvous.
                let capacities: &[u64] = if carries(pass, 7) {
                    &[1, 2, 10, 100]
                } else {
                    &[0, 1, 2, 10, 100]
                };
                let capacity = *d.pick(capacities);
                flag("--capacity", capacity.to_string());
                Bound::Capacity(capacity)
            });
        }

        let mut mode = None;
        if stoppable {
            let m = match d.range(0, 2) {
                0 => StopMode::Graceful,
                1 => StopMode::Immediate,
                _ => StopMode::Timeout(d.range(1, 50)),
            };
            match m {
                StopMode::Graceful => flag("--shutdown", "graceful".into()),
                StopMode::Immediate => flag("--shutdown", "immediate".into()),
                StopMode::Timeout(ms) => {
                    flag("--shutdown", "timeout".into());
                    flag("--drain-ms", ms.to_string());
                }
            }
            mode = Some(m);
            if by_flag {
                if d.chance(50) {
                    // Within what a finite run makes (the pass refuses more).
                    let most = if endless {
                        100
                    } else {
                        100.min(producers * tasks)
                    };
                    flag("--stop-after", d.range(1, most).to_string());
                } else {
                    flag("--duration-ms", d.range(1, 300).to_string());
                }
            }
        }
        if carries(pass, 4) {
            flag("--stats-interval-ms", d.range(5, 100).to_string());
        }

        let mut injects_panics = false;
        if carries(pass, 5) {
            flag("--fail-rate", d.pick(&["0", "0.05", "0.3"]).to_string());
            flag("--retries", d.range(0, 3).to_string());
            flag("--backoff-ms", d.range(0, 5).to_string());
            flag("--max-restarts", d.range(0, 3).to_string());
            // Faults need a task count to fall within.
            if !endless && tasks > 1 && d.chance(30) {
                let kind = if d.chance(50) {
                    injects_panics = true;
                    "--panic-producer"
                } else {
                    "--fail-producer"
                };
                let at = format!("{}@{}", d.range(0, producers - 1), d.range(0, tasks - 1));
                flag(kind, at);
            }
            if d.chance(30) {
                injects_panics = true;
                let id = d.range(0, producers - 1) * id_block(endless, tasks)
                    + d.range(0, tasks.min(50) - 1);
                flag("--panic-on-task", id.to_string());
            }
        }
        if carries(pass, 6) {
            if d.chance(25) {
                flag("--no-steal", String::new());
            }
            flag("--local-capacity", d.pick(&[1, 4, 16]).to_string());
            flag("--heavy-ms", d.pick(&[0, 0, 5]).to_string());
        }

        if carries(pass, 7) {
            flag(
                "--strategy",
                d.pick(&["fifo", "lifo", "priority"]).to_string(),
            );
            // A policy other than `block` needs a bound to overflow.
            if bound != Some(Bound::Unbounded) {
                let overflow = ["block", "block", "reject", "drop-oldest", "drop-lowest"];
                flag("--overflow", d.pick(&overflow).to_string());
            }
            flag("--batch", d.pick(&[1, 1, 3, 64]).to_string());
            flag("--batch-wait-ms", d.pick(&[0, 0, 2]).to_string());
            flag("--put-batch", d.pick(&[1, 1, 4, 64]).to_string());
        }

        // A quiet run prints no `processing` lines to wait for.
        let signals = by_signal.then(|| {
            signals(&mut d, quiet, |d| {
                Moment::Processing(d.range(1, 30) as usize)
            })
        });

        // Only runs that end by themselves: with no reader, a signal's moment never comes.
        let closes_stdout = (signals.is_none() && d.chance(8)).then(|| d.range(1, 20) as usize);

        let mut expect = if quiet {
            Expect::quiet_unknown()
        } else {
            Expect::tasks_unknown()
        };
        let may_stop_early = signals.is_some() || by_flag;
        // Faults can end production early: a failing producer, or the channel closing
        // when every consumer panicked and none may be replaced.
        let faults = args
            .iter()
            .any(|a| a.ends_with("-producer") || a == "--panic-on-task");
        if !endless && !may_stop_early && !faults {
            expect.created = Some(producers * tasks);
        }
        if let Some(bound) = bound {
            expect = expect.bounded(bound);
        }
        if let Some(mode) = mode {
            expect = expect.stoppable(mode);
        }
        if carries(pass, 4) {
            expect = expect.monitored();
        }
        if carries(pass, 5) {
            expect = expect.failing();
        }
        if carries(pass, 6) {
            expect = expect.stealing();
        }
        if carries(pass, 7) {
            expect = expect.buffered();
        }
        Self {
            pass,
            args,
            expect,
            signals,
            injects_panics,
            closes_stdout,
            chain: None,
            kills: Vec::new(),
        }
    }

    /// The binary's name: `05-errors` for pass 5.
    pub fn binary(&self) -> &'static str {
        crate::passes::binary(self.pass)
    }

    /// The command line, as a shell would take it.
    pub fn command(&self) -> String {
        format!("{} {}", self.binary(), self.args.join(" "))
    }

    /// The signals, in words (`SIGINT then SIGTERM after the 12th task`).
    pub fn signals_in_words(&self) -> Option<String> {
        let signals = self.signals.as_ref()?;
        let names: Vec<&str> = signals.send.iter().map(|s| s.as_str()).collect();
        let at = match signals.at {
            Moment::Ready => "at the ready line".to_owned(),
            Moment::Processing(k) => format!("after the {k}th `processing` line"),
            Moment::Ticks(k) => format!("after the {k}th tick drawn (or quote seen)"),
        };
        Some(format!("{} {at}", names.join(" then ")))
    }

    /// Any other fault, in words, and how to reproduce it from a shell.
    pub fn fault_in_words(&self) -> Option<String> {
        if let Some(chain) = &self.chain {
            return Some(format!(
                "SIGKILL after {:?} lines of successive runs on one queue, then a run with `--producers 0`",
                chain.kills
            ));
        }
        if !self.kills.is_empty() {
            return Some(format!(
                "SIGKILL to the process that printed each of these lines: {:?}",
                self.kills
            ));
        }
        self.closes_stdout.map(|k| {
            format!(
                "stdout closed after {k} lines: `{} | head -n {k}`",
                self.command()
            )
        })
    }
}

/// The signals of a stopped run: SIGINT or SIGTERM (and, in 1 run in 4, a second one
/// right after), sent at the ready line (always in a quiet run, else in 1 run in 5)
/// or at the moment `later` draws.
fn signals(d: &mut Draw, quiet: bool, later: impl FnOnce(&mut Draw) -> Moment) -> Signals {
    let at = if quiet || d.chance(20) {
        Moment::Ready
    } else {
        later(d)
    };
    let first = *d.pick(&[Signal::SIGINT, Signal::SIGTERM]);
    let send = if d.chance(25) {
        vec![first, *d.pick(&[Signal::SIGINT, Signal::SIGTERM])]
    } else {
        vec![first]
    };
    Signals { at, send }
}

/// A run of pass 08: the quote aggregator in 3 runs of 10, the risk manager (orders
/// capped at 1000 or 50 000, bankrolls of 100 to a million) in 3, the pipeline in 4;
/// the pipelines with 1–8 symbols, 1–6 enrich and signal workers and 1–4 executors;
/// 1–2000 ticks (quotes), channels of 0, 1, 2, 4 or 100, flat out or paced; every shutdown
/// mode, stopped by signals at drawn ticks or by `--duration-ms`, or not at all; quiet
/// or not; stdout closed early. Paced runs are the long ones (up to 100 000 ticks at
/// 2000–5000 a second) and always stopped.
fn pipeline(d: &mut Draw) -> Plan {
    let mut args: Vec<String> = Vec::new();
    let mut flag = |name: &str, value: String| {
        args.push(name.to_owned());
        if !value.is_empty() {
            args.push(value);
        }
    };
    flag("--seed", d.range(0, 1_000_000).to_string());
    match d.range(0, 9) {
        0..=2 => flag("--system", "aggregator".into()),
        system => {
            if system < 6 {
                flag("--system", "risk".into());
                flag("--max-order", d.pick(&[1_000, 50_000]).to_string());
                flag("--bankroll", d.pick(&[100, 10_000, 1_000_000]).to_string());
            }
            flag("--symbols", d.range(1, 8).to_string());
            flag("--enrich-workers", d.range(1, 6).to_string());
            flag("--signal-workers", d.range(1, 6).to_string());
            flag("--execute-workers", d.range(1, 4).to_string());
        }
    }
    flag("--capacity", d.pick(&[0, 1, 2, 4, 100]).to_string());
    let quiet = d.chance(10);
    if quiet {
        flag("--quiet", String::new());
    }
    if d.chance(30) {
        flag("--stats-interval-ms", d.range(1, 20).to_string());
        if d.chance(50) {
            flag("--warn-above", d.range(0, 8).to_string());
        }
    }
    let ending = d.range(0, 99);
    let (by_signal, by_flag) = (ending >= 60, (35..60).contains(&ending));
    if by_signal || by_flag {
        flag("--ticks", "100000".into());
        flag("--rate", d.range(2000, 5000).to_string());
    } else {
        flag("--ticks", d.range(1, 2000).to_string());
        flag("--rate", "0".into());
    }
    match d.range(0, 2) {
        0 => flag("--shutdown", "graceful".into()),
        1 => flag("--shutdown", "immediate".into()),
        _ => {
            flag("--shutdown", "timeout".into());
            flag("--drain-ms", d.range(1, 50).to_string());
        }
    }
    if by_flag {
        flag("--duration-ms", d.range(1, 300).to_string());
    }
    let signals = by_signal.then(|| signals(d, quiet, |d| Moment::Ticks(d.range(1, 200) as usize)));
    let closes_stdout = (signals.is_none() && d.chance(8)).then(|| d.range(1, 20) as usize);
    Plan {
        pass: 8,
        args,
        // The pipeline has its own checker (`crate::pipeline`); this is unused.
        expect: Expect::tasks_unknown(),
        signals,
        injects_panics: false,
        closes_stdout,
        chain: None,
        kills: Vec::new(),
    }
}

/// A chain of pass 09 on one queue: 1–4 runs each killed (SIGKILL) after 1–400
/// lines, then a run that drains it; 1–4 producers of 1–300 messages in batches of
/// 1–8, 1–4 consumers, every fsync policy, segments of 64 bytes (a new one every few
/// records) to 1 MiB, flat out or paced, no work or up to 1 ms a message.
fn durable(d: &mut Draw) -> Plan {
    let messages = d.range(1, 300);
    let batch = d.range(1, messages.min(8));
    let rate = if d.chance(30) { d.range(1000, 5000) } else { 0 };
    // The source document's patterns: priority groups, the monitor, scaling.
    let consumers = if d.chance(25) {
        format!("--priority {},{}", d.range(1, 4), d.range(1, 4))
    } else {
        format!("--consumers {}", d.range(1, 4))
    };
    let mut args = format!(
        "--producers {} {consumers} --messages {messages} --batch {batch} --fsync {} \
         --segment-bytes {} --rate {rate} --work-ms {} --seed {}",
        d.range(1, 4),
        d.pick(&["always", "never", "1ms", "20ms"]),
        d.pick(&[64, 512, 4096, 1 << 20]),
        d.pick(&["0", "0..1"]),
        d.range(0, 1_000_000),
    );
    if d.chance(30) {
        let watch = format!(
            " --monitor-ms {} --depth-warning {}",
            d.range(1, 5),
            d.range(0, 50)
        );
        args.push_str(&watch);
        if d.chance(50) {
            args.push_str(&format!(" --scale-per {}", d.range(1, 20)));
        }
    }
    let args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
    let kills = (0..d.range(1, 4))
        .map(|_| d.range(1, 400) as usize)
        .collect();
    Plan {
        pass: 9,
        args: args.clone(),
        // The durable queue has its own checker (`crate::durable`); this is unused.
        expect: Expect::tasks_unknown(),
        signals: None,
        injects_panics: false,
        closes_stdout: None,
        chain: Some(Chain { args, kills }),
        kills: Vec::new(),
    }
}

/// A run of pass 10: 1–4 producer processes of 1–60 tasks, 1–4 consumers, a bound of
/// 1 to 100 tasks in flight, failures redelivered up to 1–3 times, claims after
/// 50–200 ms; 0–2 producers killed with SIGKILL at drawn `created` lines, then 0–3
/// consumers at drawn `processing` lines, and in a third of the runs a SIGINT (once
/// or twice) in a drawn shutdown mode.
fn broker(d: &mut Draw) -> Plan {
    let tasks = d.range(1, 60);
    let producers = d.range(1, 4);
    let args = format!(
        "--producers {producers} --tasks {tasks} --consumers {} --capacity {} --work-ms {} \
         --fail-rate {} --max-deliveries {} --claim-idle-ms {} --seed {} --shutdown {}",
        d.range(1, 4),
        d.pick(&[1, 3, 10, 100]),
        d.pick(&["0", "0..2", "1..5"]),
        d.pick(&["0", "0.2", "0.5"]),
        d.range(1, 3),
        d.pick(&[50, 100, 200]),
        d.range(0, 1_000_000),
        d.pick(&["graceful", "immediate", "timeout --drain-ms 50"]),
    );
    let lines = (producers * tasks) as usize;
    // Producers first: their `created` lines come early, and a kill waits for its line.
    let mut kills = Vec::new();
    for (most, kill) in [
        (2, Kill::Producer as fn(usize) -> Kill),
        (3, Kill::Consumer),
    ] {
        let mut at: Vec<usize> = (0..d.range(0, most))
            .map(|_| d.range(1, lines as u64) as usize)
            .collect();
        at.sort_unstable();
        kills.extend(at.into_iter().map(kill));
    }
    let signals = d.chance(33).then(|| Signals {
        at: Moment::Processing(d.range(1, lines as u64) as usize),
        send: if d.chance(30) {
            vec![Signal::SIGINT, Signal::SIGINT]
        } else {
            vec![Signal::SIGINT]
        },
    });
    Plan {
        pass: 10,
        args: args.split_whitespace().map(str::to_owned).collect(),
        // The broker has its own checker (`crate::broker`); this is unused.
        expect: Expect::tasks_unknown(),
        signals,
        injects_panics: false,
        closes_stdout: None,
        chain: None,
        kills,
    }
}

/// A producer's block of task ids, as the passes lay them out: a power of ten of at
/// least 100 covering the tasks per producer; 10⁸ when endless.
fn id_block(endless: bool, tasks: u64) -> u64 {
    if endless {
        return 100_000_000;
    }
    let mut block = 100;
    while block < tasks {
        block *= 10;
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_a_function_of_seed_pass_and_index() {
        let a = Plan::draw(42, 6, 9);
        let b = Plan::draw(42, 6, 9);
        assert_eq!((a.args, a.expect, a.signals), (b.args, b.expect, b.signals));
    }

    #[test]
    fn each_pass_gets_only_its_own_flags() {
        for index in 0..200 {
            let plan = Plan::draw(1, 1, index);
            assert!(
                !plan
                    .args
                    .iter()
                    .any(|a| a == "--capacity" || a == "--shutdown")
            );
            assert!(plan.signals.is_none() && plan.expect.created.is_some());
            let plan = Plan::draw(1, 3, index);
            assert!(
                !plan
                    .args
                    .iter()
                    .any(|a| a == "--endless" || a == "--fail-rate")
            );
        }
    }

    #[test]
    fn pipelines_get_the_pipelines_flags_and_every_ending() {
        let plans: Vec<Plan> = (0..300).map(|i| Plan::draw(7, 8, i)).collect();
        let flag = |p: &Plan, f: &str| p.args.iter().any(|a| a == f);
        assert!(
            plans
                .iter()
                .all(|p| flag(p, "--ticks") && !flag(p, "--producers"))
        );
        assert!(
            plans
                .iter()
                .any(|p| p.signals.as_ref().is_some_and(|s| s.send.len() == 2))
        );
        assert!(plans.iter().any(|p| flag(p, "--duration-ms")));
        assert!(plans.iter().any(|p| p.closes_stdout.is_some()));
        let system = |p: &Plan, name: &str| p.args.iter().any(|a| a == name);
        assert!(plans.iter().any(|p| system(p, "aggregator")));
        assert!(
            plans
                .iter()
                .any(|p| system(p, "risk") && flag(p, "--bankroll"))
        );
        assert!(plans.iter().any(|p| !flag(p, "--system")));
        assert!(
            plans
                .iter()
                .all(|p| !(system(p, "aggregator") && flag(p, "--symbols")))
        );
        assert!(
            plans
                .iter()
                .all(|p| flag(p, "--bankroll") == system(p, "risk"))
        );
        assert!(
            plans
                .iter()
                .any(|p| p.signals.is_none() && !flag(p, "--duration-ms"))
        );
    }

    #[test]
    fn broker_runs_kill_producers_and_consumers() {
        let plans: Vec<Plan> = (0..200).map(|i| Plan::draw(7, 10, i)).collect();
        let kills = |p: &Plan, f: fn(&Kill) -> bool| p.kills.iter().filter(|k| f(k)).count();
        let producers = |k: &Kill| matches!(k, Kill::Producer(_));
        let consumers = |k: &Kill| matches!(k, Kill::Consumer(_));
        assert!(
            plans
                .iter()
                .all(|p| kills(p, producers) <= 2 && kills(p, consumers) <= 3)
        );
        assert!(plans.iter().any(|p| kills(p, producers) == 2));
        assert!(plans.iter().any(|p| kills(p, consumers) == 3));
        assert!(plans.iter().any(|p| p.kills.is_empty()));
        // Producers first: a kill waits for its line, and `created` lines come early.
        assert!(
            plans
                .iter()
                .all(|p| p.kills.is_sorted_by_key(|k| matches!(k, Kill::Consumer(_))))
        );
    }

    #[test]
    fn durable_chains_kill_and_vary_the_policy() {
        let plans: Vec<Plan> = (0..200).map(|i| Plan::draw(7, 9, i)).collect();
        let chains: Vec<&Chain> = plans.iter().filter_map(|p| p.chain.as_ref()).collect();
        assert_eq!(chains.len(), plans.len());
        assert!(chains.iter().all(|c| (1..=4).contains(&c.kills.len())));
        for flag in [
            "always",
            "never",
            "1ms",
            "20ms",
            "--priority",
            "--scale-per",
        ] {
            assert!(
                chains.iter().any(|c| c.args.iter().any(|a| a == flag)),
                "{flag}"
            );
        }
    }

    #[test]
    fn the_spread_covers_every_ending_and_edge_capacity() {
        let buffers: Vec<Plan> = (0..300).map(|i| Plan::draw(7, 7, i)).collect();
        assert!(buffers.iter().all(|p| {
            p.expect.bound != Some(Bound::Capacity(0))
                && p.expect.buffer
                && !p
                    .args
                    .iter()
                    .any(|a| a == "--fail-rate" || a == "--endless")
        }));
        let plans: Vec<Plan> = (0..300).map(|i| Plan::draw(7, 6, i)).collect();
        let has = |pred: &dyn Fn(&Plan) -> bool| plans.iter().any(pred);
        let flag = |p: &Plan, f: &str| p.args.iter().any(|a| a == f);
        assert!(has(&|p| p.signals.is_none() && p.expect.created.is_some()));
        assert!(has(&|p| p
            .signals
            .as_ref()
            .is_some_and(|s| s.send.len() == 2)));
        assert!(has(&|p| flag(p, "--stop-after")) && has(&|p| flag(p, "--duration-ms")));
        assert!(has(&|p| p.expect.bound == Some(Bound::Capacity(0))));
        assert!(has(&|p| p.expect.bound == Some(Bound::Unbounded)));
        assert!(has(&|p| flag(p, "--panic-producer")) && has(&|p| flag(p, "--panic-on-task")));
        assert!(has(&|p| flag(p, "--endless")) && has(&|p| flag(p, "--no-steal")));
        assert!(has(&|p| p.closes_stdout.is_some()));
    }
}
