//! Arbitrary bytes, as UTF-8, through the YAML/JSON reader: it returns documents or an error, never panics,
//! and what it reads converts to JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    if let Some(docs) = common::documents(data) {
        for doc in &docs {
            let _ = doc.type_meta();
            let _ = doc.to_json();
        }
    }
});
