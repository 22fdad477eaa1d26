#!/usr/bin/env bash
# docs/openapi.yaml checked by tools coverkit did not write.
#
# usage: tests/fake/openapi.sh --lint
#        tests/fake/openapi.sh PATH/TO/coverkit-fake-server FIXTURE
#        tests/fake/openapi.sh --replay PATH/TO/coverkit-fake-server FIXTURE DIR
#
# --lint: Redocly CLI lints the document (rules in redocly.yaml), no error and no warning allowed.
# Default: the fake's answers. The fake runs behind Stoplight Prism's validation proxy
#   (`prism proxy --errors`), and tests/fake/standalone.sh sends its contract checks through the
#   proxy (its proxied mode, COVERKIT_STANDALONE_VIA). Prism refuses a request the document does
#   not allow (422), turns an answer that breaks it into its own error (500), and logs a warning
#   for a status the document does not list; any of these in its log fails the run.
# --replay: the requests coverkit's clients sent in the contract suites (DIR/*.jsonl, one
#   journal entry a line, as COVERKIT_RECORD_REQUESTS writes them) are sent again through the
#   proxy, to a fake of FIXTURE; one the fake accepted (status below 400) that the document does
#   not allow fails, and so does any answer that breaks the document. Requests the fake refused
#   too (the suites send some wrong on purpose) are counted as skipped. Masked secrets are put
#   back as well-formed stand-ins, and object keys are sent with their '/' as %2F (one path
#   parameter in the document, read alike by the fake).
#
# The tools come from `npm ci` (node_modules/.bin); without them the script says so and exits 77
# (skipped). COVERKIT_OPENAPI_DOC names another document to check (default docs/openapi.yaml).
# Prints PASS/FAIL/SKIP lines and "N passed, M failed, K skipped"; exits non-zero on any failure.
set -u

