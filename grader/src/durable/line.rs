//! The lines of pass 09's transcript (`docs/transcripts.md`, "The durable queue").

/// A line of pass 09's transcript that the checker reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurableLine {
    /// `Recovered 5 messages from 2 segments (1 delivered before, not acked)`.
    Recovered {
        /// Messages found waiting.
        pending: u64,
        /// Of those, delivered before.
        redeliveries: u64,
    },
    /// `Recovery: …`: a segment's end cut or quarantined.
    Damage,
    /// `fsync always, batches of 1 message, shutdown graceful`.
    Settings {
        /// Messages per batch.
        batch: u64,
        /// `--shutdown`: `graceful`, `immediate` or `timeout`.
        mode: String,
    },
    /// `Starting 3 producers (each will produce 10 messages)...`.
    Producers {
        /// Producers.
        producers: u64,
        /// Messages each.
        messages: u64,
    },
    /// `Starting 2 consumers...`.
    Consumers(u64),
    /// `Monitoring every 100 ms: a warning above 10000 messages waiting`.
    Monitoring {
        /// More waiting than this is a warning.
        warn_above: u64,
    },
    /// `Scaling: 1 of 10 consumers at work, one per 100 pending`.
    Scaling {
        /// Consumers at work at the start.
        active: u64,
        /// Consumers started.
        consumers: u64,
        /// Waiting messages per consumer at work.
        per: u64,
    },
    /// `Queue Stats: Pending=120, Unacked=3, Segments=1`.
    Stats {
        /// Messages waiting.
        pending: u64,
    },
    /// `WARNING: Queue depth high (120 messages)`.
    Warning(u64),
    /// `Scaled to 2 of 10 consumers (120 pending)`.
    Scaled {
        /// Consumers now at work.
        to: u64,
        /// Consumers started.
        of: u64,
        /// Messages waiting, which called for it.
        pending: u64,
    },
    /// `  [Producer 0] Starting...` or `  [Consumer 0] Starting...`.
    Starting(Who),
    /// `  [Producer 0] Enqueued [ID:7]: Message from Producer 0: #3`.
    Enqueued {
        /// The producer.
        producer: u64,
        /// The id.
        id: u64,
        /// The payload.
        payload: String,
    },
    /// `  [Producer 0] Completed 10 messages` or `… Stopped after 4 messages`.
    ProducerDone {
        /// The producer.
        producer: u64,
        /// Messages it says it enqueued.
        sent: u64,
        /// Whether it says it was stopped.
        stopped: bool,
    },
    /// `  [Consumer 1] Received [ID:7]: …` or `… Received [ID:7] again (delivery 2): …`.
    Received {
        /// The consumer.
        consumer: u64,
        /// The id.
        id: u64,
        /// Which delivery (1 unless `again`).
        attempt: u32,
        /// The payload.
        payload: String,
    },
    /// `  [Consumer 1] Acked [ID:7]`.
    Acked {
        /// The consumer.
        consumer: u64,
        /// The id.
        id: u64,
    },
    /// `  [Consumer 1] Stopped before acking [ID:7]: it stays in the queue`.
    Unacked {
        /// The consumer.
        consumer: u64,
        /// The id.
        id: u64,
    },
    /// `  [Consumer 1] Completed. Consumed 15 messages`.
    ConsumerDone {
        /// The consumer.
        consumer: u64,
        /// Messages it says it acked.
        acked: u64,
    },
    /// `Shutdown signal received`, `Shutdown requested: ran for 50 ms`.
    Stop,
    /// `Second signal: stopping immediately`, `Drain timeout (…) expired: …`.
    Escalation,
    /// `Expected:  30 messages`, `Consumed:  …`, `Left:      …`.
    Result(Tally, u64),
    /// `✓ All messages successfully processed!`.
    AllProcessed,
    /// `… 5 messages left in the queue for the next run`.
    LeftOver(u64),
}

/// A producer or a consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    /// `[Producer N]`.
    Producer(u64),
    /// `[Consumer N]`.
    Consumer(u64),
}

/// Which count of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tally {
    /// `Expected:`.
    Expected,
    /// `Consumed:`.
    Consumed,
    /// `Left:`.
    Left,
}

/// `7` of `[ID:7]`.
fn id(text: &str) -> Option<u64> {
    text.strip_prefix("[ID:")?.strip_suffix(']')?.parse().ok()
}

/// The number before `message`/`messages` etc.: `10` of `10 messages`.
fn count(text: &str) -> Option<u64> {
    text.split(' ').next()?.parse().ok()
}

