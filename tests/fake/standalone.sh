#!/usr/bin/env bash
# Contract test of the standalone coverkit-fake-server, driven by curl.
#
# usage: tests/fake/standalone.sh PATH/TO/coverkit-fake-server [FIXTURE]
# FIXTURE defaults to tests/data/contract.json next to this script.
# Prints PASS/FAIL per check and "N passed, M failed"; exits non-zero on any failure.
#
# Proxied mode (tests/fake/openapi.sh): with COVERKIT_STANDALONE_VIA=URL, the checks of the
# contract fixture's section send their requests to URL, a validating proxy of docs/openapi.yaml
# in front of a fake the caller started with FIXTURE and `--public-base URL/storage`; no server
# is started here. Checks that send what the document does not allow, open raw sockets to the
# listener or time the listener are skipped ("SKIP name (why)"), and so are the sections that
# start servers of their own or run the program.
set -u

server_bin=${1:?usage: standalone.sh PATH/TO/coverkit-fake-server [FIXTURE]}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fixture=${2:-$here/../data/contract.json}
room=faed3130727911ebaea37759ee91947c

# shellcheck source=lib.sh
. "$here/lib.sh"
via=${COVERKIT_STANDALONE_VIA:-}
# A whiteboard token of the documented form that no app signed ("not-a-token"): where the fake
# is asked without a token, proxied requests carry this one (docs/openapi.yaml requires the
# header); the fake answers both alike, 401 "invalid format of token".
no_token=()
[ -z "$via" ] || no_token=(-H 'token: NETLESSSDK_bm90LWEtdG9rZW4')

# A screenshot with $token through the curl function $1 (checks labelled with the prefix $2):
# 201, an image url starting with $3 (left in $img), and that url serving a 64 x 48 PNG.
screenshot_and_image() {
    local curl_fn=$1 label=$2 prefix=$3
    $curl_fn -o "$work/b" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "token: $token" --data '{"width":64,"height":48,"path":"/test/cover"}' \
        "$url/v5/rooms/$room/screenshots" >"$work/code"
    expect_eq "${label}screenshot with token -> 201" 201 "$(cat "$work/code")"
    img=$(grep -o '"url":"[^"]*"' "$work/b" | head -1 | sed 's/^"url":"//; s/"$//')
    case $img in "$prefix"*) r=0 ;; *) r=1 ;; esac
    check "${label}image url starts with $prefix" $r "$img"
    [ -n "$img" ] || return 0
    local get=$img rest name
    if [ -n "$via" ]; then
        # The key is one path parameter in docs/openapi.yaml: its '/' go as %2F, which the
        # fake reads alike.
        rest=${img#"$prefix"}
        get=$prefix${rest%%/*}/$(printf '%s' "${rest#*/}" | sed 's|/|%2F|g')
        label="${label}proxied, the key's / as %2F: "
    fi
    $curl_fn -D "$work/h" -o "$work/png" -w '%{http_code}' "$get" >"$work/code"
    expect_eq "${label}GET image url -> 200" 200 "$(cat "$work/code")"
    grep -qi '^content-type: image/png' "$work/h"
    check "${label}image is served as image/png" $?
    if [ -n "$via" ]; then
        # stoplightio/prism#1321: the proxy passes a body on as text, so binary bytes change.
        for name in "image Content-Length is its size" "image bytes are a PNG" "image is 64 x 48"; do
            skip "$label$name" "the proxy re-encodes binary bodies as text"
        done
    else
        grep -qi "^content-length: $(wc -c <"$work/png")"$'\r'"\$" "$work/h"
        check "${label}image Content-Length is its size" $? "$(grep -i content-length "$work/h")"
        [ "$(head -c 4 "$work/png" | od -An -tx1 | tr -d ' \n')" = 89504e47 ]
        check "${label}image bytes are a PNG" $?
        # The IHDR chunk: width and height as 32-bit big-endian numbers at bytes 16 and 20.
        expect_eq "${label}image is 64 x 48" "00000040 00000030" \
            "$(od -An -tx1 -j16 -N8 "$work/png" | tr -d ' \n' | sed 's/^\(.\{8\}\)/\1 /')"
    fi
    $curl_fn -o /dev/null -w '%{http_code}' "${get%.png}-absent.png" >"$work/code"
    expect_eq "${label}GET absent object -> 404" 404 "$(cat "$work/code")"
}

