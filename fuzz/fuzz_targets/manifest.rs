//! The manifest reader, `sst_binding_protocol::manifest::parse`: see `hostile::manifest`.
//! Seeds: examples/*/bindings.json tests/bindings.json sst-resources/tests/bindings.json ui-tests/manifests/*.json
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::manifest(data));
