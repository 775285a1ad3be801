//! Test scopes (the `testing` feature): a thread's or a future's own values in place of the process's,
//! and the resources built from them. Not compiled into a deployed function.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Layer, Source};
use crate::Error;

/// A test scope's layer and the resources built from it (leaked: test values live for the process).
pub(crate) struct Scope {
    pub(crate) layer: Layer,
    built: Mutex<HashMap<usize, &'static (dyn Any + Send + Sync)>>,
}

impl Scope {
    pub(crate) fn new(layer: Layer) -> Scope {
        Scope { layer, built: Mutex::new(HashMap::new()) }
    }

    /// The value of the cache at `key` for this scope, built from its layer on first use.
    pub(super) fn get<T: Send + Sync + 'static>(
        &'static self,
        key: usize,
        build: impl FnOnce(Source) -> Result<T, Error>,
    ) -> Result<&'static T, Error> {
        let mut built = self.built.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(value) = built.get(&key).and_then(|v| v.downcast_ref::<T>()) {
            return Ok(value);
        }
        let value: &'static T = Box::leak(Box::new(build(Source(&self.layer))?));
        built.insert(key, value);
        Ok(value)
    }
}

thread_local! {
    static CURRENT: std::cell::Cell<Option<&'static Scope>> = const { std::cell::Cell::new(None) };
}

/// Whether any thread has entered a test scope. Until one has, no accessor needs to look for one: a test
/// process reads its caches without touching thread-local storage. A thread that enters a scope sets it
/// first, and a thread always sees its own writes, so a reader inside a scope never misses it.
static SCOPES_USED: AtomicBool = AtomicBool::new(false);

/// Whether an accessor has to look for a scope before it reads its cache.
#[inline]
pub(super) fn used() -> bool {
    SCOPES_USED.load(Ordering::Relaxed)
}

/// The test scope of this thread, if any.
pub(crate) fn current() -> Option<&'static Scope> {
    CURRENT.with(|c| c.get())
}

/// Makes `scope` the current one until the guard drops (also on panic), then restores the previous one.
pub(crate) fn enter(scope: &'static Scope) -> ScopeGuard {
    SCOPES_USED.store(true, Ordering::Relaxed);
    ScopeGuard { previous: CURRENT.with(|c| c.replace(Some(scope))) }
}

pub(crate) struct ScopeGuard {
    previous: Option<&'static Scope>,
}

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.previous));
    }
}
