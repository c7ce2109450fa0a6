//! Criterion benchmarks of the pure core: parse, build, resolve, render.
//!
//! `cargo bench --bench core` (figures in the README and the issue notes). Inputs are generated
//! here, not committed: the seed scenario, 50 StatefulSets × 100 replicas (5,000 pods), and a
//! ~1 MB `kubectl get -o yaml` style `kind: List`.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../support/gen.rs"]
mod inputs;

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use super::inputs as gen;
    use criterion::{black_box, criterion_group, BatchSize, Criterion, Throughput};
    use headless_playground::cluster::{Cluster, Ops};
    use headless_playground::dns::resolver::Resolver;
    use headless_playground::dns::{run_command, Name, Query, RecordType, ResolvConf, RunEnv};
    use headless_playground::{model, scenarios};

    /// Parse and build, returning both so that freeing them is not timed (`iter_with_large_drop`);
    /// freeing is timed on its own below.
    fn parse_and_build(text: &str) -> (model::Parsed, Cluster) {
        let parsed = model::parse(text);
        let cluster = Cluster::build(&parsed, &Ops::default());
        (parsed, cluster)
    }

    fn parse_build(c: &mut Criterion) {
        let seed = scenarios::SEED.yaml;
        c.bench_function("seed: parse + build", |b| {
            b.iter_with_large_drop(|| parse_and_build(black_box(seed)))
        });
        let big = gen::statefulsets(50, 100);
        c.bench_function("5,000 pods (50 StatefulSets x 100): parse + build", |b| {
            b.iter_with_large_drop(|| parse_and_build(black_box(&big)))
        });
        let parsed = model::parse(&big);
        c.bench_function("5,000 pods: parse only", |b| {
            b.iter_with_large_drop(|| model::parse(black_box(&big)))
        });
        c.bench_function("5,000 pods: build only", |b| {
            b.iter_with_large_drop(|| Cluster::build(black_box(&parsed), &Ops::default()))
        });
        let edited = big.replacen("replicas: 100", "replicas: 99", 1);
        c.bench_function("5,000 pods: reparse after one replica count changed", |b| {
            b.iter_with_large_drop(|| model::reparse(black_box(&edited), &parsed))
        });
        let taller = big.replacen(
            "  name: app-0\n",
            "  name: app-0\n  labels:\n    team: a\n",
            1,
        );
        c.bench_function(
            "5,000 pods: reparse after two lines added to the first document",
            |b| b.iter_with_large_drop(|| model::reparse(black_box(&taller), &parsed)),
        );
        let cluster = Cluster::build(&parsed, &Ops::default());
        let svc = big.replacen("port: 5432", "port: 5433", 1);
        let svc_parsed = model::reparse(&svc, &parsed);
        c.bench_function("5,000 pods: rebuild after one Service port changed", |b| {
            b.iter_with_large_drop(|| {
                Cluster::rebuild(black_box(&svc_parsed), &Ops::default(), &cluster)
            })
        });
        // A fresh build each time: a clone would share the pods, and free almost nothing.
        c.bench_function("5,000 pods: free the cluster", |b| {
            b.iter_batched(
                || Cluster::build(&parsed, &Ops::default()),
                drop,
                BatchSize::LargeInput,
            )
        });
        let list = gen::kubectl_list(1_000_000);
        let mut g = c.benchmark_group("kubectl List");
        g.throughput(Throughput::Bytes(list.len() as u64));
        g.bench_function(format!("parse {} KB", list.len() / 1000), |b| {
            b.iter_with_large_drop(|| model::parse(black_box(&list)))
        });
        g.finish();
    }

    fn resolve(c: &mut Criterion) {
        let big = gen::statefulsets(50, 100);
        let cluster = Cluster::build(&model::parse(&big), &Ops::default());
        assert_eq!(
            cluster
                .pods
                .iter()
                .filter(|p| p.namespace.starts_with("app-"))
                .count(),
            5000
        );
        let mut r = Resolver::new(&cluster);
        let q = |n: &str, t| Query::new(Name::parse(n).unwrap(), t);
        let cases = [
            (
                "ClusterIP A",
                q("web-7.app-7.svc.cluster.local.", RecordType::A),
            ),
            (
                "per-pod A",
                q("db-7-42.db-7-hs.app-7.svc.cluster.local.", RecordType::A),
            ),
            (
                "headless A, 100 pods",
                q("db-7-hs.app-7.svc.cluster.local.", RecordType::A),
            ),
            (
                "SRV _tcp, 100 pods",
                q("_pg._tcp.db-7-hs.app-7.svc.cluster.local.", RecordType::SRV),
            ),
            (
                "NXDOMAIN",
                q("nope.app-7.svc.cluster.local.", RecordType::A),
            ),
        ];
        let mut g = c.benchmark_group("resolve on 5,000 pods");
        // One resolution per iteration: criterion also prints resolutions per second.
        g.throughput(Throughput::Elements(1));
        for (name, query) in &cases {
            g.bench_function(*name, |b| b.iter(|| r.answer(black_box(query), true, None)));
        }
        // Bulk lookups (no explanation text): what a client of the core pays per query.
        r.explain = false;
        for (name, query) in &cases {
            g.bench_function(format!("{name}, no explanation"), |b| {
                b.iter(|| r.answer(black_box(query), true, None))
            });
        }
        g.finish();
    }

    fn render(c: &mut Criterion) {
        let cluster = Cluster::build(&model::parse(scenarios::SEED.yaml), &Ops::default());
        let conf = ResolvConf::cluster_first("default", "cluster.local").unwrap();
        let env = RunEnv::default();
        let mut g = c.benchmark_group("dig text");
        for cmd in [
            "dig test-headless.default.svc.cluster.local",
            "dig +short test-headful.default.svc.cluster.local",
        ] {
            g.bench_function(cmd, |b| {
                b.iter(|| {
                    let mut r = Resolver::new(&cluster);
                    run_command(black_box(cmd), &mut r, &conf, &env)
                })
            });
        }
        // Rendering alone: a server that replays one precomputed reply, so only dig's argument
        // parsing and text output are timed.
        let mut r = Resolver::new(&cluster);
        let run = run_command(
            "dig test-headless.default.svc.cluster.local",
            &mut r,
            &conf,
            &env,
        );
        let mut replay = Replay(run.attempts[0].reply.clone().unwrap());
        g.bench_function("render a 3-record reply (no resolving)", |b| {
            b.iter(|| {
                run_command(
                    black_box("dig test-headless.default.svc.cluster.local"),
                    &mut replay,
                    &conf,
                    &env,
                )
            })
        });
        g.finish();
    }

    struct Replay(headless_playground::dns::Message);

    impl headless_playground::dns::DnsServer for Replay {
        fn query(
            &mut self,
            _: std::net::IpAddr,
            _: &Query,
            _: bool,
            _: Option<&headless_playground::dns::Edns>,
        ) -> Option<headless_playground::dns::Message> {
            Some(self.0.clone())
        }
    }

    criterion_group!(benches, parse_build, resolve, render);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(bench::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
