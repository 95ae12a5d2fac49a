#!/usr/bin/env bash
# Spotify face load benchmark (issue 4): wrk on loopback against the server on an imported catalog, each
# endpoint next to a trivial route of the same server (/health: the HTTP stack's own limit), all in one run.
#   bench/spotify-http.sh DUMP_DIR DATA_DIR [SECONDS] [CONNECTIONS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
dump=$1 data=$2 secs=${3:-20} conns=${4:-16}
bench_build
java -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$CP" org.tonearm.catalog.BenchInputs "$dump" "$data" "$out/http"
port=18765
java -Xmx1g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -jar "$out/app/tonearm.jar" serve --data "$data" --port $port --host 127.0.0.1 \
  > "$out/http/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
echo "# $(load)"
printf '%s\n' /health > "$out/http/static.txt"
run() { # name file
  PATHS="$2" wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "http://127.0.0.1:$port" > "$out/http/result-$1.txt"
  local rps p50 p99 errs
  local r="$out/http/result-$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$r")
  p50=$(awk '$1=="50%" {print $2}' "$r")
  p99=$(awk '$1=="99%" {print $2}' "$r")
  errs=$(grep -E "Non-2xx|Socket errors" "$r" | tr '\n' ' ' || true)
  echo "$1 rps=$rps p50=$p50 p99=$p99 $errs"
}
# warm the page cache and JIT once
PATHS="$out/http/tracks.txt" wrk -t1 -c4 -d5s -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "http://127.0.0.1:$port" >/dev/null
PATHS="$out/http/searches.txt" wrk -t1 -c4 -d5s -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "http://127.0.0.1:$port" >/dev/null
run static "$out/http/static.txt" | tee -a "$out/http/summary.txt"
run tracks "$out/http/tracks.txt" | tee -a "$out/http/summary.txt"
run albums "$out/http/albums.txt" | tee -a "$out/http/summary.txt"
run search "$out/http/searches.txt" | tee -a "$out/http/summary.txt"
echo "rss_mb=$(( $(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024 ))" | tee -a "$out/http/summary.txt"
