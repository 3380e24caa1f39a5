//! Test support (feature `test-support`, enabled by the dev-dependencies of the crates whose tests read the
//! Gateway API v1.6.1 release data; not in the `gateshift` binary): where that data is.
//!
//! A test that reads the data is marked `#[cfg_attr(not(gateway_api_data), ignore = "…")]`: the build script of
//! its crate (`crates/crd-validate/build.rs`, shared) sets the cfg `gateway_api_data` when the directory exists,
//! so without the data such a test is reported as ignored, never as passed.

use std::path::PathBuf;

include!("data_dir.rs");

/// The Gateway API release directory: `$GATESHIFT_GATEWAY_API_DIR` if set, else `../shared/gateway-api/v1.6.1`
/// beside the workspace. `None` when that directory does not exist.
#[must_use]
pub fn gateway_api_dir() -> Option<PathBuf> {
    let dir = configured_gateway_api_dir();
    dir.is_dir().then_some(dir)
}

/// [`gateway_api_dir`] for a test that needs the data. Never `None` (the `Option` keeps callers written as
/// `let Some(dir) = require_gateway_api_dir() else { … }` compiling): without the data the test should not run
/// at all, it is ignored through the cfg `gateway_api_data`.
///
/// # Panics
///
/// When the directory is missing: the calling test lacks
/// `#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]`,
/// or the data was removed after the build.
#[must_use]
pub fn require_gateway_api_dir() -> Option<PathBuf> {
    if let Some(dir) = gateway_api_dir() {
        return Some(dir);
    }
    panic!(
        "the Gateway API v1.6.1 release data is missing at {}: set {GATEWAY_API_DIR_ENV} to an unpacked Gateway API \
         release (a checkout of https://github.com/kubernetes-sigs/gateway-api at tag v1.6.1, the directory that \
         holds crds/, examples/ and conformance/); a test that needs it must be marked \
         #[cfg_attr(not(gateway_api_data), ignore = \"...\")]",
        configured_gateway_api_dir().display()
    );
}
