#!/usr/bin/env bash
# Issue 7's sink benchmark: landed rows/s of the egress sink (EgressSinkJob, bounded mode, default
# settings, in-process MiniCluster) for N egress records against a raw read_committed KafkaConsumer
# over the same topics, in the same run, on one local broker (local/'s child JVM). Target: >= 0.3
# of raw. Prints progress; writes bench/results/sink.{json,md}. Not run by CI.
#
# Usage: bench/sink.sh [N] [PARTITIONS]
#   N           egress records (default 1000000)
#   PARTITIONS  partitions of the egress and DLQ topics (default 8)
# Environment:
#   JAVA_OPTS   more options for the benchmark's JVM, where the MiniCluster runs the sink, e.g.
#               -XX:StartFlightRecording=filename=/tmp/sink.jfr,settings=profile to profile it
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
records="${1:-1000000}"
partitions="${2:-8}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building egress-sink and its test classes (the fixture that produces like the consumer)..."
(cd "$root" && ./mvnw -B -q -ntp -pl egress-sink -am install -DskipTests)
(cd "$root" && ./mvnw -B -q -ntp -pl egress-sink test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt")
classpath="$root/egress-sink/target/test-classes:$root/egress-sink/target/classes:$(cat "$work/classpath.txt")"

echo "running $records records on $partitions partitions..."
java -Xmx2g -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true ${JAVA_OPTS:-} \
  -Dkappa.test.work-dir="$work/it" -Dkappa.maven.repo="$HOME/.m2/repository" \
  -cp "$classpath" "$root/bench/SinkComparison.java" "$records" "$partitions" "$root/bench/results"
