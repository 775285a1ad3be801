# Sourced by the scripts that run functions for real under `cargo lambda watch` (the Lambda runtime API
# on 127.0.0.1; scripts/lib/cargo-lambda installs it): start it in a process group of its own, invoke,
# stop it with everything it started.
#   lambda_watch_start LOG [cargo lambda watch flags...]   sets lambda_watch_pid and lambda_watch_port
#   lambda_watch_invoke NAME                                prints the function's answer
#   lambda_watch_stop
lambda_watch_pid=""
lambda_watch_port=""

lambda_watch_start() {
    local log="$1"
    shift
    lambda_watch_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    setsid cargo lambda watch --ignore-changes --quiet \
        --invoke-address 127.0.0.1 --invoke-port "$lambda_watch_port" --timeout 300 "$@" >"$log" 2>&1 &
    lambda_watch_pid=$!
    for _ in $(seq 1 600); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$lambda_watch_port") 2>/dev/null; then return 0; fi
        kill -0 "$lambda_watch_pid" 2>/dev/null || { echo "cargo lambda watch exited:" >&2; cat "$log" >&2; return 1; }
        sleep 0.2
    done
    echo "cargo lambda watch did not listen on 127.0.0.1:$lambda_watch_port in 120 s" >&2
    return 1
}

lambda_watch_invoke() {
    cargo lambda invoke "$1" --invoke-address 127.0.0.1 --invoke-port "$lambda_watch_port" --data-ascii '{}'
}

lambda_watch_stop() {
    if [ -n "$lambda_watch_pid" ]; then
        kill -TERM -- "-$lambda_watch_pid" 2>/dev/null || true
        wait "$lambda_watch_pid" 2>/dev/null || true
        lambda_watch_pid=""
    fi
}
