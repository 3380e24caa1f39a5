// Where the Gateway API v1.6.1 release data is looked for. Shared, through `include!`, by the library's
// `test-support` feature and by the build scripts (`crates/crd-validate/build.rs`, included by every crate with
// tests that read the data), so the cfg `gateway_api_data` the build scripts set and the directory the tests read
// always agree. `CARGO_MANIFEST_DIR` is `crates/<crate>` in each of them.

/// Environment variable that points at an unpacked Gateway API release (the directory holding `crds/`).
pub const GATEWAY_API_DIR_ENV: &str = "GATESHIFT_GATEWAY_API_DIR";

/// `$GATESHIFT_GATEWAY_API_DIR` if set and not empty, else `../shared/gateway-api/v1.6.1` beside the workspace;
/// whether it exists or not.
#[must_use]
pub fn configured_gateway_api_dir() -> std::path::PathBuf {
    match std::env::var_os(GATEWAY_API_DIR_ENV) {
        Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
        _ => std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/gateway-api/v1.6.1"
        )),
    }
}
