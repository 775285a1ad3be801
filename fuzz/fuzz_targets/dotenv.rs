//! The `.env` reader of `secrets load`, `sst_resources_import::dotenv`: see `hostile::dotenv`.
//! Seeds: fuzz/seeds/dotenv/*
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::dotenv(data));
