#!/usr/bin/env bash
# coverkit-fake-server as a tool people pick up: --help (and the man page help2man makes of
# it), --verbose, what demo mode prints (and that it works as printed), the journal's filters
# and bodies, and PUT /_fake/fixture, driven by curl.
#
# usage: tests/fake/tool.sh PATH/TO/coverkit-fake-server
# Prints PASS/FAIL per check and "N passed, M failed"; exits non-zero on any failure.
set -u

server_bin=${1:?usage: tool.sh PATH/TO/coverkit-fake-server}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fixture=$here/../data/contract.json
room=faed3130727911ebaea37759ee91947c
# shellcheck source=lib.sh
. "$here/lib.sh"

# ---------------------------------------------------------------- --help and its man page
"$server_bin" --help >"$work/help" 2>"$work/help.err"
expect_eq "--help exits 0" 0 "$?"
head -1 "$work/help" | grep -q '^Usage: coverkit-fake-server '
check "--help starts with a Usage: line" $? "$(head -1 "$work/help")"
for word in docs/contract.md docs/fixture.schema.json --verbose /v5/rooms/UUID/screenshots \
    /handle/rooms/snapshots /api/v1/token /_fake/reset /_fake/requests /_fake/clock \
    /_fake/fixture /_fake/faults; do
    grep -qF -- "$word" "$work/help"
    check "--help names $word" $?
done
if command -v help2man >/dev/null; then
    help2man --no-info --name="a fake of the whiteboard, cover and SMH services for tests" \
        "$server_bin" >"$work/fake.1" 2>"$work/h2m.err"
    expect_eq "help2man makes a man page of --help" 0 "$?"
    grep -q '^\.SH OPTIONS' "$work/fake.1" && grep -qF -- '\-\-verbose' "$work/fake.1" &&
        grep -q 'Control endpoints' "$work/fake.1"
    check "the man page has OPTIONS, --verbose and the control endpoints" $? \
        "$(grep -E '^\.(SH|SS)' "$work/fake.1" | paste -sd' ')"
    MANWIDTH=100 man --warnings -l "$work/fake.1" >"$work/man.txt" 2>"$work/man.err"
    [ -s "$work/man.txt" ] && [ ! -s "$work/man.err" ]
    check "man renders it without warnings" $? "$(head -3 "$work/man.err")"
else
    echo "SKIP help2man: not installed"
fi

# ---------------------------------------------------------------- --verbose
if start_server verbose --listen 127.0.0.1:0 --fixture "$fixture" --verbose; then
    url=$srv_url
    id=$(c -D - -o /dev/null "$url/nowhere" | tr -d '\r' | sed -n 's/^x-request-id: //Ip')
    c -o /dev/null -X POST -H 'Content-Type: application/json' --data '{"width":1,"height":1}' \
        "$url/handle/rooms/single-snapshot?roomToken=NETLESSROOM_s3cr3t-value"
    c -o /dev/null -X POST "$url/_fake/reset"
    stop_server verbose TERM
    grep -qE "^GET /nowhere 404 $id [0-9]+\.[0-9] ms$" "$srv_err"
    check "--verbose: one line: method, target, status, request id, duration" $? \
        "id $id; stderr: $(head -3 "$srv_err")"
    grep -qF 'POST /handle/rooms/single-snapshot?roomToken=*** 401' "$srv_err"
    check "--verbose: a token in the query is masked" $? "$(grep single "$srv_err")"
    ! grep -q 's3cr3t' "$srv_err"
    check "--verbose: no secret on stderr" $?
    grep -q '^POST /_fake/reset 200 ' "$srv_err"
    check "--verbose: control endpoints are logged too" $?
fi

# ---------------------------------------------------------------- demo mode
if start_server demo --listen 127.0.0.1:0; then
    url=$srv_url
    token=$(sed -n 's/^demo SDK token (admin, never expires): //p' "$srv_err")
    case $token in NETLESSSDK_*) r=0 ;; *) r=1 ;; esac
    check "demo: prints a ready SDK token" $r "$(cat "$srv_err")"
    grep -q '^demo room: uuid=[0-9a-f]\{32\} region=cn-hz' "$srv_err" &&
        grep -q '^  scene /physics/newtonian-mechanics$' "$srv_err"
    check "demo: prints the room and its scenes" $?
    grep -q '^demo SMH library: library_id=demo-library library_secret=demo-secret' "$srv_err" &&
        grep -q '^  album demo-album: 2 media$' "$srv_err"
    check "demo: prints the SMH library and its album" $?
    # The commands it prints work as printed.
    sed -n 's/^  curl -X POST /curl -s -X POST /p' "$srv_err" >"$work/shot.sh"
    bash "$work/shot.sh" >"$work/b"
    grep -q '"url":"'"$url"'/storage/white-cover/room_cover/demo/' "$work/b"
    check "demo: the printed screenshot command answers an image object" $? "$(cat "$work/b")"
    c -o "$work/b" "$(sed -n "s/^  curl '\(.*\/api\/v1\/token.*\)'$/\1/p" "$srv_err")"
    access=$(grep -o '"accessToken":"[0-9a-f]*"' "$work/b" | sed 's/.*:"//; s/"$//')
    [ -n "$access" ]
    check "demo: the printed SMH token command answers an access token" $? "$(cat "$work/b")"
    cover=$(sed -n "s/^  curl -L -o cover.png '\(.*\)'$/\1/p" "$srv_err")
    c -L -o "$work/cover.png" -w '%{http_code}' "${cover/ACCESS_TOKEN/$access}" >"$work/code"
    expect_eq "demo: the printed cover command gets the cover" 200 "$(cat "$work/code")"
    expect_eq "demo: the cover is a 256 x 256 PNG" "00000100 00000100" \
        "$(od -An -tx1 -j16 -N8 "$work/cover.png" | tr -d ' \n' | sed 's/^\(.\{8\}\)/\1 /')"
    stop_server demo INT
