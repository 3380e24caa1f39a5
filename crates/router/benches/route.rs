//! Decisions per second on generated tables of 100, 10k and 100k rules, for both models.

use gateshift_router::{GatewayOptions, GatewayRouter, NginxOptions, NginxRouter};

#[path = "../tests/support/gen.rs"]
mod generate;

// The allocator of the `gateshift` binary, so the tables are laid out as they are when `simulate` and `verify` run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [100, 10_000, 100_000];

#[divan::bench(args = SIZES, sample_count = 20, sample_size = 200)]
fn gateway_decide(bencher: divan::Bencher<'_, '_>, rules: usize) {
    let objects = generate::gateway_objects(rules);
    let router = GatewayRouter::new(&objects, &GatewayOptions::default()).expect("one Gateway");
    let requests = generate::requests(rules, 256);
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % requests.len();
        router.decide(divan::black_box(&requests[i]))
    });
}

#[divan::bench(args = SIZES, sample_count = 20, sample_size = 200)]
fn nginx_decide(bencher: divan::Bencher<'_, '_>, rules: usize) {
    let objects = generate::ingress_objects(rules);
    let router = NginxRouter::new(&objects, &NginxOptions::default());
    let requests = generate::requests(rules, 256);
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % requests.len();
        router.decide(divan::black_box(&requests[i]))
    });
}
