//! Reads and decodes the input, then converts it twice: with the CLI's defaults, and with every switch that
//! widens what is converted (per-namespace topology, classless Ingresses, security losses and refused
//! Ingresses accepted, two listeners per Gateway so ListenerSets appear). The report must serialize and the
//! generated objects must read back and decode, as `convert --verify` reads them.
#![no_main]

use gateshift_convert::{Options, Topology};
use libfuzzer_sys::fuzz_target;

mod common;

fn run(objects: &[gateshift_api::Sourced], options: &Options) {
    let Ok(conversion) = gateshift_convert::convert(objects, options) else {
        return;
    };
    let _ = serde_json::to_string(&conversion.report).expect("the report serializes");
    let values: Vec<serde_json::Value> = conversion.objects.iter().map(|g| g.to_value()).collect();
    let yaml = gateshift_manifest::write_yaml(&values);
    let _ = common::read_back("<converted>", &yaml);
}

fuzz_target!(|data: &[u8]| {
    let objects = common::objects(data);
    if objects.is_empty() {
        return;
    }
    run(&objects, &Options::default());
    run(
        &objects,
        &Options {
            gateway_class: Some("fuzz".into()),
            topology: Topology::PerNamespace,
            watch_ingress_without_class: true,
            accept_security_loss: true,
            convert_refused: true,
            max_listeners: 2,
            ..Options::default()
        },
    );
});
