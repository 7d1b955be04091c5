//! SQLite used as a queue table, the usual alternative to a queue of one's own: a
//! table in WAL mode, a message a row, an enqueue an `INSERT` (a batch one
//! transaction), a dequeue an `UPDATE … RETURNING` that marks the oldest waiting row
//! out, an ack a `DELETE`; each its own transaction, as the queue's records are.
//!
//! The same durability as the queue's policies: `synchronous=FULL` syncs the WAL at
//! every commit (`always`); `synchronous=OFF` never syncs and leaves it to the kernel
//! (`never`); `synchronous=NORMAL` syncs at checkpoints only, between the two and the
//! nearest SQLite has to a sync every few milliseconds. Under each, as under the
//! queue's, a process crash loses no commit.

use rusqlite::{Connection, params};
use tempfile::TempDir;

use durable::fsync::Fsync;

/// A queue table in a fresh database, synced as `policy` says.
pub struct Table {
    // Dropped after the connection: the folder outlives the database in it.
    connection: Connection,
    _dir: TempDir,
}

impl Table {
    /// A fresh database, its journal in WAL mode.
    pub fn new(policy: Fsync) -> Self {
        let dir = TempDir::new().unwrap();
        let connection = Connection::open(dir.path().join("queue.db")).unwrap();
        let synchronous = match policy {
            Fsync::Always => "FULL",
            Fsync::Every(_) => "NORMAL",
            Fsync::Never => "OFF",
        };
        connection
            .execute_batch(&format!(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = {synchronous};
                 CREATE TABLE queue (
                     id INTEGER PRIMARY KEY AUTOINCREMENT,
                     payload BLOB NOT NULL,
                     out INTEGER NOT NULL DEFAULT 0
                 );
                 -- The waiting rows, oldest first, without a scan of those out.
                 CREATE INDEX waiting ON queue (id) WHERE out = 0;"
            ))
            .unwrap();
        Self {
            connection,
            _dir: dir,
        }
    }

    /// Inserts `payloads` in one transaction.
    pub fn enqueue_batch(&mut self, payloads: &[&[u8]]) {
        let tx = self.connection.transaction().unwrap();
        {
            let mut insert = tx
                .prepare_cached("INSERT INTO queue (payload) VALUES (?1)")
                .unwrap();
            for payload in payloads {
                insert.execute(params![payload]).unwrap();
            }
        }
        tx.commit().unwrap();
    }

    /// Marks the oldest waiting row out and returns it; `None` when none waits.
    pub fn dequeue(&self) -> Option<(i64, Vec<u8>)> {
        let mut take = self
            .connection
            .prepare_cached(
                "UPDATE queue SET out = 1
                 WHERE id = (SELECT id FROM queue WHERE out = 0 ORDER BY id LIMIT 1)
                 RETURNING id, payload",
            )
            .unwrap();
        let mut rows = take.query([]).unwrap();
        let row = rows.next().unwrap()?;
        Some((row.get(0).unwrap(), row.get(1).unwrap()))
    }

    /// Deletes an acked row.
    pub fn ack(&self, id: i64) {
        let mut delete = self
            .connection
            .prepare_cached("DELETE FROM queue WHERE id = ?1")
            .unwrap();
        assert_eq!(delete.execute(params![id]).unwrap(), 1);
    }
}