impl DurableLine {
    /// Parses one line; `None` for lines the checker does not read (titles, blanks).
    pub fn parse(line: &str) -> Option<Self> {
        if let Some(rest) = line.strip_prefix("  [") {
            return Self::worker(rest);
        }
        if let Some(rest) = line.strip_prefix("Recovered ") {
            let (pending, rest) = rest.split_once(" from ")?;
            let (_, rest) = rest.split_once(" (")?;
            let redeliveries = rest.strip_suffix(" delivered before, not acked)")?;
            return Some(Self::Recovered {
                pending: count(pending)?,
                redeliveries: redeliveries.parse().ok()?,
            });
        }
        if line.starts_with("Recovery: ") {
            return Some(Self::Damage);
        }
        if let Some(rest) = line.strip_prefix("fsync ") {
            let (_, rest) = rest.split_once(", batches of ")?;
            let (batch, mode) = rest.split_once(", shutdown ")?;
            return Some(Self::Settings {
                batch: count(batch)?,
                mode: mode.to_owned(),
            });
        }
        if let Some(line) = Self::monitor(line) {
            return Some(line);
        }
        if let Some(rest) = line.strip_prefix("Starting ") {
            if let Some((producers, each)) = rest.split_once(" (each will produce ") {
                return Some(Self::Producers {
                    producers: count(producers)?,
                    messages: count(each)?,
                });
            }
            return Some(Self::Consumers(count(rest)?));
        }
        for (prefix, tally) in [
            ("Expected:", Tally::Expected),
            ("Consumed:", Tally::Consumed),
            ("Left:", Tally::Left),
        ] {
            if let Some(rest) = line.strip_prefix(prefix) {
                return Some(Self::Result(tally, count(rest.trim_start())?));
            }
        }
        if line == "✓ All messages successfully processed!" {
            return Some(Self::AllProcessed);
        }
        if let Some(rest) = line.strip_prefix("… ") {
            let left = rest.strip_suffix(" left in the queue for the next run")?;
            return Some(Self::LeftOver(count(left)?));
        }
        if line == "Shutdown signal received" || line.starts_with("Shutdown requested: ") {
            return Some(Self::Stop);
        }
        if line.ends_with(": stopping immediately") {
            return Some(Self::Escalation);
        }
        None
    }

    /// The monitor's lines, and the header's lines about it.
    fn monitor(line: &str) -> Option<Self> {
        if let Some(rest) = line.strip_prefix("Monitoring every ") {
            let (_, rest) = rest.split_once(": a warning above ")?;
            return Some(Self::Monitoring {
                warn_above: count(rest)?,
            });
        }
        if let Some(rest) = line.strip_prefix("Scaling: ") {
            let (active, rest) = rest.split_once(" of ")?;
            let (consumers, per) = rest.split_once(" at work, one per ")?;
            return Some(Self::Scaling {
                active: active.parse().ok()?,
                consumers: count(consumers)?,
                per: count(per)?,
            });
        }
        if let Some(rest) = line.strip_prefix("Queue Stats: Pending=") {
            let (pending, _) = rest.split_once(',')?;
            return Some(Self::Stats {
                pending: pending.parse().ok()?,
            });
        }
        if let Some(rest) = line.strip_prefix("WARNING: Queue depth high (") {
            return Some(Self::Warning(count(rest)?));
        }
        let rest = line.strip_prefix("Scaled to ")?;
        let (to, rest) = rest.split_once(" of ")?;
        let (of, pending) = rest.split_once(" (")?;
        Some(Self::Scaled {
            to: to.parse().ok()?,
            of: count(of)?,
            pending: count(pending)?,
        })
    }

