# Sourced by scripts/sst-v4 and scripts/sst-releases: one SST release, pinned by a package.json and its lock
# (sst-resources-cli/tests/sst-releases/<release>/), installed with its platform binary, and an SST v3/v4 app prepared
# with it as `sst install` prepares one.

# install_sst PINNED_DIR INSTALL_DIR: the pinned sst, with its platform binary (sst-<os>-<arch>, an optional
# dependency of `sst`, so not omitted), into INSTALL_DIR, once (scripts/lib/npm-pinned); its absence is an
# error.
install_sst() {
    local pinned_dir="$1" dir="$2"
    "$(dirname "${BASH_SOURCE[0]}")/npm-pinned" "$pinned_dir" "$dir"
    # `sst version` would fetch Pulumi's CLI from GitHub: the platform package's binary is looked for instead.
    compgen -G "$dir/node_modules/sst-*/bin/sst" >/dev/null || {
        echo "no platform binary (sst-<os>-<arch>) in $dir/node_modules: is there one for this machine?" >&2
        return 1
    }
}

# prepare_app APP INSTALL_DIR RELEASE: APP's node_modules a link to INSTALL_DIR's, and its .sst/platform
# written by that sst's `sst install` (SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1: npm only, nothing from
# GitHub), once (skipped where .sst/platform/version says RELEASE).
prepare_app() {
    local app="$1" dir="$2" release="$3"
    ln -sfn "$dir/node_modules" "$app/node_modules"
    if [ "$(cat "$app/.sst/platform/version" 2>/dev/null || true)" != "$release" ]; then
        echo "sst install in $app (SST $release's platform and its providers, from npm)" >&2
        (cd "$app" && SST_STAGE=dev SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1 \
            node_modules/.bin/sst install >&2)
    fi
}
