# Shared by the bench scripts: finds JDK 25 like ./tonearm does, builds once, copies the app out of target/
# (so a rebuild during a long run cannot pull classes from under it) and prints the test classpath.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_OUT:-$root/bench/out}
mkdir -p "$out"
jdk=$("$root/tonearm" java-home)
export JAVA_HOME=$jdk PATH="$jdk/bin:$PATH"
bench_build() {
  (cd "$root" && ./mvnw -q -B -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" -Dmdep.includeScope=test >&2)
  rm -rf "$out/app" && mkdir -p "$out/app"
  cp -r "$root/target/tonearm.jar" "$root/target/lib" "$root/target/test-classes" "$root/target/classes" "$out/app/"
  CP="$out/app/test-classes:$out/app/classes:$(cat "$out/cp.txt")"
}
load() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"; }
# Shared by the HTTP benchmarks:
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wait_http() { # port: until the server there answers /health, for 90 s at most
  for _ in $(seq 90); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return; sleep 1; done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # pid: its user + system CPU so far, in clock ticks
us_per_request() { # ticks requests: CPU microseconds per request
  awk -v c="$1" -v n="$2" -v t="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / t / n : 0)}'
}
