//! Engine benchmarks (criterion): full validation, one keystroke, the legacy
//! import of the sample, and CLI throughput in returns per second.
//!
//! Run with `make bench-engine` (or `cargo bench --bench engine`); the medians
//! are printed by criterion.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use pdti_form::document;
use pdti_form::engine::Session;
use pdti_form::form::Form;
use pdti_form::legacy;
use std::sync::Arc;

const COMPLETE: &str = include_str!("../tests/fixtures/complete-return.json");
const SAMPLE: &str = include_str!("../tests/fixtures/laichau-stp-2023h1.tsv");

fn benches(c: &mut Criterion) {
    let form = Arc::new(Form::pdti_2023());
    let loaded = document::read(COMPLETE, &form).expect("fixture reads").session;

    c.bench_function("validate complete return (rules + indicators)", |b| {
        let mut s = loaded.clone();
        b.iter(|| {
            s.revalidate();
            black_box(s.summary())
        })
    });

    let inputs: Vec<(String, String)> = form
        .inputs()
        .filter(|&i| !loaded.input_at(i).is_empty())
        .map(|i| (form.items[i].code.clone(), loaded.input_at(i).to_string()))
        .collect();
    c.bench_function("validate complete return from typed text (parse + rules + indicators)", |b| {
        b.iter(|| {
            let mut s = Session::new(Arc::clone(&form));
            s.set_all(inputs.iter().map(|(c, v)| (c.as_str(), v.as_str()))).unwrap();
            black_box(s.summary())
        })
    });

    c.bench_function("incremental update of one field", |b| {
        let mut s = loaded.clone();
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            black_box(s.set("6.2.đ", if flip { "14" } else { "12" }).unwrap())
        })
    });

    c.bench_function("findings and summary after an update", |b| {
        let s = loaded.clone();
        b.iter(|| black_box((s.findings().len(), s.summary())))
    });

    c.bench_function("import the sample legacy file", |b| {
        b.iter(|| black_box(legacy::import(SAMPLE, &form).unwrap().len()))
    });

    c.bench_function("parse the complete return as JSON (20 KB)", |b| {
        b.iter(|| black_box(pdti_form::json::Json::parse(black_box(COMPLETE)).is_ok()))
    });

    c.bench_function("write the complete return as JSON", |b| {
        b.iter(|| black_box(document::to_json(&loaded, None, None).len()))
    });

    let mut g = c.benchmark_group("cli throughput");
    g.throughput(Throughput::Elements(1));
    g.bench_function("read + validate + summarise one JSON return", |b| {
        b.iter(|| {
            let l = document::read(black_box(COMPLETE), &form).unwrap();
            black_box((l.session.summary(), document::indicators(&l.session).len()))
        })
    });
    g.finish();
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(60).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = benches
}
criterion_main!(engine);
