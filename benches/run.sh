#!/usr/bin/env bash
# End-to-end benchmark of the gateshift binary against the parse+write floor (see benches/README.md).
#
#   benches/run.sh                 # 1k, 10k, 50k Ingresses
#   benches/run.sh 1000 10000      # chosen sizes
#   SEED=7 KEEP=1 benches/run.sh   # another corpus; keep the temporary directory
#   BIN_DIR=dir benches/run.sh     # time prebuilt binaries instead of building
#   SHAPES=0 benches/run.sh        # leave out the table of extreme shapes
#
# Builds release, generates seeded corpora with gateshift-corpus into a temporary directory and times each
# command with /usr/bin/time -v. Prints one table: size, wall s, CPU s (user+sys), peak RSS MB, and the ratio
# of wall time and of peak RSS to the floor (gateshift-floor: read + decode + write YAML, no conversion).
# Per size: the floor, convert, convert --verify, check of the output, check -o text/json/yaml of the output
# together with its input (what users run; ratios to the text view), verify (up to 10k).
# Then one table of extreme shapes (issue 17: one host with 30k paths, 40k annotations on one Ingress, 4k regex
# Ingresses on one host, 100k objects as concatenated JSON against the same as YAML), each at a quarter of
# its size too, so the growth shows whether the cost is near-linear.
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
  # convert --verify: the conversion checks itself (to become the default); the report is part of the work.
  read -r xw xc xr < <(measure /dev/null /dev/null \
    "$bin/gateshift" convert -f "$corpus" --gateway-class x --verify --report "$work/rv.json")
  row "$n" conv+vrfy "$xw" "$xc" "$xr" "$(ratio "$xw" "$fw")" "$(ratio "$xr" "$fr")" "(exit $(cat "$work/rc"))"
  # check of the output with its input, in each view; the ratios are to the text view here, not the floor.
  if $has_check; then
    for view in text json yaml; do
      read -r ow oc or < <(measure /dev/null /dev/null \
        "$bin/gateshift" check -f "$corpus" -f "$work/out-$n.yaml" -o "$view")
      [ "$view" = text ] && { tw=$ow; tr=$or; }
      row "$n" "chk-$view" "$ow" "$oc" "$or" "$(ratio "$ow" "$tw")" "$(ratio "$or" "$tr")" \
        "(exit $(cat "$work/rc"); input+output, ratios to chk-text)"
    done
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

[ "${SHAPES:-1}" = 0 ] && exit 0

# --- extreme shapes: each at full size and a quarter of it; growth = full / quarter (4.00 is linear) --------
rows=()
# `shape NAME N LABEL cmd...`: generates the shape at N/4 and N into $work/NAME-{q,f}.yaml and times cmd with
# INPUT replaced by the file and OUTPUT by a per-run output file, printing both rows with the growth.
shape() {
  local name="$1" n="$2" label="$3"
  shift 3
  local q=$((n / 4)) w1 c1 r1 w2 c2 r2
  for size in "$q" "$n"; do
    [ -e "$work/$name-$size.yaml" ] || "$bin/gateshift-corpus" --shape "$name" "$size" >"$work/$name-$size.yaml"
  done
  local args=()
  for size in "$q" "$n"; do
    args=()
    for a in "$@"; do
      a="${a//INPUT/$work/$name-$size.yaml}"
      args+=("${a//OUTPUT/$work/$name-$size.out.yaml}")
    done
    if [ "$size" = "$q" ]; then
      read -r w1 c1 r1 < <(measure /dev/null /dev/null "${args[@]}")
      row "$q" "$label" "$w1" "$c1" "$r1" - - "($name, exit $(cat "$work/rc"))"
    else
      read -r w2 c2 r2 < <(measure /dev/null /dev/null "${args[@]}")
      row "$n" "$label" "$w2" "$c2" "$r2" "$(awk -v a="$w2" -v b="$w1" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
        "$(awk -v a="$r2" -v b="$r1" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "($name, exit $(cat "$work/rc"))"
    fi
  done
}
# convert writes the output verify then reads: `sh -c` sends stdout to the OUTPUT file.
shape one-host-paths 30000 convert sh -c '"$0" convert -f "$1" --gateway-class x > "$2"' "$bin/gateshift" INPUT OUTPUT
shape annotations 40000 convert sh -c '"$0" convert -f "$1" --gateway-class x > "$2"' "$bin/gateshift" INPUT OUTPUT
shape regex-host 4000 convert sh -c '"$0" convert -f "$1" --gateway-class x > "$2"' "$bin/gateshift" INPUT OUTPUT
shape regex-host 4000 verify "$bin/gateshift" verify --before INPUT --after OUTPUT
shape services-yaml 100000 check "$bin/gateshift" check -f INPUT
shape services-json 100000 check "$bin/gateshift" check -f INPUT

printf '\n%-8s %-9s %8s %8s %9s %9s %9s\n' size command "wall s" "CPU s" "RSS MB" "growth" "RSS grw"
printf '%s\n' "${rows[@]}"