# A legacy cover API call: POST $url/handle/rooms/$1 with the JSON body $2 and the
# further curl arguments; the status in $work/code, the body in $work/b.
legacy() { # legacy ENDPOINT[?QUERY] BODY [CURL-ARGS...]
    local target=$1 body=$2
    shift 2
    c -o "$work/b" -w '%{http_code}' -X POST -H 'Content-Type: application/json' "$@" \
        --data "$body" "$url/handle/rooms/$target" >"$work/code"
}

# Runs the program expecting a usage failure: exit 2, nothing on stdout, one stderr line.
expect_exit2() {
    local name=$1
    shift
    timeout 10 "$server_bin" "$@" >"$work/x.out" 2>"$work/x.err"
    local rc=$? lines
    lines=$(wc -l <"$work/x.err")
    expect_eq "$name: exit status 2" 2 "$rc"
    expect_eq "$name: exactly one line on stderr" 1 "$lines"
    [ ! -s "$work/x.out" ]
    check "$name: nothing on stdout" $? "$(cat "$work/x.out")"
    last_err=$(cat "$work/x.err")
}

# A whiteboard token in the documented format, no expiry, for values that need no escaping (JSON or URL):
# the HMAC of the fields as sorted compact JSON, then the sorted query with sig, base64url
# without padding.
make_token() { # make_token PREFIX SK KEY=VALUE...
    local prefix=$1 sk=$2 fields json= kv sig
    shift 2
    fields=$(printf '%s\n' "$@" | LC_ALL=C sort)
    while IFS= read -r kv; do
        json+=${json:+,}$(printf '"%s":"%s"' "${kv%%=*}" "${kv#*=}")
    done <<<"$fields"
    sig=$(printf '{%s}' "$json" | openssl dgst -sha256 -hmac "$sk" | sed 's/^.*= //')
    printf '%s%s' "$prefix" "$(printf '%s\nsig=%s\n' "$fields" "$sig" | LC_ALL=C sort |
        paste -sd '&' | tr -d '\n' | base64 -w0 | tr '+/' '-_' | tr -d '=')"
}

token_nonce=standalone-test-nonce

# An SDK token: ak, nonce, role.
make_sdk_token() { # make_sdk_token AK SK ROLE
    make_token NETLESSSDK_ "$2" "ak=$1" "nonce=$token_nonce" "role=$3"
}

# A ROOM token: ak, nonce, role, uuid.
make_room_token() { # make_room_token AK SK ROLE UUID
    make_token NETLESSROOM_ "$2" "ak=$1" "nonce=$token_nonce" "role=$3" "uuid=$4"
}

# ---------------------------------------------------------------- with the contract fixture
if [ -n "$via" ]; then # proxied: the caller's proxy stands for the server
    srv_url=$via
    serving=0
else
    start_server fixture --listen 127.0.0.1:0 --fixture "$fixture"
    serving=$?
