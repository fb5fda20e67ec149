#!/usr/bin/env bash
# Throughput of one consumer instance (ConsumerMain in job mode, a child JVM) with a blocking handler
# that sleeps 20 ms a record, and its CPU use, over a sweep of in-flight limits. Builds
# service-consumer and kappa-local, starts the local stack in a scratch directory, then for each
# limit publishes records to a fresh job's 100-partition ingress and runs the consumer until it has
# drained and exited. Prints progress and a table; writes bench/results/consumer-throughput.{txt,csv,svg}.
#
# Usage: bench/consumer-throughput.sh [N [SWEEP_N]]
#   N        records of the 1,000 in-flight run (default 50000)
#   SWEEP_N  records of every other run (default N)
# Environment:
#   LEVELS              in-flight limits to run (default "100 250 500 1000 2000")
#   HANDLER_MS          the handler's sleep per record (default 20)
#   CONSUMER_JAVA_OPTS  JVM options of the consumer (default -Xmx1g)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
records="${1:-50000}"
sweep_records="${2:-$records}"
levels="${LEVELS:-100 250 500 1000 2000}"
work="$(mktemp -d)"
launcher=""
driver=""

cleanup() {
  # Only what this script started: the driver (whose shutdown hook kills its consumer), the consumer
  # itself if the driver is gone, and the local stack's launcher (which stops broker and registry).
  if [ -n "$driver" ]; then
    kill "$driver" 2>/dev/null || true
    wait "$driver" 2>/dev/null || true
  fi
  if [ -f "$work/consumer.pid" ]; then
    kill -9 "$(cat "$work/consumer.pid")" 2>/dev/null || true
  fi
  if [ -n "$launcher" ]; then
    kill "$launcher" 2>/dev/null || true
    wait "$launcher" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "building service-consumer and kappa-local..."
(cd "$root" && ./mvnw -B -q -ntp -pl service-consumer -am package dependency:build-classpath \
  -DskipTests -DincludeScope=runtime -Dmdep.outputFile="$work/classpath.txt")
consumer_jar="$(ls "$root"/service-consumer/target/kappa-service-consumer-*.jar | grep -v -e '-tests.jar' -e '-sources.jar' | head -1)"
classpath="$consumer_jar:$(cat "$work/classpath.txt")"

# The handler in a jar of its own, loaded child-first like a real service's.
mkdir -p "$work/handler-classes"
javac -d "$work/handler-classes" -cp "$classpath" "$root/bench/SleepingHandler.java"
jar cf "$work/sleeping-handler.jar" -C "$work/handler-classes" .

"$root/bin/local-stack" --data-dir "$work/local" > "$work/launcher.out" 2>&1 &
launcher=$!
for _ in $(seq 1 1200); do
  grep -q "Press Ctrl-C" "$work/launcher.out" 2>/dev/null && break
  kill -0 "$launcher" 2>/dev/null || { cat "$work/launcher.out"; exit 1; }
  sleep 0.1
done
grep "kappa-local: started" "$work/launcher.out"
state="$work/local/local-stack.properties"
bootstrap="$(grep '^bootstrap.servers=' "$state" | cut -d= -f2- | sed 's/\\:/:/g')"
url="$(grep '^schema.registry.url=' "$state" | cut -d= -f2- | sed 's/\\:/:/g')"
broker_pid="$(grep '^kafka.pid=' "$state" | cut -d= -f2-)"

echo "machine: $(nproc) cores; $(uptime)"
live=false
[ -t 1 ] && live=true
# In the background so that a signal reaches the trap at once instead of after the driver.
java -Dslf4j.internal.verbosity=ERROR -cp "$classpath" "$root/bench/ConsumerThroughput.java" \
  --bootstrap-servers "$bootstrap" \
  --registry-url "$url" \
  --records "$records" \
  --sweep-records "$sweep_records" \
  --levels "$levels" \
  --handler-ms "${HANDLER_MS:-20}" \
  --handler-jar "$work/sleeping-handler.jar" \
  --consumer-classpath "$classpath" \
  --consumer-java-opts "${CONSUMER_JAVA_OPTS:--Xmx1g}" \
  --clock-ticks "$(getconf CLK_TCK)" \
  --broker-pid "$broker_pid" \
  --live "$live" \
  --work "$work" \
  --results "$root/bench/results" &
driver=$!
status=0
wait "$driver" || status=$?
driver=""
echo "machine after: $(uptime)"
exit "$status"
