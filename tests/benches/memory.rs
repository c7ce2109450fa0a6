//! Heap held by the simulated cluster, measured with a counting global allocator.
//!
//! `cargo bench --bench memory`: builds the 5,000-pod cluster (50 StatefulSets x 100 replicas and
//! their Services) and prints the bytes the parsed manifests and the cluster keep alive, and the
//! peak during parse + build. It fails if the cluster needs more than the 20 MB budget.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../support/gen.rs"]
#[allow(dead_code)] // shared with the criterion bench, which uses every generator
mod inputs;

#[cfg(not(target_arch = "wasm32"))]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    /// Counts live bytes and remembers the highest value since the last reset.
    pub struct Counting;

    pub static LIVE: AtomicUsize = AtomicUsize::new(0);
    pub static PEAK: AtomicUsize = AtomicUsize::new(0);
    pub static ALLOCS: AtomicUsize = AtomicUsize::new(0);

    fn grew(n: usize) {
        let now = LIVE.fetch_add(n, Relaxed) + n;
        PEAK.fetch_max(now, Relaxed);
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            // SAFETY: forwarded unchanged to the system allocator.
            let p = unsafe { System.alloc(l) };
            if !p.is_null() {
                grew(l.size());
                ALLOCS.fetch_add(1, Relaxed);
            }
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            // SAFETY: `p` came from `alloc`/`realloc` above with this layout.
            unsafe { System.dealloc(p, l) };
            LIVE.fetch_sub(l.size(), Relaxed);
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            // SAFETY: forwarded unchanged to the system allocator.
            let q = unsafe { System.realloc(p, l, new) };
            if !q.is_null() {
                LIVE.fetch_sub(l.size(), Relaxed);
                grew(new);
                ALLOCS.fetch_add(1, Relaxed);
            }
            q
        }
    }

    pub fn live() -> usize {
        LIVE.load(Relaxed)
    }

    pub fn reset_peak() {
        PEAK.store(LIVE.load(Relaxed), Relaxed);
    }

    pub fn peak() -> usize {
        PEAK.load(Relaxed)
    }

    pub fn allocs() -> usize {
        ALLOCS.load(Relaxed)
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: counting::Counting = counting::Counting;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use headless_playground::cluster::{Cluster, Ops};
    use headless_playground::dns::resolver::Resolver;
    use headless_playground::dns::{Name, Query, RecordType};
    use headless_playground::model;

    const BUDGET: usize = 20 * 1024 * 1024;
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);

    let text = inputs::statefulsets(50, 100);
    let before = counting::live();
    counting::reset_peak();
    let a0 = counting::allocs();
    let parsed = model::parse(&text);
    let after_parse = counting::live();
    let cluster = Cluster::build(&parsed, &Ops::default());
    let after_build = counting::live();
    let peak = counting::peak() - before;
    let allocs = counting::allocs() - a0;
    let pods = cluster.pods.len();
    let endpoints: usize = cluster.services.iter().map(|s| s.endpoints.len()).sum();

    // A resolver answering per-pod names builds its label index once per Service.
    let mut r = Resolver::new(&cluster);
    r.explain = false;
    let before_resolve = counting::live();
    for i in 0..50 {
        let q = Query::new(
            Name::parse(&format!("db-{i}-7.db-{i}-hs.app-{i}.svc.cluster.local.")).unwrap(),
            RecordType::A,
        );
        let _ = r.answer(&q, true, None);
    }
    let index = counting::live() - before_resolve;

    println!(
        "5,000-pod cluster ({pods} pods, {endpoints} endpoints, {} KB of YAML)",
        text.len() / 1000
    );
    println!(
        "  parsed manifests held: {:>8.2} MiB",
        mib(after_parse - before)
    );
    println!(
        "  cluster held:          {:>8.2} MiB",
        mib(after_build - after_parse)
    );
    println!(
        "  resolver label index:  {:>8.2} MiB (all 50 headless Services)",
        mib(index)
    );
    println!(
        "  peak during parse+build: {:>6.2} MiB, {allocs} allocations",
        mib(peak)
    );
    let held = after_build - before;
    println!(
        "  total held after build: {:>6.2} MiB (budget {:.0} MiB)",
        mib(held),
        mib(BUDGET)
    );
    drop(r);
    drop(cluster);
    drop(parsed);
    if held > BUDGET || peak > BUDGET {
        eprintln!("over the {} MiB budget", BUDGET / 1024 / 1024);
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
