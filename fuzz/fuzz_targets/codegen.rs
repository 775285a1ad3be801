//! The manifest through the macro's entry, `sst_resources_codegen::expand`: see `hostile::codegen`.
//! Seeds: examples/*/bindings.json tests/bindings.json sst-resources/tests/bindings.json ui-tests/manifests/*.json
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::codegen(data));
