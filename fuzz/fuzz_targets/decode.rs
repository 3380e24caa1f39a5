//! Reads the input, then decodes every document into the typed objects (Ingress, Service, Gateway API, ...):
//! a typed object or an error with a position, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let _ = common::objects(data);
});
