//! Reads and decodes the input, then runs the offline Gateway API controller/validator on it (every class, as
//! `gateshift check` without `--controller-name`), and renders the outcome as `check -o json` does.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let objects = common::objects(data);
    if objects.is_empty() {
        return;
    }
    let outcome = gateshift_check::check(&objects, &gateshift_check::Options::default());
    let _ = outcome.is_clean();
    let _ = outcome.to_json();
});
