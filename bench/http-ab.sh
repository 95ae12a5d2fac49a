#!/usr/bin/env bash
# Two builds of the server side by side (issue 4's HTTP costs): both serve the same catalog at once, and each slice
# loads both with wrk (one connection each) for the same seconds, so both see the same moment of a machine whose
# speed drifts by 2x from minute to minute. Reports each build's requests and server CPU (user + system) per
# request, per route and slice, then the medians and B's CPU as a share of A's.
#   [ROUNDS=4] bench/http-ab.sh REV_A REV_B DUMP_DIR DATA_DIR [SECONDS per slice] [ROUTES...]
# REV_A and REV_B are git revisions (e.g. HEAD~1 HEAD); ROUTES are among tracks albums searches static.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
[ $# -ge 4 ] || { sed -n 2,7p "$0" >&2; exit 2; }
rev_a=$1 rev_b=$2 dump=$3 data=$4 secs=${5:-8}
shift $(( $# >= 5 ? 5 : 4 ))
routes=("$@")
[ ${#routes[@]} -gt 0 ] || routes=(tracks albums static)
rounds=${ROUNDS:-4}
bench_build
mkdir -p "$out/ab"
java -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$CP" org.tonearm.catalog.BenchInputs "$dump" "$data" "$out/ab"
printf '%s\n' /health > "$out/ab/static.txt"
build_rev() { # rev dir: the server jar of a revision, built in a throwaway worktree
  local tree="$out/ab/tree-$2"
  rm -rf "$tree" "$out/ab/$2" && git -C "$root" worktree prune
  git -C "$root" worktree add --detach -q "$tree" "$1"
  (cd "$tree" && ./mvnw -q -B -DskipTests package >&2)
  mkdir -p "$out/ab/$2" && cp -r "$tree/target/tonearm.jar" "$tree/target/lib" "$out/ab/$2/"
  git -C "$root" worktree remove --force "$tree"
}
build_rev "$rev_a" a
build_rev "$rev_b" b
start() { # dir port -> pid
  java -Xmx1g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -jar "$out/ab/$1/tonearm.jar" \
    serve --data "$data" --port "$2" --host 127.0.0.1 > "$out/ab/server-$1.log" 2>&1 &
  echo $!
}
pa=$(start a 18801)
pb=$(start b 18802)
trap 'kill $pa $pb 2>/dev/null' EXIT
wait_http 18801
wait_http 18802
echo "# A=$(git -C "$root" rev-parse --short "$rev_a") B=$(git -C "$root" rev-parse --short "$rev_b") $(load)"
lua="$(dirname "${BASH_SOURCE[0]}")/paths.lua"
for port in 18801 18802; do # the page cache and the JIT, once per build
  for route in "${routes[@]}"; do PATHS="$out/ab/$route.txt" wrk -t1 -c2 -d5s -s "$lua" "http://127.0.0.1:$port" >/dev/null; done
done
: > "$out/ab/slices.txt"
for round in $(seq "$rounds"); do
  for route in "${routes[@]}"; do
    a0=$(cpu_ticks "$pa") b0=$(cpu_ticks "$pb")
    PATHS="$out/ab/$route.txt" wrk -t1 -c1 -d"${secs}s" -s "$lua" http://127.0.0.1:18801 > "$out/ab/wrk-a.txt" &
    PATHS="$out/ab/$route.txt" wrk -t1 -c1 -d"${secs}s" -s "$lua" http://127.0.0.1:18802 > "$out/ab/wrk-b.txt"
    wait
    a1=$(cpu_ticks "$pa") b1=$(cpu_ticks "$pb")
    na=$(awk '/requests in/ {print $1}' "$out/ab/wrk-a.txt")
    nb=$(awk '/requests in/ {print $1}' "$out/ab/wrk-b.txt")
    echo "$round $route $na $(us_per_request $((a1 - a0)) "$na") $nb $(us_per_request $((b1 - b0)) "$nb")" | tee -a "$out/ab/slices.txt" >&2
  done
done
for route in "${routes[@]}"; do
  f=$(awk -v r="$route" '$2==r' "$out/ab/slices.txt")
  echo "$route a_requests=$(echo "$f" | awk '{print $3}' | median) a_cpu_us=$(echo "$f" | awk '{print $4}' | median)" \
    "b_requests=$(echo "$f" | awk '{print $5}' | median) b_cpu_us=$(echo "$f" | awk '{print $6}' | median)" \
    "b_cpu_share=$(echo "$f" | awk '{printf "%.3f\n", ($4 > 0 ? $6 / $4 : 0)}' | median) rounds=$rounds" | tee -a "$out/ab/summary.txt"
done
