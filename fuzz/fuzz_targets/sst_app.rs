//! The readers of `sst-resources import`, the construct tree and `.sst/dist` templates: see `hostile::sst_app`.
//! Seeds: sst-resources-import/src/sst_app/testdata/* sst-resources-cli/tests/fixtures/sst-dist/*
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::sst_app(data));