fi
if [ "$serving" -eq 0 ]; then
    url=$srv_url
    port=${url##*:}

    code=$(c -o /dev/null -w '%{http_code}' -X POST "$url/_fake/reset")
    expect_eq "POST /_fake/reset -> 200" 200 "$code"

    c -D "$work/h" -o "$work/b" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        "${no_token[@]}" --data '{"width":64,"height":48}' "$url/v5/rooms/$room/screenshots" \
        >"$work/code"
    expect_eq "screenshot without token${via:+ (proxied: an unsigned one)} -> 401" 401 "$(cat "$work/code")"
    grep -qi '^x-request-id: .' "$work/h"
    check "401 answer carries x-request-id" $?
    grep -q '"invalid format of token"' "$work/b"
    check "401 body names 'invalid format of token'" $? "$(cat "$work/b")"

    c -o "$work/journal" "$url/_fake/requests"
    grep -q "\"target\":\"/v5/rooms/$room/screenshots\",\"status\":401" "$work/journal"
    check "GET /_fake/requests lists the 401 screenshot" $? "$(head -c 300 "$work/journal")"
    ! grep -q '_fake' "$work/journal"
    check "journal leaves out control endpoints" $?

    code=$(c -o "$work/b" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
        --data '{"now_ms":1700000000000}' "$url/_fake/clock")
    expect_eq "PUT /_fake/clock -> 200" 200 "$code"

    if [ -n "$via" ]; then
        skip "GET /nowhere -> 404" "not allowed by docs/openapi.yaml: no such path"
        skip "GET /v5/rooms/x/screenshots -> 405" "not allowed by docs/openapi.yaml: no such operation"
    else
        code=$(c -o /dev/null -w '%{http_code}' "$url/nowhere")
        expect_eq "GET /nowhere -> 404" 404 "$code"

        code=$(c -o /dev/null -w '%{http_code}' "$url/v5/rooms/x/screenshots")
        expect_eq "GET /v5/rooms/x/screenshots -> 405" 405 "$code"
    fi

    if [ -n "$via" ]; then
        # The same size as a JSON body the document allows, which the proxy passes on whole.
        { printf '{"width":64,"height":48,"pad":"'
          head -c $((1024 * 1024 + 1 - 33)) /dev/zero | tr '\0' 'a'
          printf '"}'; } >"$work/big.json"
        code=$(c -o "$work/b" -w '%{http_code}' -X POST -H 'Expect:' \
            -H 'Content-Type: application/json' "${no_token[@]}" --data-binary @"$work/big.json" \
            "$url/v5/rooms/$room/screenshots")
        expect_eq "proxied: JSON body of 1 MiB + 1 -> 413 (the fake's answer)" 413 "$code"
        for name in "Expect: 100-continue honoured (413 without a stall)" \
            "body of 4 MiB -> 413 (the listener's answer)" \
            "keep-alive: two requests reuse one connection" "malformed request -> 400 and close"; do
            skip "$name" "the listener's own behaviour, out of the proxy's sight"
        done
    else
        head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$work/big"
        code=$(c -o "$work/b" -w '%{http_code}' -X POST -H 'Expect:' --data-binary @"$work/big" \
            "$url/v5/rooms/$room/screenshots")
        expect_eq "body of 1 MiB + 1 -> 413 (the fake's answer)" 413 "$code"
        # curl sends Expect: 100-continue for a large body; the listener answers it, no 1 s stall.
        t=$(c -o /dev/null -w '%{http_code} %{time_total}' -X POST --data-binary @"$work/big" \
            "$url/v5/rooms/$room/screenshots")
        [ "${t%% *}" = 413 ] && awk -v t="${t#* }" 'BEGIN { exit !(t < 0.9) }'
        check "Expect: 100-continue honoured (413 without a stall)" $? "$t"
        head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$work/huge"
        code=$(c -o "$work/b" -w '%{http_code}' -X POST -H 'Expect:' --data-binary @"$work/huge" \
            "$url/v5/rooms/$room/screenshots")
        expect_eq "body of 4 MiB -> 413 (the listener's answer)" 413 "$code"

        c -v -o /dev/null "$url/nowhere" -o /dev/null "$url/_fake/requests" 2>"$work/v"
        grep -qi 're-using existing connection' "$work/v"
        check "keep-alive: two requests reuse one connection" $?

        # Malformed HTTP: 400, then the connection closes.
        resp=$(timeout 5 bash -c 'exec 4<>/dev/tcp/127.0.0.1/$1; printf "GARBAGE\r\n\r\n" >&4; cat <&4' _ "$port")
        case $resp in "HTTP/1.1 400 "*) r=0 ;; *) r=1 ;; esac
        check "malformed request -> 400 and close" $r "$(printf '%s' "$resp" | head -1)"
    fi

    # A real token from the API itself (POST /v5/tokens/teams needs none).
    token=$(c -X POST -H 'Content-Type: application/json' \
        --data '{"accessKey":"myAK","secretAccessKey":"mySK","lifespan":0,"role":"admin"}' \
        "$url/v5/tokens/teams" | tr -d '"')
    case $token in NETLESSSDK_*) r=0 ;; *) r=1 ;; esac
    check "POST /v5/tokens/teams gives an SDK token" $r "answered: $token"
    # Without one, sign one here so the checks below still run: admin, never expires.
    [ $r -eq 0 ] || token=$(make_sdk_token myAK mySK 0)

    screenshot_and_image c "" "$url/storage/"

    if [ -n "$via" ]; then
        skip "HEAD image url: headers only, no body" "a raw socket to the listener"
    elif [ -n "$img" ]; then
        # HEAD: the Content-Length of the body, and no body on the wire (even for a 404,
        # whose body the handler leaves out).
        path=/${img#http://*/}
        resp=$(timeout 5 bash -c 'exec 4<>/dev/tcp/127.0.0.1/$1
            printf "HEAD %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$2" "$1" >&4
            cat <&4 | od -An -c' _ "$port" "$path" | tr -d ' \n')
        case $resp in *'\r\n\r\n') r=0 ;; *) r=1 ;; esac
        check "HEAD image url: headers only, no body" $r "$(printf '%s' "$resp" | tail -c 60)"
    fi

    # Rooms: the team token creates a room, which holds /init and can be shot.
    v5() { # v5 METHOD PATH [BODY] [TOKEN]: status in $work/code, body in $work/b
        c -o "$work/b" -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
            -H "token: ${4:-$token}" ${3:+--data "$3"} "$url$2" >"$work/code"
    }
    v5 POST /v5/rooms '{"name":"standalone"}'
    expect_eq "POST /v5/rooms with the team token -> 201" 201 "$(cat "$work/code")"
    new_room=$(grep -o '"uuid":"[^"]*"' "$work/b" | sed 's/^"uuid":"//; s/"$//')
    [[ $new_room =~ ^[0-9a-f]{32}$ ]]
    check "the new room's uuid is 32 lowercase hex characters" $? "$(cat "$work/b")"
    v5 POST "/v5/rooms/$new_room/screenshots" '{"width":64,"height":48}'
    expect_eq "screenshot in the new room -> 201" 201 "$(cat "$work/code")"
    grep -qF "\"key\":\"room_cover/2811/$new_room/init.png\"" "$work/b"
    check "the new room's screenshot is of /init" $? "$(cat "$work/b")"
    v5 GET "/v5/rooms?limit=1000"
    grep -qF "\"uuid\":\"$new_room\"" "$work/b"
    check "GET /v5/rooms lists the new room" $? "$(head -c 300 "$work/b")"

    # A ROOM token from the API works in its room.
    v5 POST "/v5/tokens/rooms/$new_room" '{"lifespan":0,"role":"writer"}'
    expect_eq "POST /v5/tokens/rooms/{uuid} -> 201" 201 "$(cat "$work/code")"
    api_room_token=$(tr -d '"' <"$work/b")
    v5 POST "/v5/rooms/$new_room/screenshots" '{"width":8,"height":8}' "$api_room_token"
    expect_eq "screenshot with the API's ROOM token -> 201" 201 "$(cat "$work/code")"

    # A reset drops the rooms the API created.
    code=$(c -o /dev/null -w '%{http_code}' -X POST "$url/_fake/reset")
    expect_eq "POST /_fake/reset after creating a room -> 200" 200 "$code"
    v5 GET "/v5/rooms/$new_room"
    expect_eq "the created room is gone after a reset -> 404" 404 "$(cat "$work/code")"

    # The legacy cover API: a ROOM token in the roomToken header or query parameter,
    # answers in the {code, msg} envelope.
    room_token=$(make_room_token myAK mySK 1 "$room")
    legacy single-snapshot "{\"width\":64,\"height\":48,\"uuid\":\"$room\"}" \
        -H "roomToken: $room_token"
    expect_eq "legacy: single-snapshot with a roomToken header -> 200" 200 "$(cat "$work/code")"
    grep -q '"code":200' "$work/b"
    check "legacy: single-snapshot body has \"code\":200" $? "$(cat "$work/b")"
    legacy_img=$(grep -o '"url":"[^"]*"' "$work/b" | head -1 | sed 's/^"url":"//; s/"$//')
    case $legacy_img in "$url/storage/"*) r=0 ;; *) r=1 ;; esac
    check "legacy: image url under $url/storage/" $r "$legacy_img"

    legacy "snapshots?roomToken=$room_token" \
        "{\"width\":64,\"height\":48,\"uuid\":\"$room\",\"scenePath\":\"/test\"}"
    expect_eq "legacy: snapshots with a roomToken query parameter -> 200" 200 "$(cat "$work/code")"
    grep -q '"code":200' "$work/b" && grep -q '"msg":\[{' "$work/b"
    check "legacy: snapshots body has \"code\":200 and a list of images" $? "$(cat "$work/b")"

    legacy single-snapshot "{\"width\":64,\"height\":48,\"uuid\":\"$room\"}" \
        -H "roomToken: $(make_sdk_token myAK mySK 0)"
    expect_eq "legacy: an SDK token -> 403" 403 "$(cat "$work/code")"
    grep -q '"code":403' "$work/b"
    check "legacy: 403 body has \"code\":403" $? "$(cat "$work/b")"

    c -o "$work/journal" "$url/_fake/requests"
    grep -qF '"target":"/handle/rooms/snapshots?roomToken=***","status":200' "$work/journal"
    check "legacy: the journal shows the query token masked (roomToken=***)" $? \
        "$(grep -o '"target":"/handle/[^"]*"' "$work/journal")"
    ! grep -qF "${room_token: -24}" "$work/journal"
    check "legacy: the journal does not hold the ROOM token" $?

    # Tencent SMH: an access token, a 302 cover, and an error in SMH's body.
    c -o "$work/b" -w '%{http_code}' "$url/api/v1/token?library_id=smhlib&library_secret=s3cret" \
        >"$work/code"
    expect_eq "smh: GET /api/v1/token -> 200" 200 "$(cat "$work/code")"
    smh_token=$(grep -o '"accessToken":"[^"]*"' "$work/b" | sed 's/^"accessToken":"//; s/"$//')
    [[ $smh_token =~ ^[0-9a-f]{64}$ ]] && grep -q '"expiresIn":86400' "$work/b"
    check "smh: the answer holds an access token and expiresIn 86400" $? "$(cat "$work/b")"
    if [ -n "$via" ]; then
        for name in "smh: album cover -> 302" "smh: Location points into the fake's store" \
            "smh: following the redirect -> 200" "smh: the cover is a 32 x 32 PNG"; do
            skip "$name" "the proxy follows redirects itself, so its client never sees the 302"
        done
    else
        c -D "$work/h" -o "$work/b" -w '%{http_code}' \
            "$url/api/v1/album/smhlib/-/cover/summer%20trip%2F2026%20%E6%97%85%E8%A1%8C?size=32&access_token=$smh_token" \
            >"$work/code"
        expect_eq "smh: album cover -> 302" 302 "$(cat "$work/code")"
        location=$(grep -i '^location: ' "$work/h" | sed 's/^[Ll]ocation: //' | tr -d '\r')
        case $location in "$url/storage/"*) r=0 ;; *) r=1 ;; esac
        check "smh: Location points into the fake's store" $r "$location"
        c -L -D "$work/h" -o "$work/png" -w '%{http_code}' \
            "$url/api/v1/album/smhlib/-/cover/trip?size=32&access_token=$smh_token" >"$work/code"
        expect_eq "smh: following the redirect -> 200" 200 "$(cat "$work/code")"
        expect_eq "smh: the cover is a 32 x 32 PNG" "00000020 00000020" \
            "$(od -An -tx1 -j16 -N8 "$work/png" | tr -d ' \n' | sed 's/^\(.\{8\}\)/\1 /')"
    fi
    c -o "$work/b" -w '%{http_code}' "$url/api/v1/album/smhlib/-/cover/trip" >"$work/code"
    expect_eq "smh: cover without access_token -> 400" 400 "$(cat "$work/code")"
    grep -q '"code":"EmptyAccessToken"' "$work/b" && grep -q '"requestId":"' "$work/b"
    check "smh: the error body has code EmptyAccessToken and a requestId" $? "$(cat "$work/b")"
    c -o "$work/journal" "$url/_fake/requests"
    ! grep -qF "$smh_token" "$work/journal" && ! grep -qF "s3cret" "$work/journal"
    check "smh: the journal holds neither the access token nor the library secret" $?

    # Scripted faults through the control endpoints, met by curl.
    c -X POST "$url/_fake/reset" >/dev/null
    code=$(c -o "$work/b" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data '{"id":"busy","operation":"whiteboard.list_rooms","times":2,"status":503,"retry_after":3}' \
        "$url/_fake/faults")
    expect_eq "faults: POST /_fake/faults -> 201" 201 "$code"
    grep -q '"uses_left":2' "$work/b"
    check "faults: the added rule has 2 uses left" $? "$(cat "$work/b")"
    for i in 1 2; do
        code=$(c -D "$work/h" -o "$work/b" -w '%{http_code}' "${no_token[@]}" "$url/v5/rooms")
        expect_eq "faults: scripted answer $i -> 503" 503 "$code"
        grep -qi '^retry-after: 3'$'\r''$' "$work/h"
        check "faults: scripted answer $i carries Retry-After: 3" $? "$(cat "$work/h")"
        grep -q '"message":"service unavailable"' "$work/b"
        check "faults: scripted answer $i has the whiteboard error body" $? "$(cat "$work/b")"
    done
    code=$(c -o /dev/null -w '%{http_code}' "${no_token[@]}" "$url/v5/rooms")
    expect_eq "faults: after its 2 uses the endpoint answers (401 without a token)" 401 "$code"
    c -o "$work/b" "$url/_fake/faults"
    grep -q '"id":"busy"' "$work/b" && grep -q '"used":2' "$work/b" && grep -q '"uses_left":0' "$work/b"
    check "faults: GET /_fake/faults shows the rule used up" $? "$(cat "$work/b")"
    c -o "$work/journal" "$url/_fake/requests"
    expect_eq "faults: the journal marks the 2 requests the rule answered" 2 \
        "$(grep -o '"fault":"busy"' "$work/journal" | wc -l)"

    add_fault() { c -o /dev/null -X POST -H 'Content-Type: application/json' --data "$1" "$url/_fake/faults"; }
    if [ -n "$via" ]; then
        for name in "faults: close -> curl: empty reply (52)" \
            "faults: partial -> curl: partial file (18)" "faults: never -> curl: timeout (28)"; do
            skip "$name" "a broken connection: the proxy would answer in the fake's place"
        done
    else
        add_fault '{"operation":"whiteboard.list_rooms","action":"close"}'
        c -o /dev/null "$url/v5/rooms"
        expect_eq "faults: close -> curl: empty reply (52)" 52 $?
        add_fault '{"operation":"whiteboard.list_rooms","action":"partial","partial_bytes":5}'
        c -o /dev/null "$url/v5/rooms"
        expect_eq "faults: partial -> curl: partial file (18)" 18 $?
        add_fault '{"operation":"whiteboard.list_rooms","action":"never"}'
        curl -s --max-time 1 -o /dev/null "$url/v5/rooms"
        expect_eq "faults: never -> curl: timeout (28)" 28 $?
    fi
    add_fault '{"operation":"whiteboard.list_rooms","delay_ms":300}'
    t=$(c -o /dev/null -w '%{time_total}' "${no_token[@]}" "$url/v5/rooms")
    awk -v t="$t" 'BEGIN { exit !(t >= 0.3) }'
    check "faults: delay_ms 300 -> answered after at least 0.3 s" $? "$t s"
    code=$(c -o /dev/null -w '%{http_code}' "${no_token[@]}" "$url/v5/rooms")
    expect_eq "faults: every rule used, the endpoint answers again" 401 "$code"
    if [ -n "$via" ]; then
        for name in "faults: an unknown operation -> 400" "faults: the 400 lists the known operations"; do
            skip "$name" "not allowed by docs/openapi.yaml: an unknown operation"
        done
    else
        code=$(c -o "$work/b" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
            --data '{"operation":"whiteboard.screenshot","status":503}' "$url/_fake/faults")
        expect_eq "faults: an unknown operation -> 400" 400 "$code"
        grep -q 'is unknown; known: whiteboard.team_token' "$work/b"
        check "faults: the 400 lists the known operations" $? "$(cat "$work/b")"
    fi
    c -o "$work/b" -X DELETE "$url/_fake/faults"
    # busy and the delay, and the three connection faults unless they were skipped
    expect_eq "faults: DELETE /_fake/faults deletes every rule" \
        "{\"deleted\":$([ -n "$via" ] && echo 2 || echo 5)}" "$(cat "$work/b")"

    [ -n "$via" ] || stop_server fixture TERM
