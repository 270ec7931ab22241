//! Batches spread over threads that all end before the call returns (`std::thread::scope`). There is no
//! pool: after a batch the process has exactly the threads it had before, so a process that forks
//! afterwards (a pre-forking server warming up in its parent) gets a library that works in the child.

use std::num::NonZeroUsize;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Below this many items a batch runs on the calling thread: a thread costs more than it saves.
pub const MIN_PARALLEL_ITEMS: usize = 64;
/// A thread is started only for at least this many items of its own.
pub const MIN_ITEMS_PER_THREAD: usize = 32;

/// The processors this process may use, read once (`available_parallelism` reads the affinity mask and
/// cgroup quota from the file system on every call).
fn processors() -> usize {
    static PROCESSORS: OnceLock<usize> = OnceLock::new();
    *PROCESSORS.get_or_init(|| thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

/// How many threads (the calling one included) a batch of `items` uses on `processors` processors.
pub fn thread_count(items: usize, processors: usize) -> usize {
    if items < MIN_PARALLEL_ITEMS {
        return 1;
    }
    processors.min(items / MIN_ITEMS_PER_THREAD).max(1)
}

/// `items.iter().map(f).collect()`, results in input order. The items are cut into small blocks that
/// the calling thread and up to [`processors`]` - 1` scoped threads take one at a time, so a thread
/// that the system leaves waiting (another process holds the core) delays the batch by one block at
/// most: the others take the rest. Every thread is joined before this returns. A thread that cannot be
/// started is simply not there (the others take its share); a panic in `f` reaches the caller.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread_count(items.len(), processors());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let block = (items.len() / (threads * 16)).clamp(1, 32);
    let blocks: Vec<&[T]> = items.chunks(block).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<R>)> = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = blocks.get(i) else {
                return done;
            };
            done.push((i, part.iter().map(&f).collect()));
        }
    };
    let mut slots: Vec<Option<Vec<R>>> = Vec::new();
    slots.resize_with(blocks.len(), || None);
    thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                thread::Builder::new()
                    .name("kr-jwt-batch".into())
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut finished = vec![work()];
        for worker in workers {
            match worker.join() {
                Ok(done) => finished.push(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (i, results) in finished.into_iter().flatten() {
            slots[i] = Some(results);
        }
    });
    slots.into_iter().flatten().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_batches_stay_on_the_calling_thread() {
        assert_eq!(thread_count(0, 8), 1);
        assert_eq!(thread_count(MIN_PARALLEL_ITEMS - 1, 8), 1);
        assert_eq!(thread_count(MIN_PARALLEL_ITEMS, 8), 2);
        assert_eq!(thread_count(1000, 1), 1, "one processor: no thread at all");
        assert_eq!(thread_count(1000, 2), 2);
        assert_eq!(thread_count(1000, 64), 1000 / MIN_ITEMS_PER_THREAD);
    }

    #[test]
    fn results_keep_the_input_order_for_every_size() {
        for n in [0, 1, 63, 64, 65, 100, 257, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = map_in_order(&items, |i| i * 2);
            assert_eq!(
                doubled,
                items.iter().map(|i| i * 2).collect::<Vec<_>>(),
                "n = {n}"
            );
        }
    }

    #[test]
    fn no_thread_outlives_the_call() {
        use std::cell::RefCell;
        use std::sync::Arc;
        thread_local! {
            static HELD: RefCell<Option<Arc<()>>> = const { RefCell::new(None) };
        }
        // Each other thread keeps a clone in its thread-local storage, dropped only when it exits.
        let me = thread::current().id();
        let witness = Arc::new(());
        let items: Vec<u32> = (0..4096).collect();
        let names = map_in_order(&items, |_| {
            if thread::current().id() != me {
                HELD.with(|h| *h.borrow_mut() = Some(Arc::clone(&witness)));
            }
            thread::current().name().map(str::to_owned)
        });
        assert_eq!(
            Arc::strong_count(&witness),
            1,
            "a batch thread is still alive"
        );
        let mine = thread::current().name().map(str::to_owned);
        assert!(
            names
                .iter()
                .all(|n| *n == mine || n.as_deref() == Some("kr-jwt-batch"))
        );
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<usize> = (0..1000).collect();
        let caught = std::panic::catch_unwind(|| {
            map_in_order(&items, |i| assert!(*i != 999, "boom"));
        });
        assert!(caught.is_err());
    }
}
