//! The cost estimator: pricing a 500-resource template after it is open (issue 17 asks for
//! 5 ms), and reading the shipped us-east-1 price book. Headless. Run with
//! `cargo bench --bench cost`; `BENCHMARKS.md` holds results.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stackcanvas::cfn::{self, Format};
use stackcanvas::cost::{self, Book, Inputs};

fn pricing(c: &mut Criterion) {
    let yaml = stackcanvas::generate::generate_yaml(500, 1);
    let template = cfn::import(yaml.as_bytes(), "bench.yaml", Some(Format::Yaml))
        .unwrap()
        .template;
    let book = Book::shipped("us-east-1").unwrap();
    let inputs = Inputs {
        region: "us-east-1".into(),
        ..Inputs::default()
    };
    let e = cost::estimate(&template, Some(&book), &inputs);
    let priced = e
        .resources
        .iter()
        .filter(|r| r.status == cost::Status::Priced)
        .count();
    eprintln!(
        "500 resources: {priced} priced, total {}",
        cost::dollars_range(e.totals().total())
    );
    c.bench_function("cost/estimate 500 resources", |b| {
        b.iter(|| cost::estimate(black_box(&template), Some(&book), &inputs));
    });
    c.bench_function("cost/read the us-east-1 book", |b| {
        b.iter(|| Book::shipped(black_box("us-east-1")));
    });
}

criterion_group!(benches, pricing);
criterion_main!(benches);
