//! SST v3/v4 links from any variables and any key file (the runtime's scan and reader): see
//! `hostile::links`.
//! Seeds: fuzz/seeds/links/*
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::links(data));