    fn worker(rest: &str) -> Option<Self> {
        let (who, said) = rest.split_once("] ")?;
        let who = match who.split_once(' ')? {
            ("Producer", n) => Who::Producer(n.parse().ok()?),
            ("Consumer", n) => Who::Consumer(n.parse().ok()?),
            _ => return None,
        };
        if said == "Starting..." {
            return Some(Self::Starting(who));
        }
        match who {
            Who::Producer(producer) => {
                if let Some(rest) = said.strip_prefix("Enqueued ") {
                    let (id_text, payload) = rest.split_once(": ")?;
                    return Some(Self::Enqueued {
                        producer,
                        id: id(id_text)?,
                        payload: payload.to_owned(),
                    });
                }
                let (sent, stopped) = match said.strip_prefix("Completed ") {
                    Some(n) => (n, false),
                    None => (said.strip_prefix("Stopped after ")?, true),
                };
                Some(Self::ProducerDone {
                    producer,
                    sent: count(sent)?,
                    stopped,
                })
            }
            Who::Consumer(consumer) => {
                if let Some(rest) = said.strip_prefix("Received ") {
                    let (head, payload) = rest.split_once(": ")?;
                    let (id_text, attempt) = match head.split_once(" again (delivery ") {
                        Some((id_text, n)) => (id_text, n.strip_suffix(')')?.parse().ok()?),
                        None => (head, 1),
                    };
                    return Some(Self::Received {
                        consumer,
                        id: id(id_text)?,
                        attempt,
                        payload: payload.to_owned(),
                    });
                }
                if let Some(rest) = said.strip_prefix("Acked ") {
                    return Some(Self::Acked {
                        consumer,
                        id: id(rest)?,
                    });
                }
                if let Some(rest) = said.strip_prefix("Stopped before acking ") {
                    let id_text = rest.strip_suffix(": it stays in the queue")?;
                    return Some(Self::Unacked {
                        consumer,
                        id: id(id_text)?,
                    });
                }
                let acked = said.strip_prefix("Completed. Consumed ")?;
                Some(Self::ConsumerDone {
                    consumer,
                    acked: count(acked)?,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_parses() {
        let cases = [
            (
                "Recovered 5 messages from 2 segments (1 delivered before, not acked)",
                DurableLine::Recovered {
                    pending: 5,
                    redeliveries: 1,
                },
            ),
            (
                "fsync 100ms, batches of 1 message, shutdown immediate",
                DurableLine::Settings {
                    batch: 1,
                    mode: "immediate".into(),
                },
            ),
            (
                "Starting 3 producers (each will produce 10 messages)...",
                DurableLine::Producers {
                    producers: 3,
                    messages: 10,
                },
            ),
            ("Starting 1 consumer...", DurableLine::Consumers(1)),
            (
                "Monitoring every 100 ms: a warning above 10000 messages waiting",
                DurableLine::Monitoring { warn_above: 10_000 },
            ),
            (
                "Scaling: 1 of 10 consumers at work, one per 100 pending",
                DurableLine::Scaling {
                    active: 1,
                    consumers: 10,
                    per: 100,
                },
            ),
            (
                "Queue Stats: Pending=120, Unacked=3, Segments=1",
                DurableLine::Stats { pending: 120 },
            ),
            (
                "WARNING: Queue depth high (120 messages)",
                DurableLine::Warning(120),
            ),
            (
                "Scaled to 2 of 10 consumers (120 pending)",
                DurableLine::Scaled {
                    to: 2,
                    of: 10,
                    pending: 120,
                },
            ),
            (
                "  [Consumer 1] Starting...",
                DurableLine::Starting(Who::Consumer(1)),
            ),
            (
                "  [Producer 2] Enqueued [ID:7]: Message from Producer 2: #3",
                DurableLine::Enqueued {
                    producer: 2,
                    id: 7,
                    payload: "Message from Producer 2: #3".into(),
                },
            ),
            (
                "  [Producer 2] Stopped after 4 messages",
                DurableLine::ProducerDone {
                    producer: 2,
                    sent: 4,
                    stopped: true,
                },
            ),
            (
                "  [Consumer 0] Received [ID:7] again (delivery 3): Message from Producer 2: #3",
                DurableLine::Received {
                    consumer: 0,
                    id: 7,
                    attempt: 3,
                    payload: "Message from Producer 2: #3".into(),
                },
            ),
            (
                "  [Consumer 0] Acked [ID:7]",
                DurableLine::Acked { consumer: 0, id: 7 },
            ),
            (
                "  [Consumer 0] Stopped before acking [ID:8]: it stays in the queue",
                DurableLine::Unacked { consumer: 0, id: 8 },
            ),
            (
                "  [Consumer 0] Completed. Consumed 15 messages",
                DurableLine::ConsumerDone {
                    consumer: 0,
                    acked: 15,
                },
            ),
            ("Left:      0 messages", DurableLine::Result(Tally::Left, 0)),
            (
                "… 1 message left in the queue for the next run",
                DurableLine::LeftOver(1),
            ),
            (
                "Second signal: stopping immediately",
                DurableLine::Escalation,
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(DurableLine::parse(line), Some(expected), "{line}");
        }
        assert_eq!(DurableLine::parse("========"), None);
    }
}
