# Sourced by the scripts that install a pinned npm package (scripts/sst-node, scripts/sst-v4-node, and
# scripts/lib/sst-release.sh for scripts/sst-v4 and scripts/sst-releases): one way to install it, and to
# know it is there.

# install_pinned PINNED_DIR INSTALL_DIR [--omit=optional]: the package that PINNED_DIR's package.json pins
# (its one dependency, `sst` here), installed with PINNED_DIR's package-lock.json into INSTALL_DIR, once:
# skipped where that version is installed there, with its command (node_modules/.bin/NAME). With
# --omit=optional, without the package's optional dependencies (SST's platform binaries).
install_pinned() {
    local pinned_dir="$1" dir="$2" omit=() me="${0##*/}" name pinned installed
    [ $# -lt 3 ] || omit=("$3")
    read -r name pinned < <(sed -n '/"dependencies"/,/}/s/^ *"\([^"]*\)": *"\([^"]*\)".*/\1 \2/p' \
        "$pinned_dir/package.json")
    installed="$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "$dir/node_modules/$name/package.json" 2>/dev/null || true)"
    if [ "$installed" = "$pinned" ] && [ -x "$dir/node_modules/.bin/$name" ]; then
        return 0
    fi
    command -v npm >/dev/null || { echo "$me: npm is needed to install $name $pinned (install Node.js)" >&2; return 1; }
    echo "$me: installing $name $pinned into $dir" >&2
    mkdir -p "$dir"
    cp "$pinned_dir/package.json" "$pinned_dir/package-lock.json" "$dir/"
    # `npm install` of the lock, not `npm ci`: a registry that lacks the platform binaries of other machines
    # (sst-darwin-arm64@3.9.39, say) leaves them out of the lock, which `npm ci` refuses.
    (cd "$dir" && npm install "${omit[@]}" --no-save --no-audit --no-fund --loglevel=error >&2)
}
