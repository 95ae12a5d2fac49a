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
