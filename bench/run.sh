#!/usr/bin/env bash
# wick benchmarks: bench/run.sh quick   (about 16 minutes on 2 cores)
#                  bench/run.sh full    (long; for a quiet machine)
#                  bench/run.sh smoke   (about a minute: every section runs, the numbers mean nothing;
#                                        writes under bench/target/smoke, never over bench/results)
# Extra arguments go to the runner, e.g. bench/run.sh quick --only jmh,e2e
#   --work DIR   where journals and trade files go (default: the temp directory; the file system
#                under it shows in the latency tails, e.g. --work /dev/shm for tmpfs)
# Writes bench/results/latest.json, bench/RESULTS.md and bench/results/*.png.
# Builds bench/target/wick-bench.jar first when it is missing or older than any source or POM.
set -euo pipefail

mode="${1:-}"
if [ "$mode" != "quick" ] && [ "$mode" != "full" ] && [ "$mode" != "smoke" ]; then
  echo "usage: bench/run.sh quick|full|smoke [--only jmh,e2e,flink,kafka,latency,scale,gc]" >&2
  exit 2
fi
shift

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar="bench/target/wick-bench.jar"

if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java="java"; fi

stale=0
if [ ! -f "$jar" ]; then
  stale=1
elif [ -n "$(find pom.xml engine/pom.xml journal/pom.xml bench/pom.xml engine/src/main journal/src/main bench/src/main \
        -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
  stale=1
fi
if [ "$stale" = 1 ]; then
  echo "bench: building $jar ..." >&2
  ./mvnw -q -B -pl bench -am -DskipTests package >&2
fi

# the JVM flags of the parent POM (wick.jvm.flags), written into the jar's resources at build time
flags="$(unzip -p "$jar" wick-bench.properties | sed -n 's/^jvm\.flags=//p')"
feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
if [ "${feature%%.*}" -ge 24 ] 2>/dev/null; then
  flags="$flags --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- engine journal bench/src bench/pom.xml pom.xml 2>/dev/null)" ]; then
  commit="$commit+dirty"
fi

# shellcheck disable=SC2086
exec "$java" $flags -XX:+UseParallelGC -Xmx1g -jar "$jar" "$mode" --commit "$commit" "$@"
