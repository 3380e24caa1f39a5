// The Gateway API data cfg (`gateway_api_data`) for the tests; see crates/crd-validate/build.rs.
include!("../crd-validate/build.rs");