fi

if [ -n "$via" ]; then
    for name in --public-base "demo mode" ipv6 tls "TLS usage errors" "usage errors" --version; do
        skip "$name" "starts a server of its own or runs the program"
    done
    finish
    exit
fi

# ---------------------------------------------------------------- --public-base
if start_server public-base --listen 127.0.0.1:0 --fixture "$fixture" \
    --public-base http://cdn.example.test/pics/; then
    token=$(make_sdk_token myAK mySK 0)
    img=$(c -X POST -H 'Content-Type: application/json' -H "token: $token" \
        --data '{"width":8,"height":8,"path":"/test/cover"}' "$srv_url/v5/rooms/$room/screenshots" |
        grep -o '"url":"[^"]*"' | sed 's/^"url":"//; s/"$//')
    case $img in http://cdn.example.test/pics/white-cover/*) r=0 ;; *) r=1 ;; esac
    check "--public-base sets the image url base" $r "$img"
    stop_server public-base TERM
fi

# ---------------------------------------------------------------- demo mode
if start_server demo --listen 127.0.0.1:0; then
    grep -q 'ak=demo-ak' "$srv_err" && grep -q 'sk=demo-sk' "$srv_err" &&
        grep -q 'team=demo' "$srv_err" && grep -q 'uuid=[0-9a-f]\{32\}' "$srv_err"
    check "demo mode prints its credentials on stderr" $? "$(cat "$srv_err")"
    stop_server demo INT
