// Sets the cfg `gateway_api_data` when the Gateway API v1.6.1 release data is present, so the tests that read
// it are marked `#[cfg_attr(not(gateway_api_data), ignore = "…")]` and reported as ignored without it.
//
// The crates whose tests read the data (api, check, cli, crd-validate, router) share this file: their
// `build.rs` is `include!("../crd-validate/build.rs");`.

include!("../crd-validate/src/data_dir.rs");

#[allow(clippy::print_stdout)] // cargo reads build script instructions from stdout
fn main() {
    println!("cargo::rustc-check-cfg=cfg(gateway_api_data)");
    println!("cargo:rerun-if-env-changed={GATEWAY_API_DIR_ENV}");
    let dir = configured_gateway_api_dir();
    if dir.is_dir() {
        println!("cargo:rustc-cfg=gateway_api_data");
        println!("cargo:rerun-if-changed={}", dir.display());
        return;
    }
    // Absent: watch the nearest existing ancestor, so creating the directory re-runs this script, unless that
    // ancestor holds the workspace (cargo scans a watched directory recursively, target/ included; a missing
    // path would re-run the script, and rebuild the crate, on every build). Then only setting the variable
    // re-runs it.
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace = workspace.canonicalize().unwrap_or(workspace);
    let mut ancestor = dir.parent();
    while let Some(a) = ancestor {
        if a.is_dir() {
            let a = a.canonicalize().unwrap_or_else(|_| a.to_path_buf());
            if !workspace.starts_with(&a) {
                println!("cargo:rerun-if-changed={}", a.display());
            }
            break;
        }
        ancestor = a.parent();
    }
}
