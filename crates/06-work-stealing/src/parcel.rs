//! A task in transit: what the channel carries, and how a task the channel throws
//! away is still accounted for.
//!
//! When the last `Receiver` of a `std::sync::mpsc` channel is dropped, the tasks still
//! queued are dropped with it, silently. In this pass that can happen: if every
//! consumer dies and no replacement may start, the queue closes with tasks in it. A
//! drain just before the drop cannot catch them all, since a producer may send between
//! the drain and the drop. So each task travels in a [`Parcel`] whose `Drop` reports
//! the task unless a consumer opened it: whatever the interleaving, a task dropped in
//! the channel is reported, exactly once, as undelivered.

use crate::task::Task;

/// What is told about a task the channel dropped unopened.
pub type OnLost<'a> = &'a (dyn Fn(Task) + Sync);

/// A task on its way from a producer to a consumer.
pub struct Parcel<'a> {
    task: Task,
    /// `Some` until the parcel is opened: dropping it unopened calls this.
    lost: Option<OnLost<'a>>,
}

impl<'a> Parcel<'a> {
    /// `task`, wrapped; `lost` is called with it if the parcel is dropped unopened.
    pub fn new(task: Task, lost: OnLost<'a>) -> Self {
        Self {
            task,
            lost: Some(lost),
        }
    }

    /// Takes the task out: from here on, whoever opened it accounts for it.
    pub fn open(mut self) -> Task {
        self.lost = None;
        self.task
    }
}

impl Drop for Parcel<'_> {
    fn drop(&mut self) {
        if let Some(lost) = self.lost.take() {
            lost(self.task);
        }
    }
}

impl std::fmt::Debug for Parcel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Parcel(task {})", self.task.id)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    fn task(id: u64) -> Task {
        Task {
            id,
            payload: 1,
            cost: Duration::ZERO,
            failing: 0,
            panics: false,
        }
    }

    #[test]
    fn tasks_dropped_in_a_closed_channel_are_reported_once() {
        let lost = Mutex::new(Vec::new());
        let on_lost = |task: Task| lost.lock().expect("no panic").push(task.id);
        for bound in [Some(4), None] {
            lost.lock().expect("no panic").clear();
            let (tx, rx) = match bound {
                Some(n) => {
                    let (tx, rx) = mpsc::sync_channel(n);
                    (Ok(tx), rx)
                }
                None => {
                    let (tx, rx) = mpsc::channel();
                    (Err(tx), rx)
                }
            };
            let send = |id| match &tx {
                Ok(tx) => tx.send(Parcel::new(task(id), &on_lost)),
                Err(tx) => tx.send(Parcel::new(task(id), &on_lost)),
            };
            for id in 0..3 {
                send(id).expect("receiver alive");
            }
            assert_eq!(rx.recv().map(Parcel::open).map(|t| t.id), Ok(0));
            drop(rx);
            // Given back by the failed send: the sender accounts for it, not `on_lost`.
            let returned = send(9).expect_err("receiver gone").0.open();
            assert_eq!(returned.id, 9);
            assert_eq!(*lost.lock().expect("no panic"), [1, 2], "{bound:?}");
        }
    }
}
