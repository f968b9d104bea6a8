//! Recent answers of one index, per app server. Citizens ask the same few things over and
//! over (the news of the day sends hundreds to one law), and a ranked page with its count,
//! snippets and "did you mean" costs milliseconds where a copy costs microseconds.
//!
//! An answer is valid for one generation of the index: a commit (a publication reaching the
//! index) or a rebuild starts a new generation and forgets every answer, so a cached answer is
//! never staler than the index itself. Eviction is the two-generation approximation of LRU: a
//! full "recent" table becomes "older", whose entries move back when asked for again.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use parking_lot::Mutex;

/// Answers kept per table (two tables: up to twice this many).
pub const DEFAULT_CAPACITY: usize = 4096;

/// A bounded memo of answers keyed by `K`, for one index generation at a time.
pub struct Answers<K, V> {
    capacity: usize,
    tables: Mutex<Tables<K, V>>,
}

struct Tables<K, V> {
    generation: u64,
    recent: HashMap<K, Arc<V>>,
    older: HashMap<K, Arc<V>>,
}

impl<K: Hash + Eq + Clone, V> Answers<K, V> {
    /// A memo of up to about `2 × capacity` answers; `0` keeps nothing (the cache is off).
    pub fn new(capacity: usize) -> Answers<K, V> {
        Answers {
            capacity,
            tables: Mutex::new(Tables {
                generation: 0,
                recent: HashMap::new(),
                older: HashMap::new(),
            }),
        }
    }

    /// The answer to `key` in index generation `generation`, computed by `answer` unless it
    /// is known. Errors are not remembered. The lock is not held while answering: two
    /// requests for the same new query may both compute it, which is cheaper than making one
    /// wait for the other.
    pub fn get_or<E>(
        &self,
        generation: u64,
        key: &K,
        answer: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if self.capacity == 0 {
            return answer().map(Arc::new);
        }
        if let Some(found) = self.lookup(generation, key) {
            return Ok(found);
        }
        let value = Arc::new(answer()?);
        let mut t = self.tables.lock();
        if t.generation == generation {
            t.insert(key.clone(), value.clone(), self.capacity);
        }
        Ok(value)
    }

    /// The answer to `key` in generation `generation`, when it is held.
    pub fn known(&self, generation: u64, key: &K) -> Option<Arc<V>> {
        if self.capacity == 0 {
            return None;
        }
        self.lookup(generation, key)
    }

    fn lookup(&self, generation: u64, key: &K) -> Option<Arc<V>> {
        let mut t = self.tables.lock();
        if t.generation != generation {
            // Generations only grow; an answer computed on an older searcher is never kept.
            if generation > t.generation {
                t.generation = generation;
                t.recent.clear();
                t.older.clear();
            }
            return None;
        }
        if let Some(v) = t.recent.get(key) {
            return Some(v.clone());
        }
        let v = t.older.remove(key)?;
        t.insert(key.clone(), v.clone(), self.capacity);
        Some(v)
    }

    /// Number of answers held (for tests and monitoring).
    pub fn len(&self) -> usize {
        let t = self.tables.lock();
        t.recent.len() + t.older.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<K: Hash + Eq, V> Tables<K, V> {
    fn insert(&mut self, key: K, value: Arc<V>, capacity: usize) {
        if self.recent.len() >= capacity {
            self.older = std::mem::take(&mut self.recent);
        }
        self.recent.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(
        memo: &Answers<String, usize>,
        generation: u64,
        key: &str,
        computed: &mut usize,
    ) -> usize {
        *memo
            .get_or::<()>(generation, &key.to_string(), || {
                *computed += 1;
                Ok(key.len())
            })
            .expect("answer")
    }

    #[test]
    fn an_answer_is_computed_once_per_generation() {
        let memo = Answers::new(8);
        let mut computed = 0;
        let first = ask(&memo, 1, "luật đất đai", &mut computed);
        assert_eq!(ask(&memo, 1, "luật đất đai", &mut computed), first);
        assert_eq!(computed, 1);
        // A commit: the index changed, the answer may have too.
        ask(&memo, 2, "luật đất đai", &mut computed);
        assert_eq!(computed, 2);
        // A request still holding the previous searcher neither reads nor pollutes.
        ask(&memo, 1, "luật đất đai", &mut computed);
        assert_eq!(computed, 3);
        ask(&memo, 2, "luật đất đai", &mut computed);
        assert_eq!(computed, 3);
    }

    #[test]
    fn it_stays_bounded_and_keeps_what_is_asked_again() {
        let memo = Answers::new(4);
        let mut computed = 0;
        for i in 0..100 {
            ask(&memo, 1, &format!("q{i}"), &mut computed);
            // A popular query asked between the others survives them all.
            ask(&memo, 1, "popular", &mut computed);
        }
        assert!(memo.len() <= 8, "{} answers held", memo.len());
        assert_eq!(computed, 101);
    }

    #[test]
    fn errors_are_not_remembered_and_capacity_zero_keeps_nothing() {
        let memo: Answers<String, usize> = Answers::new(4);
        let key = "x".to_string();
        assert!(memo.get_or(1, &key, || Err("busy")).is_err());
        assert_eq!(*memo.get_or::<()>(1, &key, || Ok(7)).expect("ok"), 7);
        let off: Answers<String, usize> = Answers::new(0);
        let mut computed = 0;
        ask(&off, 1, "a", &mut computed);
        ask(&off, 1, "a", &mut computed);
        assert_eq!((computed, off.len()), (2, 0));
    }
}
