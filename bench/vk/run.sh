#!/usr/bin/env bash
# Benchmarks the thatmusic face (/dl cold and cached vs a direct download, RSS with 50 streams, /search latency)
# against the local fake m.vk.com from the test sources. Usage: bench/vk/run.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
source <(sed -n '/^java_major()/,/^}/p;/^find_jdk()/,/^}/p' tonearm)
JAVA_HOME=$(find_jdk) || { echo "bench: no JDK 25 found" >&2; exit 1; }
export JAVA_HOME
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -cp "$cp" bench/vk/VkBench.java "$cp"
