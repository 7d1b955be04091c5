"""The Python bounded queue's producer-consumer system (the source document with a
throughput target), without its sleeps: the yardstick for Rust.

10 producers and 5 consumers around one queue.Queue(maxsize=1000), exactly as that
document builds it (string items, put/get with a timeout, task_done, a locked counter), except
that there is no simulated work (no sleeps) and each producer makes a fixed number of
items instead of running for 10 seconds, so Rust and Python move the same items.

    python3 queue_bench.py [TOTAL_ITEMS]

Prints one line: `python queue.Queue: N items in S s: R items/s`.
"""

import queue
import sys
import threading
import time


class ProducerConsumerSystem:
    def __init__(self, num_producers=10, num_consumers=5, queue_size=1000):
        self.queue = queue.Queue(maxsize=queue_size)
        self.num_producers = num_producers
        self.num_consumers = num_consumers
        self.producers_done = threading.Event()
        self.processed_count = 0
        self.lock = threading.Lock()

    def producer(self, producer_id, items):
        for n in range(items):
            item = f"item_{producer_id}_{n}"
            while True:
                try:
                    self.queue.put(item, timeout=1)
                    break
                except queue.Full:
                    continue

    def consumer(self):
        while not self.producers_done.is_set() or not self.queue.empty():
            try:
                item = self.queue.get(timeout=0.01)
            except queue.Empty:
                continue
            self.process_item(item)
            self.queue.task_done()
            with self.lock:
                self.processed_count += 1

    def process_item(self, item):
        pass  # the document sleeps 5-20 ms here; the benchmark measures the queue

    def run(self, items_per_producer):
        producers = [
            threading.Thread(target=self.producer, args=(i, items_per_producer))
            for i in range(self.num_producers)
        ]
        consumers = [
            threading.Thread(target=self.consumer) for _ in range(self.num_consumers)
        ]
        for t in producers + consumers:
            t.start()
        for p in producers:
            p.join()
        self.queue.join()
        self.producers_done.set()
        for c in consumers:
            c.join()
        return self.processed_count


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    system = ProducerConsumerSystem()
    per_producer = total // system.num_producers
    start = time.perf_counter()
    processed = system.run(per_producer)
    elapsed = time.perf_counter() - start
    assert processed == per_producer * system.num_producers, processed
    print(
        f"python queue.Queue: {processed} items in {elapsed:.3f} s: "
        f"{processed / elapsed:.0f} items/s"
    )


if __name__ == "__main__":
    main()