fi

# ---------------------------------------------------------------- IPv6
if [ -e /proc/net/if_inet6 ] && [ -s /proc/net/if_inet6 ]; then
    if start_server ipv6 --listen '[::1]:0' --fixture "$fixture"; then
        case $srv_url in "http://[::1]:"*) r=0 ;; *) r=1 ;; esac
        check "ipv6: listening on http://[::1]:PORT" $r "$srv_url"
        code=$(c -g -o /dev/null -w '%{http_code}' -X POST "$srv_url/_fake/reset")
        expect_eq "ipv6: POST /_fake/reset -> 200" 200 "$code"
        stop_server ipv6 TERM
    fi
else
    echo "SKIP ipv6: no IPv6 on this host"
fi

# ---------------------------------------------------------------- TLS
# A CA and a server certificate for 127.0.0.1 and localhost, made here (EC P-256: fast).
tls=$work/tls
mkdir "$tls"
cat >"$tls/ca.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = coverkit standalone test CA
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
CNF
cat >"$tls/server.ext" <<'EXT'
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier = keyid
EXT
ec_key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
{
    openssl req -x509 -config "$tls/ca.cnf" -extensions ca_ext "${ec_key[@]}" -days 2 \
        -keyout "$tls/ca.key" -out "$tls/ca.pem" &&
        openssl req -new -config "$tls/ca.cnf" -subj /CN=localhost "${ec_key[@]}" \
            -keyout "$tls/server.key" -out "$tls/server.csr" &&
        openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
            -set_serial 2 -days 2 -extfile "$tls/server.ext" -out "$tls/server.pem" &&
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tls/other.key"
} >"$tls/openssl.log" 2>&1
check "tls: openssl makes a CA, a server certificate and a second key" $? "$(tail -3 "$tls/openssl.log")"

