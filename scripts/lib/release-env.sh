# Sourced by scripts/sst-app and scripts/deploy-policy-check: the environment SST's `cargo lambda build
# --release` of examples/sst-app's functions runs with, one list, so that the deploy finds the build that
# scripts/sst-app (and scripts/test, ahead of it) made. A quick release build is enough to run the
# functions here (cargo lambda's defaults are for deployment).
# shellcheck disable=SC2034 # used by the scripts that source it
release=(CARGO_LAMBDA_COMPILER=cargo CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_STRIP=false)
