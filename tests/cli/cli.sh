#!/bin/bash
# The coverkit command-line program against coverkit-fake-server on loopback: every command, its
# output, the files it writes and its exit codes; a usage error, a service error, an interrupted
# download leaving no file; and no secret in anything it prints.
#
#   bash tests/cli/cli.sh COVERKIT FAKE_SERVER FIXTURE
set -u
cli=$1
server_bin=$2
fixture=$3
source "$(dirname "$0")/../fake/lib.sh"

room=faed3130727911ebaea37759ee91947c
sk=mySK
library_secret=s3cret

start_server cli --listen 127.0.0.1:0 --fixture "$fixture" || { finish; exit 1; }
export COVERKIT_BASE_URL=$srv_url COVERKIT_AK=myAK COVERKIT_SK=$sk

# Runs the program; sets out, err (file contents) and rc. Everything it printed is kept in
# $work/all for the secrets check at the end.
run() {
    "$cli" "$@" >"$work/out" 2>"$work/err"
    rc=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
    cat "$work/out" "$work/err" >>"$work/all"
}

has() { [[ $1 == *"$2"* ]]; }

# --- tokens, signed locally ---
run token sdk --role writer
check "token sdk: exit 0 and a NETLESSSDK_ token" $([[ $rc == 0 && $out == NETLESSSDK_* ]]; echo $?) "$rc $out $err"
sdk=$out
run token room --uuid "$room" --role writer --lifespan 3600000
check "token room: NETLESSROOM_" $([[ $rc == 0 && $out == NETLESSROOM_* ]]; echo $?) "$out $err"
room_token=$out
run token task --uuid task-1 --role admin --json
check "token task --json: {\"token\":\"NETLESSTASK_...\"}" $([[ $rc == 0 && $out == '{"token":"NETLESSTASK_'* ]]; echo $?) "$out"
run token sdk --role nobody
check "token sdk --role nobody: usage error, exit 2, one line" $([[ $rc == 2 && $(wc -l <"$work/err") == 1 ]] && has "$err" "--role"; echo $?) "$rc $err"
export COVERKIT_TOKEN=$sdk

