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
source "$root/bench/stack.sh"

bench_build_consumer

# The handler in a jar of its own, loaded child-first like a real service's.
mkdir -p "$work/handler-classes"
javac -d "$work/handler-classes" -cp "$classpath" "$root/bench/SleepingHandler.java"
jar cf "$work/sleeping-handler.jar" -C "$work/handler-classes" .

bench_start_stack
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
bench_pids=($!)
status=0
wait "${bench_pids[0]}" || status=$?
bench_pids=()
echo "machine after: $(uptime)"
exit "$status"
