//! The resource schemas: the start-up cost (parsing the index), loading one type's record,
//! and checking templates against the schemas. Headless. Run with `cargo bench --bench
//! schema`; `BENCHMARKS.md` holds results.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use stackcanvas::cfn::{self, Format, Template};
use stackcanvas::schema::{self, CheckOptions};

/// A small, a typical and the largest record.
const TYPES: [&str; 4] = [
    "AWS::SQS::Queue",
    "AWS::EC2::Instance",
    "AWS::Lambda::Function",
    "AWS::QuickSight::Dashboard",
];

fn generated(resources: usize) -> Template {
    let yaml = stackcanvas::generate::generate_yaml(resources, 1);
    cfn::import(yaml.as_bytes(), "bench.yaml", Some(Format::Yaml))
        .unwrap()
        .template
}

fn schemas(c: &mut Criterion) {
    // What the app pays once, on the first check of a template: the index, the types the
    // template uses, and their patterns compiled as values meet them. Printed, not timed by
    // criterion (it happens once per process).
    let t = generated(500);
    let start = Instant::now();
    let findings = schema::check_template(&t, "bench.yaml", &CheckOptions::default());
    eprintln!(
        "first check of 500 resources, cold (index, {} types loaded, patterns compiled): {:.2?}, {} findings",
        t.resources()
            .map(|r| r.type_name())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        start.elapsed(),
        findings.len()
    );
    let mut c = std::mem::take(c)
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    let mut group = c.benchmark_group("schema");
    group.bench_function("index_parse", |b| {
        b.iter(schema::parse_index_uncached);
    });
    for name in TYPES {
        group.bench_function(format!("load/{name}"), |b| {
            b.iter(|| schema::load_uncached(black_box(name)).unwrap());
        });
    }
    group.sample_size(10).bench_function("load_all_1898", |b| {
        b.iter(schema::load_all);
    });
    for n in [500, 5_000] {
        let t = generated(n);
        // The types are loaded and the patterns compiled once, by the first check.
        schema::check_template(&t, "bench.yaml", &CheckOptions::default());
        group.bench_function(format!("check/{n}"), |b| {
            b.iter(|| {
                schema::check_template(black_box(&t), "bench.yaml", &CheckOptions::default())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, schemas);
criterion_main!(benches);
