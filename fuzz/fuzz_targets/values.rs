//! The values file of `bind --values`, `sst_resources_import::values::parse`: see `hostile::values_file`.
//! Seeds: fuzz/seeds/values/*
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::values_file(data));
