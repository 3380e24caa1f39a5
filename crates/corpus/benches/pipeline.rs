//! Micro-benchmarks of the pipeline's stages on small generated clusters (`cargo bench -p gateshift-corpus`).
//! The end-to-end figures at 1k–50k come from `benches/run.sh` at the repository root.

use std::sync::Arc;

use divan::Bencher;

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[100, 1000];

#[divan::bench(args = SIZES)]
fn parse(bencher: Bencher<'_, '_>, n: usize) {
    let text = gateshift_corpus::generate(n, 1);
    bencher.bench(|| gateshift_manifest::read_str("corpus.yaml", &text, &Default::default()).unwrap());
}

fn decoded(n: usize) -> Vec<gateshift_api::Sourced> {
    let text = gateshift_corpus::generate(n, 1);
    gateshift_manifest::read_str("corpus.yaml", &text, &Default::default())
        .unwrap()
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).unwrap())
        .collect()
}

#[divan::bench(args = SIZES)]
fn decode(bencher: Bencher<'_, '_>, n: usize) {
    let text = gateshift_corpus::generate(n, 1);
    let docs = gateshift_manifest::read_str("corpus.yaml", &text, &Default::default()).unwrap();
    bencher.with_inputs(|| docs.clone()).bench_values(|docs| {
        docs.into_iter()
            .map(|d| gateshift_api::decode(Arc::new(d)).unwrap())
            .collect::<Vec<_>>()
    });
}

#[divan::bench(args = SIZES)]
fn convert(bencher: Bencher<'_, '_>, n: usize) {
    let objects = decoded(n);
    let options = gateshift_convert::Options {
        gateway_class: Some("x".into()),
        ..Default::default()
    };
    bencher.bench(|| gateshift_convert::convert(&objects, &options).unwrap());
}

#[divan::bench(args = SIZES)]
fn write(bencher: Bencher<'_, '_>, n: usize) {
    let objects = decoded(n);
    let options = gateshift_convert::Options {
        gateway_class: Some("x".into()),
        ..Default::default()
    };
    let conversion = gateshift_convert::convert(&objects, &options).unwrap();
    bencher.bench(|| {
        gateshift_manifest::write_yaml(
            &conversion
                .objects
                .iter()
                .map(|o| o.to_value())
                .collect::<Vec<_>>(),
        )
    });
}
