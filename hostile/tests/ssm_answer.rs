//! The `ssm_answer` property over random answers, on stable, in the tests' own build (which has the AWS
//! SDK already). `fuzz/` builds its targets without the SDK unless asked (`scripts/fuzz ssm_answer` fuzzes
//! this one, guided by coverage), so that scripts/test does not compile the SDK a second time for the
//! fuzzer: this test is how every run of it checks the property.

use sst_resources_hostile::{Reads, ssm_answer_random};

/// Seeds 0 to ANSWERS: the same answers on every run.
const ANSWERS: u64 = 5_000;

#[test]
fn load_holds_for_random_answers() {
    let mut total = Reads::default();
    for seed in 0..ANSWERS {
        match std::panic::catch_unwind(|| ssm_answer_random(seed)) {
            Ok(reads) => {
                total.values += reads.values;
                total.errors += reads.errors;
            }
            Err(panic) => {
                let message =
                    panic.downcast_ref::<String>().map(String::as_str).or(panic.downcast_ref::<&str>().copied());
                panic!("the answer of seed {seed} fails: {}", message.unwrap_or("a panic"));
            }
        }
    }
    // The answers reach both sides of the property: values read back, and errors that must not show them.
    println!("{ANSWERS} random answers: {total:?}");
    let enough = ANSWERS / 4;
    assert!(
        total.values as u64 >= enough && total.errors as u64 >= enough,
        "{ANSWERS} random answers gave only {total:?}"
    );
}
