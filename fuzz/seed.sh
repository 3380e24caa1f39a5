#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the repository's own inputs (the corpus is not committed; rerun at will).
# Usage: fuzz/seed.sh   (from anywhere; paths are relative to the repository root)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus"

copy() { # copy TARGET FILE... : each file under a name that keeps its origin
    target=$1; shift
    mkdir -p "$corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        rel=${f#"$root"/}
        cp "$f" "$corpus/$target/$(printf '%s' "$rel" | tr '/' '_')"
    done
}

manifests=$(ls "$root"/tests/fixtures/*/input* "$root"/examples/cluster/*.yaml)
bad=$(ls "$root"/tests/bad-input/*.yaml "$root"/tests/bad-input/*.json)
checkbad=$(ls "$root"/tests/check-bad/*.yaml)

# shellcheck disable=SC2086
copy manifest_read $manifests $bad
# shellcheck disable=SC2086
copy decode $manifests $bad
# shellcheck disable=SC2086
copy convert $manifests
# check: the Gateway API objects of the golden conversions (the `--- objects` part of each convert.snap)
# and the validator's own bad inputs.
# shellcheck disable=SC2086
copy check $checkbad
mkdir -p "$corpus/check"
for snap in "$root"/tests/fixtures/*/convert.snap; do
    name=$(basename "$(dirname "$snap")")
    awk '/^--- objects$/{on=1; next} /^--- /{on=0} on' "$snap" > "$corpus/check/snap_$name.yaml"
    [ -s "$corpus/check/snap_$name.yaml" ] || rm -f "$corpus/check/snap_$name.yaml"
done

# route_request: URL line, method line, header lines (see fuzz_targets/route_request.rs), for the hosts of
# examples/cluster.
mkdir -p "$corpus/route_request"
i=0
for req in \
    'http://shop.example.com/' \
    'https://shop.example.com/cart/items?id=1\nPOST\nCookie: session=1' \
    'http://api.example.com/payments/v1/charge\nGET\nX-Canary: always' \
    'https://api.example.com:8443/catalog\nHEAD\nHost: API.example.com' \
    'http://blog.example.com/posts/2024/../admin\nGET\nAccept: */*' \
    'https://blog.example.com/\nGET\nsni=shop.example.com' \
    'http://status.example.com/healthz' \
    'https://grafana.example.com/d/abc\nGET\nAuthorization: Basic eDp5' \
    'https://pay.example.com/checkout\nPUT\nContent-Type: application/json' \
    'http://unknown.example.org/%2e%2e/x?a=b#frag'
do
    i=$((i + 1))
    printf "$req" > "$corpus/route_request/seed_$i"
done

for t in manifest_read decode convert check route_request; do
    printf '%s: %s seeds\n' "$t" "$(ls "$corpus/$t" | wc -l)"
done
