#!/usr/bin/env bash
# Spotify face load benchmark (issue 4): wrk on loopback against the server on an imported catalog, each
# endpoint next to a trivial route of the same server (/health: the HTTP stack's own limit), all in one run.
#   [ROUNDS=4] [PIN=1] [WARM=5] bench/spotify-http.sh DUMP_DIR DATA_DIR [SECONDS per route] [CONNECTIONS]
# PIN=1 runs the server on CPU 0 and wrk (one thread) on CPU 1 (taskset), so the load generator never takes the
# server's core: unpinned on 2 cores, even the static route's p99 swings between 3 and 14 ms with scheduling.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
dump=$1 data=$2 secs=${3:-20} conns=${4:-16}
bench_build
java -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$CP" org.tonearm.catalog.BenchInputs "$dump" "$data" "$out/http"
port=18765
server_cpu=() wrk_cpu=() wrk_threads=2
if [[ "${PIN:-0}" == 1 ]]; then
  command -v taskset >/dev/null || { echo "PIN=1 needs taskset (util-linux)" >&2; exit 1; }
  server_cpu=(taskset -c 0) wrk_cpu=(taskset -c 1) wrk_threads=1
fi
"${server_cpu[@]}" java -Xmx1g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -jar "$out/app/tonearm.jar" serve --data "$data" --port $port --host 127.0.0.1 \
  > "$out/http/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_http $port
echo "# $(load), pinned: ${PIN:-0}"
printf '%s\n' /health > "$out/http/static.txt"
run() { # name file -> "rps p50 p99 errors cpu_us_per_request" of one wrk run
  local c0 c1
  c0=$(cpu_ticks $server)
  PATHS="$2" "${wrk_cpu[@]}" wrk -t"$wrk_threads" -c"$conns" -d"${slice}s" --latency -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "http://127.0.0.1:$port" > "$out/http/result-$1.txt"
  c1=$(cpu_ticks $server)
  local r="$out/http/result-$1.txt"
  local n; n=$(awk '/requests in/ {print $1}' "$r")
  echo "$(awk '/Requests\/sec/ {print $2}' "$r") $(awk '$1=="50%" {print $2}' "$r") $(awk '$1=="99%" {print $2}' "$r") $(grep -cE "Non-2xx|Socket errors" "$r" || true) $(us_per_request $((c1 - c0)) "$n")"
}
# warm the page cache and JIT once, WARM seconds per route
warm=${WARM:-5}
PATHS="$out/http/tracks.txt" "${wrk_cpu[@]}" wrk -t1 -c4 -d"${warm}s" -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "http://127.0.0.1:$port" >/dev/null
PATHS="$out/http/albums.txt" "${wrk_cpu[@]}" wrk -t1 -c4 -d"${warm}s" -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "http://127.0.0.1:$port" >/dev/null
PATHS="$out/http/searches.txt" "${wrk_cpu[@]}" wrk -t1 -c4 -d"${warm}s" -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "http://127.0.0.1:$port" >/dev/null
# The machine's speed drifts by 2x within minutes, so each route runs in $rounds short slices, each slice right
# after a slice of the static route: every ratio is taken against the static rate of the same moment, and the
# summary gives the medians over the rounds.
# Each slice also reports the server's CPU (user + system) per request, which the load generator's share of the
# 2 cores moves less than the rates: a route's cost over the static route's is what its own work costs.
rounds=${ROUNDS:-4}
slice=$(( secs / rounds > 2 ? secs / rounds : 2 ))
: > "$out/http/slices.txt"
for round in $(seq "$rounds"); do
  for route in tracks albums searches; do
    s=$(run static "$out/http/static.txt")
    r=$(run "$route" "$out/http/$route.txt")
    echo "$round $route $s $r" | tee -a "$out/http/slices.txt" >&2
  done
done
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000} print v}'; }
for route in tracks albums searches; do
  f=$(awk -v r="$route" '$2==r' "$out/http/slices.txt")
  static=$(echo "$f" | awk '{print $3}' | median)
  rps=$(echo "$f" | awk '{print $8}' | median)
  ratio=$(echo "$f" | awk '{printf "%.3f\n", $8/$3}' | median)
  p50=$(echo "$f" | awk '{print $9}' | ms | median)
  p99=$(echo "$f" | awk '{print $10}' | ms | median)
  p99max=$(echo "$f" | awk '{print $10}' | ms | sort -g | tail -1)
  errs=$(echo "$f" | awk '{e+=$6+$11} END {print e+0}')
  cpu=$(echo "$f" | awk '{print $12}' | median)
  static_cpu=$(echo "$f" | awk '{print $7}' | median)
  echo "$route pinned=${PIN:-0} rps=$rps static_rps=$static ratio=$ratio p50_ms=$p50 p99_ms=$p99 p99_max_ms=$p99max server_cpu_us=$cpu static_server_cpu_us=$static_cpu error_runs=$errs rounds=$rounds" | tee -a "$out/http/summary.txt"
done
echo "rss_mb=$(( $(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024 ))" | tee -a "$out/http/summary.txt"