usage='usage: openapi.sh --lint | PATH/TO/coverkit-fake-server FIXTURE | --replay PATH/TO/coverkit-fake-server FIXTURE DIR'
mode=answers
case ${1:-} in
--lint) mode=lint ;;
--replay) mode=replay ;;
esac
[ "$mode" = answers ] || shift
case $mode in
lint) [ $# -eq 0 ] ;;
answers) [ $# -eq 2 ] ;;
replay) [ $# -eq 3 ] ;;
esac || {
    echo "$usage" >&2
    exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
doc=${COVERKIT_OPENAPI_DOC:-$root/docs/openapi.yaml}
prism=$root/node_modules/.bin/prism
redocly=$root/node_modules/.bin/redocly

# shellcheck source=lib.sh
. "$here/lib.sh"

# Without the npm tools: skipped, as CTest's SKIP_RETURN_CODE expects.
need() { # need TOOL
    if [ ! -x "$1" ]; then
        echo "SKIP $mode: $1 is missing (run npm ci)"
        exit 77
    fi
}

# ---------------------------------------------------------------- --lint
if [ "$mode" = lint ]; then
    need "$redocly"
    (cd "$root" && "$redocly" lint "$doc") >"$work/lint.txt" 2>&1
    rc=$?
    # Warnings leave the exit status 0: "You have 1 warning." says so.
    ! grep -qE '[0-9]+ (error|warning)' "$work/lint.txt"
    quiet=$?
    [ "$rc" -eq 0 ] && [ "$quiet" -eq 0 ]
    check "redocly lint ${doc#"$root"/}: no error, no warning" $? "$(printf '\n%s' "$(tail -40 "$work/lint.txt")")"
    finish
    exit
fi

# ---------------------------------------------------------------- the fake behind prism
server_bin=$1
fixture=$2
need "$prism"
[ -r "$doc" ]
check "the document is there" $? "$doc"
[ "$failed" -eq 0 ] || { finish; exit; }

tick() { read -r -t 0.1 <>"$work/tick"; } # a bounded 0.1 s pause

# A free loopback port for prism, known before the fake starts: the fake's image URLs
# (--public-base) go through prism too.
prism_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prism_url=http://127.0.0.1:$prism_port

# The fake, on a port of its own choosing; its "listening on" line says which.
mkfifo "$work/fake.out"
"$server_bin" --listen 127.0.0.1:0 --fixture "$fixture" --public-base "$prism_url/storage" \
    >"$work/fake.out" 2>"$work/fake.err" &
pids+=("$!")
exec {fake_fd}<"$work/fake.out"
fake_url=
if IFS= read -r -t 10 -u "$fake_fd" line; then
    case $line in "listening on http://"*) fake_url=${line#listening on } ;; esac
fi
[ -n "$fake_url" ]
check "the fake prints 'listening on http://HOST:PORT'" $? "got '${line:-nothing}' $(head -c 300 "$work/fake.err")"
[ "$failed" -eq 0 ] || { finish; exit; }

"$prism" proxy "$doc" "$fake_url" --errors --host 127.0.0.1 --port "$prism_port" \
    >"$work/prism.log" 2>&1 &
prism_pid=$!
pids+=("$prism_pid")
# Ready once it answers a control request (never journaled); at most 20 s.
code=
for ((i = 0; i < 200; i++)); do
    code=$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$prism_url/_fake/faults")
    [ "$code" = 200 ] && break
    kill -0 "$prism_pid" 2>/dev/null || break
    tick
done
[ "$code" = 200 ]
check "prism proxies $prism_url to $fake_url" $? "$(tail -5 "$work/prism.log")"
[ "$failed" -eq 0 ] || { finish; exit; }

# Adds the counts of a "N passed, M failed, K skipped" line to this script's.
add_counts() { # add_counts LINE
    if [[ $1 =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
        skipped=$((skipped + ${BASH_REMATCH[4]:-0}))
    fi
}

# ---------------------------------------------------------------- the fake's answers
if [ "$mode" = answers ]; then
    echo "---- tests/fake/standalone.sh through prism"
    COVERKIT_STANDALONE_VIA=$prism_url timeout 25 bash "$here/standalone.sh" "$server_bin" \
        "$fixture" | tee "$work/standalone.txt"
    rc=${PIPESTATUS[0]}
    echo "----"
    summary=$(tail -1 "$work/standalone.txt")
    check "standalone.sh through prism passes (exit status $rc)" "$([ "$rc" -eq 0 ] && echo 0 || echo 1)" \
        "$summary"
    add_counts "$summary"

    # Every exchange prism saw: refused requests, answers that break the document and statuses
    # it does not list all leave an error or a warning in its log.
    received=$(grep -c 'Request received' "$work/prism.log")
    forwarded=$(grep -c 'Forwarding "' "$work/prism.log")
    [ "$forwarded" -gt 0 ] && [ "$forwarded" -eq "$received" ]
    check "prism passed every request it received on to the fake ($forwarded of $received)" $?
    grep -E 'Violation|terminated with error|✖|⚠' "$work/prism.log" >"$work/violations"
    [ ! -s "$work/violations" ]
    check "prism's log shows no violation" $? "$(printf '\n%s' "$(head -40 "$work/violations")")"
    finish
    exit
fi

# ---------------------------------------------------------------- --replay
dir=$3
shopt -s nullglob
files=("$dir"/*.jsonl)
[ "${#files[@]}" -gt 0 ]
check "recorded client requests in $dir" $? "no *.jsonl there"
[ "$failed" -eq 0 ] || { finish; exit; }

# Each answer says what prism made of its request: a refusal or an error of its own comes as
# application/problem+json (the fake never sends that), and any violation it noted as a header.
timeout 120 python3 - "$prism_port" "${files[@]}" <<'PY' | tee "$work/replay.txt"
import http.client
import json
import sys
import urllib.parse

port = int(sys.argv[1])
STAND_IN = "bWFza2Vk"  # "masked", URL-safe base64: a well-formed token no app signed
DROP = {"host", "content-length", "connection", "keep-alive", "transfer-encoding", "te",
        "upgrade", "expect", "proxy-connection"}


def unmask_token(value, kind="NETLESSROOM_"):
    """A masked whiteboard token ("NETLESSROOM_***", "***") as a well-formed stand-in."""
    if value.startswith("NETLESS") and value.endswith("_***"):
        return value[:-3] + STAND_IN
    if value == "***":
        return kind + STAND_IN
    return value


def target_of(entry):
    parts = urllib.parse.urlsplit(entry["target"])
    path = parts.path
    segs = path.split("/")
    # /storage/{bucket}/{key}: the key's '/' as %2F, one path parameter in the document.
    if len(segs) > 4 and segs[1] == "storage":
        path = "/".join(segs[:3]) + "/" + "%2F".join(segs[3:])
    query = []
    for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        if value == "***":
            value = unmask_token(value) if key == "roomToken" else "masked"
        query.append((key, value))
    return path + ("?" + urllib.parse.urlencode(query) if query else "")


def headers_of(entry):
    out = {}
    for name, value in entry.get("headers", {}).items():
        if name in DROP:
            continue
        if name in ("token", "roomtoken"):
            value = unmask_token(value, "NETLESSSDK_" if name == "token" else "NETLESSROOM_")
        elif value.endswith("***"):
            value = value[:-3] + "masked"
        out[name] = value
    return out


passed = failed = skipped = 0
for path in sys.argv[2:]:
    name = path.rsplit("/", 1)[-1]
    seen = set()
    allowed = 0
    why_skipped = {}
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()]
    for number, line in enumerate(lines, 1):
        entry = json.loads(line)
        method = entry["method"]
        recorded = entry.get("status", 0)
        if entry.get("body_truncated") or (entry.get("body") is None and entry.get("body_bytes", 0) > 0):
            why_skipped["a body the journal did not keep whole"] = why_skipped.get(
                "a body the journal did not keep whole", 0) + 1
            continue
        target = target_of(entry)
        headers = headers_of(entry)
        body = entry.get("body")
        key = (method, target, body, tuple(sorted(headers.items())))
        if key in seen:
            continue
        seen.add(key)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request(method, target, body=body.encode() if body is not None else None,
                         headers=headers)
            res = conn.getresponse()
            answer = res.read()
        finally:
            conn.close()
        problem = res.getheader("content-type", "").startswith("application/problem+json")
        violations = res.getheader("sl-violations")
        refused = False
        detail = ""
        if problem:
            try:
                p = json.loads(answer)
            except ValueError:
                p = {}
            # 422, 404, 405...: the request refused; 500: prism's trouble with the answer (a
            # violation, or an answer it could not read).
            refused = res.status != 500
            detail = "%s %s %s" % (res.status, str(p.get("type", "")).rsplit("#", 1)[-1],
                                   json.dumps(p.get("validation", p.get("detail", "")))[:600])
        elif violations:
            detail = "violations: " + violations[:600]
        # Prism follows redirects itself, and cannot read a HEAD answer of a JSON error: for
        # those, only a refused request counts.
        lenient = recorded in (301, 302, 303, 307, 308) or method == "HEAD"
        if refused and recorded >= 400:
            # A request the fake refused too: the suites send some on purpose (a missing
            # token, a width of 0) to check the answer. The document need not allow them.
            why = "refused by the fake (%d) and by the document: sent wrong on purpose" % recorded
            why_skipped[why] = why_skipped.get(why, 0) + 1
            continue
        if refused or ((problem or violations) and not lenient):
            failed += 1
            print("FAIL %s:%d %s %s: %s" % (name, number, method, entry["target"][:200], detail))
        else:
            allowed += 1
    passed += allowed
    print("PASS %s: %d distinct requests of %d went through" % (name, allowed, len(lines)))
    for why, n in why_skipped.items():
        skipped += n
        print("SKIP %s: %d requests (%s)" % (name, n, why))
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
PY
rc=${PIPESTATUS[0]}
summary=$(tail -1 "$work/replay.txt")
[ "$rc" -eq 0 ] && [[ $summary =~ ^[0-9]+\ passed ]]
check "the replay ran to its end (exit status $rc)" $?
add_counts "$summary"
finish
exit