ct() { c --cacert "$tls/ca.pem" "$@"; }

scheme=https
if [ -s "$tls/other.key" ] &&
    start_server tls --listen 127.0.0.1:0 --fixture "$fixture" \
        --tls-cert "$tls/server.pem" --tls-key "$tls/server.key"; then
    url=$srv_url
    port=${url##*:}
    case $url in https://127.0.0.1:[0-9]*) r=0 ;; *) r=1 ;; esac
    check "tls: listening on https://127.0.0.1:PORT" $r "$url"

    code=$(ct -o /dev/null -w '%{http_code}' -X POST "$url/_fake/reset")
    expect_eq "tls: POST /_fake/reset with --cacert -> 200" 200 "$code"
    code=$(ct -o /dev/null -w '%{http_code}' -X POST "https://localhost:$port/_fake/reset")
    expect_eq "tls: the certificate is valid for https://localhost:PORT too" 200 "$code"

    token=$(make_sdk_token myAK mySK 0)
    screenshot_and_image ct "tls: " "https://127.0.0.1:$port/storage/"

    ct -v -o /dev/null "$url/nowhere" -o /dev/null "$url/_fake/requests" 2>"$work/v"
    grep -qi 're-using existing connection' "$work/v"
    check "tls: keep-alive: two requests reuse one connection" $?

    [ -s "$work/huge" ] || head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$work/huge"
    code=$(ct -o /dev/null -w '%{http_code}' -X POST -H 'Expect:' --data-binary @"$work/huge" \
        "$url/v5/rooms/$room/screenshots")
    expect_eq "tls: body of 4 MiB -> 413 (the listener's answer)" 413 "$code"

    resp=$(printf 'GARBAGE\r\n\r\n' | timeout 5 openssl s_client -quiet -connect "127.0.0.1:$port" \
        -CAfile "$tls/ca.pem" 2>/dev/null | head -1)
    case $resp in "HTTP/1.1 400 "*) r=0 ;; *) r=1 ;; esac
    check "tls: malformed request -> 400 and close" $r "$resp"

    c -o /dev/null "$url/_fake/requests"
    expect_eq "tls: curl without --cacert fails verification (exit 60)" 60 "$?"

    code=$(c -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/_fake/requests")
    [ "$code" != 200 ]
    check "tls: a plain HTTP request to the TLS port gets no 200" $? "got $code"

    code=$(ct -o /dev/null -w '%{http_code}' "$url/_fake/requests")
    expect_eq "tls: still serving after failed handshakes" 200 "$code"

    # A client that connects and never sends its ClientHello must not hold up the stop.
    # Connections are accepted in order: once the request after it is answered, it is in.
    exec {raw_fd}<>"/dev/tcp/127.0.0.1/$port"
    ct -o /dev/null "$url/_fake/requests"
    t0=$EPOCHREALTIME
    stop_server tls TERM
    t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
    awk -v t="$t" 'BEGIN { exit !(t < 3) }'
    check "tls: SIGTERM with a connection in its handshake exits within 3 s" $? "${t} s"
    exec {raw_fd}<&-
fi
scheme=http

if [ -s "$tls/other.key" ]; then
    expect_exit2 "TLS key of another certificate" --listen 127.0.0.1:0 \
        --tls-cert "$tls/server.pem" --tls-key "$tls/other.key"
    case $last_err in *"does not match"*) r=0 ;; *) r=1 ;; esac
    check "TLS key of another certificate: says it does not match" $r "$last_err"
    expect_exit2 "missing TLS certificate file" --listen 127.0.0.1:0 \
        --tls-cert "$work/nonexistent.pem" --tls-key "$tls/server.key"
    case $last_err in *"$work/nonexistent.pem"*) r=0 ;; *) r=1 ;; esac
    check "missing TLS certificate file: names the file" $r "$last_err"
    expect_exit2 "TLS certificate file without a certificate" --listen 127.0.0.1:0 \
        --tls-cert "$tls/server.key" --tls-key "$tls/server.key"
    case $last_err in *"no certificate"*) r=0 ;; *) r=1 ;; esac
    check "TLS certificate file without a certificate: says so" $r "$last_err"
