//! What `load()` makes of any answer from SSM to `GetParameters`: see `hostile::ssm_answer`.
//! Seeds: none (the input is decoded with `arbitrary`; libFuzzer starts from empty input)
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_hostile::ssm_answer(data));
