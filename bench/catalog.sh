#!/usr/bin/env bash
# Catalog engine benchmark (issue 3): for each size (tracks), generate a synthetic dump once, time DuckDB alone
# on the importer's queries (baseline), import, then in-process lookups, index size and memory.
#   bench/catalog.sh 1000000 10000000 50000000      (dumps are kept in $BENCH_DATA, default bench/out/data)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
data=${BENCH_DATA:-$out/data}
bench_build
for n in "${@:-1000000}"; do
  dump="$data/dump-$n"
  if [[ ! -f "$dump/.complete" ]]; then
    rm -rf "$dump"
    java -Xmx2g --enable-native-access=ALL-UNNAMED -jar "$out/app/tonearm.jar" generate "$dump" --tracks "$n" >&2
    touch "$dump/.complete"
  fi
  rm -rf "$data/cat-$n"
  echo "# $n tracks, $(load)" >&2
  java -Xmx4g --enable-native-access=ALL-UNNAMED -cp "$CP" org.tonearm.catalog.CatalogBench "$dump" "$data/cat-$n" \
    | tee -a "$out/catalog.jsonl"
  # serving memory: lookups again with the server's heap cap, on the catalog just built
  java -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$CP" org.tonearm.catalog.CatalogBench "$dump" "$data/cat-$n" skip-import \
    | sed 's/^/serving-1g: /' | tee -a "$out/catalog.jsonl"
done
