//! Environment variable names (`EnvVar::parse`) and the runtime's scan of an environment: see
//! `hostile::env_vars`.
//! Seeds: fuzz/seeds/env_vars/*
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::env_vars(data));
