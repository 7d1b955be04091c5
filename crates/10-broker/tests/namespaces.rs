//! Beyond one machine, on one machine: the broker, the producers and the consumers
//! each in a network namespace of their own, joined by virtual Ethernet links to a
//! bridge, as three hosts on one network would be. Nothing of the system may pass
//! through the loopback interface, shared memory or the file system; a consumer
//! killed with SIGKILL on its "host" still loses nothing, and a producers' link cut
//! for a while delays the run without losing anything.
//!
//! ```text
//!  namespace P (producers)      namespace B (broker, launcher)     namespace C (consumers)
//!  eth0 10.210.0.2 ──veth── vp ─┐ br0 10.210.0.1 ┌─ vc ──veth── eth0 10.210.0.3
//!                               └── redis-server ┘
//! ```
//!
//! Namespaces need root (`CAP_NET_ADMIN`) and `ip` (iproute2): where either is
//! missing, or the kernel refuses, the test says so on stderr and passes without
//! running (the README's "Pass 10" section says how to run it).

use std::net::Ipv4Addr;
use std::path::Path;
use std::process::{Child as Process, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use grader::Child;
use grader::broker::check;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const BINARY: &str = env!("CARGO_BIN_EXE_10-broker");
const LIMIT: Duration = Duration::from_secs(60);
const BROKER: Ipv4Addr = Ipv4Addr::new(10, 210, 0, 1);
const PORT: u16 = 6379;

/// Three namespaces and a broker in the middle one; dropping it kills the broker and
/// deletes the namespaces (their links go with them).
struct Net {
    /// Broker, producers, consumers.
    names: [String; 3],
    redis: Option<Process>,
}

impl Net {
    /// Builds the network, or says why namespaces and their links cannot be made
    /// here. Once they are, anything else that fails is a failure of the test.
    fn build() -> Result<Self, String> {
        let id = std::process::id();
        let mut net = Self {
            names: ["b", "p", "c"].map(|n| format!("pc10-{id}-{n}")),
            redis: None,
        };
        for name in &net.names {
            ip(&["netns", "add", name])?;
        }
        net.wire()?;
        net.start_broker();
        Ok(net)
    }

    /// Each namespace's loopback up; a veth pair from the broker's to each of the
    /// others, the broker's ends on a bridge.
    fn wire(&self) -> Result<(), String> {
        for name in &self.names {
            ip(&["-n", name, "link", "set", "lo", "up"])?;
        }
        let [b, p, c] = &self.names;
        for (end, peer, address) in [("vp", p, "10.210.0.2/24"), ("vc", c, "10.210.0.3/24")] {
            ip(&[
                "link", "add", end, "netns", b, "type", "veth", "peer", "name", "eth0", "netns",
                peer,
            ])?;
            ip(&["-n", peer, "addr", "add", address, "dev", "eth0"])?;
            ip(&["-n", peer, "link", "set", "eth0", "up"])?;
        }
        ip(&["-n", b, "link", "add", "br0", "type", "bridge"])?;
        for end in ["vp", "vc"] {
            ip(&["-n", b, "link", "set", end, "master", "br0"])?;
            ip(&["-n", b, "link", "set", end, "up"])?;
        }
        ip(&["-n", b, "addr", "add", "10.210.0.1/24", "dev", "br0"])?;
        ip(&["-n", b, "link", "set", "br0", "up"])
    }

    /// `redis-server` in the broker's namespace, on the bridge's address only, and
    /// waits until the producers' namespace reaches it.
    fn start_broker(&mut self) {
        let dir = std::env::temp_dir().join(&self.names[0]);
        std::fs::create_dir_all(&dir).expect("the broker's folder");
        // Tethered: a test killed by its harness takes its server with it.
        let server = grader::tether::std_command("ip")
            .args(["netns", "exec", &self.names[0], "redis-server"])
            .args(["--bind", &BROKER.to_string(), "--port", &PORT.to_string()])
            .args(["--save", "", "--appendonly", "no", "--dir"])
            .arg(&dir)
            // Protected mode refuses clients off the loopback interface unless a
            // password is set; this server's network is three namespaces of ours.
            .args(["--protected-mode", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (see README: Pass 10)");
        self.redis = Some(server);
        let deadline = Instant::now() + LIMIT;
        while !self.answers(1, BROKER) {
            assert!(Instant::now() < deadline, "redis-server did not answer");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether a `PING` from namespace `from` to `host` gets its `PONG`.
    fn answers(&self, from: usize, host: Ipv4Addr) -> bool {
        let ping = Command::new("ip")
            .args(["netns", "exec", &self.names[from], "redis-cli"])
            .args(["-h", &host.to_string(), "-p", &PORT.to_string(), "ping"])
            .output();
        ping.is_ok_and(|out| out.stdout.starts_with(b"PONG"))
    }

    /// `ip netns exec NS` for producers (1) or consumers (2).
    fn exec(&self, which: usize) -> String {
        format!("ip netns exec {}", self.names[which])
    }

    /// Starts the launcher in the broker's namespace, its children in theirs.
    fn launch(&self, args: &str) -> Child {
        let url = format!("redis://{BROKER}:{PORT}");
        let (producers, consumers) = (self.exec(1), self.exec(2));
        let mut all = vec!["netns", "exec", &self.names[0], BINARY, "--redis", &url];
        all.extend([
            "--wrap-producers",
            &producers,
            "--wrap-consumers",
            &consumers,
        ]);
        all.extend(args.split_whitespace());
        Child::spawn(Path::new("ip"), &all)
    }

    /// Cuts (or mends) the producers' link.
    fn producers_link(&self, up: bool) {
        let state = if up { "up" } else { "down" };
        ip(&["-n", &self.names[0], "link", "set", "vp", state]).expect("the link");
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        if let Some(mut redis) = self.redis.take() {
            let _ = redis.kill();
            let _ = redis.wait();
        }
        for name in &self.names {
            let _ = ip(&["netns", "del", name]);
        }
        let _ = std::fs::remove_dir_all(std::env::temp_dir().join(&self.names[0]));
    }
}

fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("ip: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        let why = String::from_utf8_lossy(&out.stderr);
        Err(format!("ip {}: {}", args.join(" "), why.trim()))
    }
}

fn pid_of(child: &mut Child, who: &str) -> Pid {
    let line = child.wait_for_nth(1, |l| l.starts_with(&format!("Started {who} (pid ")), LIMIT);
    let pid = line
        .rsplit_once("pid ")
        .and_then(|(_, p)| p.strip_suffix(')'));
    Pid::from_raw(pid.and_then(|p| p.parse().ok()).expect("a pid"))
}

#[test]
fn producers_consumers_and_broker_on_three_networks() {
    let net = match Net::build() {
        Ok(net) => net,
        Err(why) => {
            eprintln!("skipped: network namespaces are not available here ({why})");
            return;
        }
    };
    // The consumers' namespace reaches the broker across the bridge only: there is
    // no server on its own loopback interface.
    assert!(net.answers(2, BROKER));
    assert!(!net.answers(2, Ipv4Addr::LOCALHOST));

    let mut child = net.launch(
        "--producers 2 --tasks 15 --consumers 3 --work-ms 300 --capacity 10 \
         --claim-idle-ms 2000",
    );
    // A consumer killed on its host inside a 300 ms task: the task is reclaimed
    // across the bridge by a consumer of the same group.
    let victim = pid_of(&mut child, "consumer 0");
    child.wait_for_nth(1, |l| l.starts_with("Consumer 0 processing task "), LIMIT);
    kill(victim, Signal::SIGKILL).expect("consumer 0 is running");
    // The producers' link down for a while: their adds wait (TCP retransmits), and
    // nothing is added twice or lost when it comes back.
    child.wait_for_nth(1, |l| l.starts_with("Consumer 0 died"), LIMIT);
    net.producers_link(false);
    // The outage itself, not a wait for something: its length is what is tested.
    thread::sleep(Duration::from_millis(500));
    net.producers_link(true);

    let finished = child.finish(LIMIT);
    assert!(finished.stderr.is_empty(), "stderr: {}", finished.stderr);
    let report = check(&finished.stdout, finished.status.code())
        .unwrap_or_else(|faults| panic!("{faults:#?}\n{}", finished.stdout));
    assert_eq!(
        (report.produced, report.completed, report.deaths),
        (30, 30, 1),
        "{}",
        finished.stdout
    );
    // The killed consumer's task came back; a slow consumer's may too (announced as
    // a redelivery, which the checker allows).
    assert!(report.redeliveries >= 1, "{}", finished.stdout);
}
