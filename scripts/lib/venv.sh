# Sourced by scripts/with-moto and scripts/lib/cargo-lambda: the Python tools the tests run, in one venv,
# .venv at the root of the repository (gitignored).

venv="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.venv"

# ensure_venv: .venv made, once (made again, it would install pip again).
ensure_venv() {
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
}

# pip_install PACKAGE...: PACKAGE... (pinned: `name==version`) installed into .venv, made first if missing.
pip_install() {
    ensure_venv
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
}