fi

# ---------------------------------------------------------------- the journal, filtered
if start_server journal --listen 127.0.0.1:0 --fixture "$fixture"; then
    url=$srv_url
    c -o /dev/null -X POST -H 'Content-Type: application/json' \
        --data '{"accessKey":"myAK","secretAccessKey":"mySK","lifespan":0,"role":"admin"}' \
        "$url/v5/tokens/teams"
    c -o /dev/null "$url/nowhere"
    c -o /dev/null -X POST -H 'Content-Type: application/json' -H 'token: NETLESSSDK_bad' \
        --data '{"width":8,"height":8}' "$url/v5/rooms/$room/screenshots"
    c -o "$work/b" "$url/_fake/requests?method=post&status=201"
    expect_eq "journal: ?method=post&status=201 lists the one token request" 1 \
        "$(grep -o '"request_id"' "$work/b" | wc -l)"
    grep -qF '"body":"{\"accessKey\":\"myAK\",\"secretAccessKey\":\"***\",' "$work/b"
    check "journal: the body is there, its secret masked" $? "$(cat "$work/b")"
    ! grep -q 'mySK' "$work/b"
    check "journal: the secret key is nowhere" $?
    c -o "$work/b" "$url/_fake/requests?status=4xx&path=/v5/"
    grep -q '"status":401' "$work/b" && ! grep -q '"/nowhere"' "$work/b" &&
        grep -qF '"token":"NETLESSSDK_***"' "$work/b"
    check "journal: ?status=4xx&path=/v5/ gives the 401, its token header masked" $? \
        "$(cat "$work/b")"
    code=$(c -o "$work/b" -w '%{http_code}' "$url/_fake/requests?status=4x")
    expect_eq "journal: a bad filter -> 400" 400 "$code"
    grep -q '"message":"status must be' "$work/b"
    check "journal: the 400 says what status takes" $? "$(cat "$work/b")"

    # ------------------------------------------------------------ PUT /_fake/fixture
    printf '%s' '{"apps":[{"ak":"putAK","sk":"putSK","team":"9","app":"p"}],
        "rooms":[{"uuid":"0000000000000000000000000000beef","ak":"putAK","scenes":["/init"]}]}' \
        >"$work/put.json"
    code=$(c -o "$work/b" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
        --data-binary @"$work/put.json" "$url/_fake/fixture")
    expect_eq "PUT /_fake/fixture -> 200" 200 "$code"
    expect_eq "PUT /_fake/fixture answers what it put in place" \
        '{"apps":1,"rooms":1,"libraries":0,"faults":0}' "$(cat "$work/b")"
    code=$(c -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data '{"accessKey":"putAK","secretAccessKey":"putSK","lifespan":0,"role":"admin"}' \
        "$url/v5/tokens/teams")
    expect_eq "the new fixture's app gets a token" 201 "$code"
    code=$(c -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data '{"accessKey":"myAK","secretAccessKey":"mySK","lifespan":0,"role":"admin"}' \
        "$url/v5/tokens/teams")
    expect_eq "the old fixture's app is gone" 401 "$code"
    c -o "$work/b" "$url/_fake/requests"
    expect_eq "the journal started over with the new fixture" 2 \
        "$(grep -o '"request_id"' "$work/b" | wc -l)"
    code=$(c -o "$work/b" -w '%{http_code}' -X PUT --data '{"apps":[{"ak":"x"}]}' "$url/_fake/fixture")
    expect_eq "PUT /_fake/fixture with a bad fixture -> 400" 400 "$code"
    grep -q '"message":"bad fixture: apps\[0\]' "$work/b"
    check "the 400 names the field, as --fixture would" $? "$(cat "$work/b")"
    # The contract fixture again, whose pictures are named relative to its folder.
    code=$(c -o "$work/b" -w '%{http_code}' -X PUT --data-binary @"$fixture" "$url/_fake/fixture")
    expect_eq "PUT /_fake/fixture with the contract fixture -> 200" 200 "$code"
    stop_server journal TERM
fi

finish
