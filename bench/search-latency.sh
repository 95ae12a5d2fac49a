#!/usr/bin/env bash
# In-process search latency (issue 4): the HTTP benchmark's search requests run straight through the engine.
#   bench/search-latency.sh DUMP_DIR DATA_DIR [ROUNDS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
[[ -f "$out/http/searches.txt" ]] || java -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$CP" org.tonearm.catalog.BenchInputs "$1" "$2" "$out/http"
java -Xmx1g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$CP" org.tonearm.catalog.SearchLatencyBench "$2" "$out/http/searches.txt" "${3:-3}" \
  | tee -a "$out/search-latency.jsonl"
