#!/usr/bin/env bash
# Search quality (issue 4): top-1 accuracy of noisy "artist title" queries on an imported catalog.
#   bench/search-quality.sh DUMP_DIR DATA_DIR [SAMPLES]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
java -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$CP" org.tonearm.catalog.SearchQualityBench "$1" "$2" "${3:-1000}" \
  | tee -a "$out/search-quality.jsonl"
