#!/usr/bin/env bash
# End-to-end benchmark of the gateshift binary against the parse+write floor (see benches/README.md).
#
#   benches/run.sh                 # 1k, 10k, 50k Ingresses
#   benches/run.sh 1000 10000      # chosen sizes
#   SEED=7 KEEP=1 benches/run.sh   # another corpus; keep the temporary directory
#   BIN_DIR=dir benches/run.sh     # time prebuilt binaries instead of building
#
# Builds release, generates seeded corpora with gateshift-corpus into a temporary directory and times each
# command with /usr/bin/time -v. Prints one table: size, wall s, CPU s (user+sys), peak RSS MB, and the ratio
# of wall time and of peak RSS to the floor (gateshift-floor: read + decode + write YAML, no conversion).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
seed="${SEED:-1}"

if [ ! -x /usr/bin/time ]; then
  # GNU time reports peak RSS; the shell keyword does not.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y time >/dev/null
  else
    echo "error: /usr/bin/time (GNU time) is required: install the 'time' package" >&2
    exit 1
  fi
fi

if [ -n "${BIN_DIR:-}" ]; then
  # Binaries built elsewhere (e.g. to compare two versions); must hold gateshift, gateshift-corpus, gateshift-floor.
  bin="$BIN_DIR"
else
  cargo build --release -q -p gateshift -p gateshift-corpus
  target="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
  bin="$target/release"
fi

work="$(mktemp -d)"
if [ -z "${KEEP:-}" ]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "keeping $work" >&2
fi

# `measure OUT ERR cmd...` runs cmd under GNU time with stdout to OUT and stderr to ERR; prints
# "wall cpu rss_mb" and leaves the exit status in $work/rc.
measure() {
  local log="$work/time.log" out="$1" err="$2"
  shift 2
  set +e
  /usr/bin/time -v -o "$log" "$@" >"$out" 2>"$err"
  echo $? >"$work/rc"
  set -e
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 / 1024 }
    END { printf "%.2f %.2f %.0f\n", w, u + s, r }' "$log"
}

has_check=false
if "$bin/gateshift" check --help >/dev/null 2>&1; then has_check=true; fi
has_verify=false
if "$bin/gateshift" verify --help >/dev/null 2>&1; then has_verify=true; fi

rows=()
row() { rows+=("$(printf '%-8s %-9s %8s %8s %9s %9s %9s %s' "$@")"); }

for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n.yaml"
  "$bin/gateshift-corpus" "$n" --seed "$seed" >"$corpus"
  mb=$(awk -v b="$(wc -c <"$corpus")" 'BEGIN { printf "%.1f", b / 1048576 }')

  read -r fw fc fr < <(measure "$work/floor.yaml" /dev/null "$bin/gateshift-floor" "$corpus")
  row "$n" floor "$fw" "$fc" "$fr" 1.00 1.00 "(${mb} MB in)"

  read -r cw cc cr < <(measure "$work/out-$n.yaml" "$work/convert.err" \
    "$bin/gateshift" convert -f "$corpus" --gateway-class x --report "$work/r.json")
  rc=$(cat "$work/rc")
  if [ "$rc" -gt 1 ]; then
    echo "error: gateshift convert exited $rc on $n Ingresses:" >&2
    tail -5 "$work/convert.err" >&2
    exit 1
  fi
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
  row "$n" convert "$cw" "$cc" "$cr" "$(ratio "$cw" "$fw")" "$(ratio "$cr" "$fr")" "(exit $rc)"

  # --- check slot: filled when `gateshift check` exists -------------------------------------------------------
  if $has_check; then
    read -r kw kc kr < <(measure /dev/null /dev/null "$bin/gateshift" check -f "$work/out-$n.yaml")
    row "$n" check "$kw" "$kc" "$kr" "$(ratio "$kw" "$fw")" "$(ratio "$kr" "$fr")" "(exit $(cat "$work/rc"))"
  else
    row "$n" check - - - - - "(no gateshift check yet)"
  fi
  # --- verify slot: filled when `gateshift verify` exists (before/after at 1k and 10k) ---------------------
  if $has_verify && [ "$n" -le 10000 ]; then
    read -r vw vc vr < <(measure /dev/null /dev/null \
      "$bin/gateshift" verify --before "$corpus" --after "$work/out-$n.yaml")
    row "$n" verify "$vw" "$vc" "$vr" "$(ratio "$vw" "$fw")" "$(ratio "$vr" "$fr")" "(exit $(cat "$work/rc"))"
  elif [ "$n" -le 10000 ]; then
    row "$n" verify - - - - - "(no gateshift verify yet)"
  fi
done

printf '%-8s %-9s %8s %8s %9s %9s %9s\n' size command "wall s" "CPU s" "RSS MB" "wall/flr" "RSS/flr"
printf '%s\n' "${rows[@]}"
