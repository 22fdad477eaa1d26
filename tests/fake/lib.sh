# Shared by the shell tests of coverkit-fake-server (standalone.sh, tool.sh): PASS/FAIL/SKIP
# accounting, curl, and starting and stopping the program. Source it after setting
# server_bin; it makes the scratch folder $work, removed on exit with every server started.

work=$(mktemp -d "${TMPDIR:-/tmp}/coverkit-fake-test.XXXXXX")
passed=0
failed=0
skipped=0
pids=()

cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill -KILL "$p" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT

check() { # check NAME CONDITION-RESULT(0/1) [DETAIL]
    if [ "$2" -eq 0 ]; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1${3:+: $3}"
        failed=$((failed + 1))
    fi
}

skip() { # skip NAME WHY
    echo "SKIP $1 ($2)"
    skipped=$((skipped + 1))
}

expect_eq() { # expect_eq NAME EXPECTED ACTUAL
    [ "$2" = "$3" ]
    check "$1" $? "expected '$2', got '$3'"
}

c() { curl -s --max-time 5 "$@"; }

# The scheme start_server expects in the "listening on" line: https for the TLS checks.
scheme=http

# Starts the server with the given arguments; sets srv_pid, srv_url, srv_err.
# Waits for the "listening on" line on its standard output (bounded, no blind sleep).
start_server() {
    local name=$1
    shift
    local fifo=$work/$name.out
    srv_err=$work/$name.err
    mkfifo "$fifo"
    "$server_bin" "$@" >"$fifo" 2>"$srv_err" &
    srv_pid=$!
    pids+=("$srv_pid")
    exec {srv_fd}<"$fifo"
    srv_url=
    local line
    if IFS= read -r -t 10 -u "$srv_fd" line; then
        case $line in
        "listening on $scheme://"*) srv_url=${line#listening on } ;;
        esac
    fi
    [ -n "$srv_url" ]
    check "$name: prints 'listening on $scheme://HOST:PORT'" $? "got '${line:-nothing}'"
    [ -n "$srv_url" ]
}

mkfifo "$work/tick"

# Sends SIGNAL and waits (bounded) for the process to exit; checks its status is 0.
stop_server() {
    local name=$1 sig=$2 i rc
    kill -"$sig" "$srv_pid"
    for ((i = 0; i < 100; i++)); do
        kill -0 "$srv_pid" 2>/dev/null || break
        read -r -t 0.1 <>"$work/tick" 2>/dev/null # a bounded 0.1 s poll
    done
    if kill -0 "$srv_pid" 2>/dev/null; then
        check "$name: $sig exits within 10 s" 1 "still running"
        kill -KILL "$srv_pid"
        wait "$srv_pid" 2>/dev/null
    else
        wait "$srv_pid"
        rc=$?
        expect_eq "$name: $sig exits with status 0" 0 "$rc"
    fi
    exec {srv_fd}<&-
}

# Prints the summary; the exit status of the test.
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
}
