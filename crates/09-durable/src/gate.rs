//! The gate the scaler moves: how many of a lane's consumers may take messages.
//!
//! The source document scales by starting and cancelling goroutines. Here every
//! consumer thread is started with the run and joined at its end (a scoped thread
//! cannot be left behind), and scaling moves a number: consumer `i` takes messages
//! while `i` is below it, and waits at the gate otherwise. A waiting consumer costs a
//! parked thread, no CPU.

use std::sync::{Condvar, Mutex, PoisonError};

/// How many consumers are at work; see the module docs.
#[derive(Debug)]
pub struct Gate {
    /// Guarded by a lock, not an atomic, because waiters sleep on `moved`: a change
    /// made under the lock cannot fall between a consumer's check and its wait.
    state: Mutex<State>,
    moved: Condvar,
}

#[derive(Debug)]
struct State {
    /// Consumers `0..active` may take messages.
    active: u32,
    /// The queue is closed: no more scaling; waiting consumers leave.
    closed: bool,
}

impl Gate {
    /// A gate with `active` consumers at work.
    pub fn new(active: u32) -> Self {
        Self {
            state: Mutex::new(State {
                active,
                closed: false,
            }),
            moved: Condvar::new(),
        }
    }

    /// How many consumers are at work.
    pub fn active(&self) -> u32 {
        self.lock().active
    }

    /// Sets how many consumers are at work (at least one: a lane never stops taking
    /// messages); returns whether that changed anything. Once closed, it does not.
    pub fn set(&self, active: u32) -> bool {
        let mut state = self.lock();
        let active = active.max(1);
        if state.closed || state.active == active {
            return false;
        }
        state.active = active;
        self.moved.notify_all();
        true
    }

    /// No more scaling: consumers waiting at the gate leave, those at work drain.
    pub fn close(&self) {
        self.lock().closed = true;
        self.moved.notify_all();
    }

    /// Waits until consumer `index` may take a message; `false` if the gate closed
    /// while it was not at work (it should end).
    pub fn admit(&self, index: u32) -> bool {
        let mut state = self.lock();
        while index >= state.active && !state.closed {
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        index < state.active
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is two plain fields, whole after any panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::thread;

    use super::*;

    #[test]
    fn a_consumer_above_the_count_waits_until_it_rises() {
        let gate = Gate::new(1);
        assert!(gate.admit(0));
        let (tx, rx) = mpsc::channel();
        thread::scope(|s| {
            s.spawn(|| tx.send(gate.admit(2)).expect("the test waits"));
            // Blocked: nothing is sent until the gate moves.
            assert!(rx.try_recv().is_err());
            assert!(gate.set(3));
            assert_eq!(rx.recv(), Ok(true));
        });
    }

    #[test]
    fn closing_sends_the_waiting_away_and_freezes_the_count() {
        let gate = Gate::new(2);
        thread::scope(|s| {
            let waiting = s.spawn(|| gate.admit(5));
            gate.close();
            assert_eq!(waiting.join().ok(), Some(false));
        });
        assert!(gate.admit(1));
        assert!(!gate.set(4));
        assert_eq!(gate.active(), 2);
    }

    #[test]
    fn at_least_one_is_at_work() {
        let gate = Gate::new(3);
        assert!(gate.set(0));
        assert_eq!(gate.active(), 1);
        assert!(!gate.set(1));
    }
}