# --- screenshots ---
run screenshot "$room" --size 320x240 --path /english
check "screenshot: the picture's URL" $([[ $rc == 0 && $out == "$srv_url"/*english.png ]]; echo $?) "$out $err"
run screenshot "$room" --size 320x240 --path /english -o "$work/english.png"
check "screenshot -o: a PNG written" $([[ $rc == 0 && $(head -c 4 "$work/english.png" | tail -c 3) == PNG ]]; echo $?) "$out $err"
run screenshot "$room" --size 320x240 --json
check "screenshot --json: url, key, bucket, region" $([[ $rc == 0 && $out == '{"url":'*'"key":'*'"bucket":'*'"region":'* ]]; echo $?) "$out"
run screenshot-list "$room" --size 160x120 --path /test -o "$work/list" --jobs 2
files=$(ls "$work/list" 2>/dev/null | tr '\n' ' ')
check "screenshot-list -o --jobs 2: every picture of /test written" $([[ $rc == 0 && $files == "cover.png page1.png page2.png " ]]; echo $?) "$files $out $err"
check "screenshot-list -o: a line per file (no terminal)" $([[ $(grep -c '^wrote ' "$work/out") == 3 ]]; echo $?) "$out"
run screenshot-list "$room" --size 160x120 --path /test
check "screenshot-list: three URLs" $([[ $rc == 0 && $(wc -l <"$work/out") == 3 ]]; echo $?) "$out"

# --- a service error, a usage error ---
run screenshot "$room" --size 320x240 --path /no/such/scene
check "a service error: exit 1, one line with status, message and request id" \
    $([[ $rc == 1 && $(wc -l <"$work/err") == 1 ]] && has "$err" "HTTP 404" && has "$err" "request id" && has "$err" "not found"; echo $?) "$rc $err"
run screenshot "$room" --size 320by240
check "a usage error: exit 2, one line" $([[ $rc == 2 && $(wc -l <"$work/err") == 1 ]] && has "$err" "--size"; echo $?) "$rc $err"
run screenshot "$room" --size 0x9000 --path bad
check "input the library refuses: exit 2, every problem on one line" \
    $([[ $rc == 2 && $(wc -l <"$work/err") == 1 ]] && has "$err" "width" && has "$err" "height" && has "$err" "scene path"; echo $?) "$rc $err"
run screenshot
check "a missing argument: exit 2" $([[ $rc == 2 ]]; echo $?) "$rc $err"
run --no-such-option
check "an unknown option: exit 2" $([[ $rc == 2 ]]; echo $?) "$rc $err"

# --- rooms and scenes ---
run room create --name "cli room" --json
check "room create --json" $([[ $rc == 0 && $out == *'"name":"cli room"'* ]]; echo $?) "$out $err"
new_room=$(sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p' <<<"$out")
run rooms
check "rooms: every room, the new one too" $([[ $rc == 0 ]] && grep -qx "$new_room" "$work/out" && grep -qx "$room" "$work/out"; echo $?) "$out $err"
run rooms --page-size 1 --json
check "rooms --page-size 1: every page walked" $([[ $rc == 0 && $out == *"$new_room"* && $out == *"$room"* ]]; echo $?) "$err"
run scenes add "$new_room" --path /deck one two
check "scenes add" $([[ $rc == 0 ]]; echo $?) "$out $err"
run scenes "$new_room" --dir /deck
check "scenes --dir: the two added" $([[ $rc == 0 && $out == $'/deck/one\n/deck/two' ]]; echo $?) "$out $err"
run scene switch "$new_room" /deck/two
check "scene switch" $([[ $rc == 0 && $out == /deck/two ]]; echo $?) "$out $err"

# --- legacy ---
run --token "$room_token" legacy cover "$room" --size 64x48 --path /english
check "legacy cover (ROOM token)" $([[ $rc == 0 && $out == *english.png ]]; echo $?) "$out $err"
run --token "$room_token" legacy covers "$room" --size 64x48 --path /test --per-page 2
check "legacy covers: one page" $([[ $rc == 0 && $(wc -l <"$work/out") == 2 ]]; echo $?) "$out $err"
run --token "$room_token" legacy covers "$room" --size 64x48 --path /test --per-page 2 --all
check "legacy covers --all: every page" $([[ $rc == 0 && $(wc -l <"$work/out") == 3 ]]; echo $?) "$out $err"

# --- SMH album cover ---
run album-cover smhlib --album trip --size 64 --library-secret "$library_secret"
check "album-cover: the cover's location" $([[ $rc == 0 && $out == http* ]]; echo $?) "$out $err"
run album-cover smhlib --album trip --size 64 --library-secret "$library_secret" -o "$work/cover.png"
check "album-cover -o: the picture written" $([[ $rc == 0 && -s "$work/cover.png" ]]; echo $?) "$out $err"
run album-cover smhlib --album trip
check "album-cover without a token: exit 1" $([[ $rc == 1 ]]; echo $?) "$rc $err"

# --- a download cut off by a scripted fault leaves no file ---
c -X POST "$srv_url/_fake/faults" -d '{"operation":"storage.get","action":"partial","times":1}' >/dev/null
run screenshot "$room" --size 320x240 --path /english -o "$work/cut.png"
check "an interrupted download: exit 1, no file, no temporary" \
    $([[ $rc == 1 && ! -e "$work/cut.png" && -z $(ls -A "$work" | grep coverkit-) ]]; echo $?) "$rc $err $(ls -A "$work")"
c -X POST "$srv_url/_fake/faults" -d '{"operation":"storage.get","action":"partial","times":1}' >/dev/null
run --retries 2 screenshot "$room" --size 320x240 --path /english -o "$work/retried.png"
check "--retries 2: the cut download retried and written" $([[ $rc == 0 && -s "$work/retried.png" ]]; echo $?) "$rc $err"

# --- --timeout: a server that never answers ---
c -X POST "$srv_url/_fake/faults" -d '{"operation":"whiteboard.screenshots","action":"never","times":1}' >/dev/null
started=$(date +%s)
run --timeout 1 screenshot "$room" --size 32x24
took=$(($(date +%s) - started))
check "--timeout 1: a silent server fails the call within a few seconds, exit 1" \
    $([[ $rc == 1 && $took -le 5 ]] && has "$err" "whiteboard.screenshots"; echo $?) "$rc ${took}s $err"
run --timeout 0 rooms
check "--timeout 0: usage error" $([[ $rc == 2 ]]; echo $?) "$rc $err"

# --- the progress line on a terminal (script(1) gives the program one) ---
if command -v script >/dev/null; then
    script -qec "$cli screenshot-list $room --size 64x48 --path /test -o $work/tty" /dev/null \
        >"$work/tty.out" 2>&1
    rc=$?
    check "on a terminal: a progress line with count, bytes and rate, no per-file lines" \
        $([[ $rc == 0 ]] && grep -q "3/3 .*KiB .*KiB/s" "$work/tty.out" && ! grep -q "^wrote" "$work/tty.out"; echo $?) "$(cat -A "$work/tty.out" | head -3)"
else
    skip "progress line on a terminal" "no script(1)"
fi

# --- --verbose, --help, --version, completion ---
run --verbose screenshot "$room" --size 32x24
check "--verbose: each exchange on stderr" $([[ $rc == 0 ]] && has "$err" "> POST $srv_url/v5/rooms/$room/screenshots -> 201"; echo $?) "$err"
run --help
check "--help: exit 0, the commands listed" $([[ $rc == 0 ]] && has "$out" "screenshot-list" && has "$out" "album-cover"; echo $?) "$rc"
run legacy covers --help
check "--help of a sub-command" $([[ $rc == 0 ]] && has "$out" "--all"; echo $?) "$rc"
run --version
check "--version" $([[ $rc == 0 && $out == "coverkit "[0-9]* ]]; echo $?) "$out"
completion=$(bash -c "source '$(dirname "$0")/../../cli/coverkit.bash'; COMP_WORDS=(coverkit scr); COMP_CWORD=1; _coverkit; echo \${COMPREPLY[*]}")
check "bash completion: commands" $([[ $completion == "screenshot screenshot-list" ]]; echo $?) "$completion"

# --- the README's examples, as they stand ---
readme=$(dirname "$0")/../../README.md
block=$(awk '/^<!-- cli-examples -->$/ {on = 1; next} on && /^```sh$/ {inside = 1; next}
             inside && /^```$/ {exit} inside {print}' "$readme")
mkdir -p "$work/readme/bin"
ln -s "$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")" "$work/readme/bin/coverkit"
failed_line=$(cd "$work/readme" && PATH="$work/readme/bin:$PATH" bash -c '
    while IFS= read -r line; do
        eval "$line" >>"'"$work"'/all" 2>&1 || { echo "$line"; exit 1; }
    done' <<<"$block")
check "the README's examples run, every line to exit 0 ($(wc -l <<<"$block") lines)" \
    $([[ -n $block && -z $failed_line && -s "$work/readme/english.png" && -s "$work/readme/cover.png" && $(ls "$work/readme/pictures" | wc -l) == 3 ]]; echo $?) "$failed_line"

# --- no secret in anything printed ---
leaked=0
for secret in "$sk" "$library_secret"; do
    grep -q -- "$secret" "$work/all" && leaked=1
done
# Tokens appear only where asked for (the token commands' own output), never in errors or logs.
grep -v '^NETLESS\|^{"token"' "$work/all" | grep -q -- "$sdk" && leaked=1
check "no secret key, library secret or token in errors and logs" $leaked

stop_server cli TERM
finish