fi

# ---------------------------------------------------------------- usage errors
expect_exit2 "--fixture /nonexistent" --listen 127.0.0.1:0 --fixture /nonexistent/fixture.json
printf '{"apps": 3}' >"$work/bad.json"
expect_exit2 "invalid fixture" --listen 127.0.0.1:0 --fixture "$work/bad.json"
expect_exit2 "--bogus" --bogus
expect_exit2 "--listen without value" --listen
expect_exit2 "bad --listen" --listen nohost
expect_exit2 "bad --listen port" --listen 127.0.0.1:70000
expect_exit2 "--tls-cert without --tls-key" --listen 127.0.0.1:0 --tls-cert a.pem
case $last_err in *"--tls-key"*) r=0 ;; *) r=1 ;; esac
check "--tls-cert without --tls-key: names --tls-key" $r "$last_err"
expect_exit2 "--tls-key without --tls-cert" --listen 127.0.0.1:0 --tls-key b.pem

# ---------------------------------------------------------------- --version
out=$("$server_bin" --version 2>"$work/err")
code=$?
expect_eq "--version exits 0" 0 "$code"
version_header=$here/../../include/coverkit/version.hpp
expected=$(sed -n 's/^#define COVERKIT_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' \
    "$version_header" | paste -sd.)
expect_eq "--version is the version of include/coverkit/version.hpp" \
    "coverkit-fake-server $expected" "$out"

finish
