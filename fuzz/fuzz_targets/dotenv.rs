//! The `.env` reader of `secrets load`, `cli/src/dotenv.rs`: see `hostile::dotenv`.
//! Seeds: fuzz/seeds/dotenv/*
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::dotenv(data));
