//! The keys of one system on the broker, and the consumer group.
//!
//! Every key is `{NAME}:…`. The braces are a *hash tag*: Redis Cluster places a key
//! by the hash of the text between them alone, so every key of one system lives on
//! one shard, and a Lua script may touch several of them (a script's keys must share
//! a shard). On a single server the braces change nothing.

/// The consumer group every consumer of a run reads in. One group means each task is
/// delivered to one consumer; a second group would get every task again.
pub const GROUP: &str = "workers";

/// The names of a system's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The stream of tasks in flight: added, neither acknowledged nor dead-lettered
    /// (a settled entry is deleted, so its length is the count in flight).
    pub stream: String,
    /// The dead-letter stream: one entry per task given up on, with why.
    pub dead: String,
    /// A hash: producer number → how many of its tasks it has added (a restarted
    /// producer resumes there).
    pub made: String,
    /// How many tasks were acknowledged.
    pub acked: String,
    /// The sum of the acknowledged tasks' results.
    pub sum: String,
}

impl Keys {
    /// The keys of the system named `name`.
    pub fn new(name: &str) -> Self {
        let key = |what: &str| format!("{{{name}}}:{what}");
        Self {
            stream: key("tasks"),
            dead: key("dead"),
            made: key("made"),
            acked: key("acked"),
            sum: key("sum"),
        }
    }

    /// Every key, to delete them when a run starts.
    pub fn all(&self) -> [&str; 5] {
        [&self.stream, &self.dead, &self.made, &self.acked, &self.sum]
    }

    /// The name a consumer reads under in the group.
    pub fn consumer(index: u32) -> String {
        format!("consumer-{index}")
    }

    /// The number in a consumer's name, if it is one of ours.
    pub fn consumer_index(name: &str) -> Option<u32> {
        name.strip_prefix("consumer-")?.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_shares_one_hash_tag() {
        let keys = Keys::new("run7");
        for key in keys.all() {
            assert!(key.starts_with("{run7}:"), "{key}");
        }
    }
}
