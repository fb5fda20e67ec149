#!/usr/bin/env bash
# Issue 5's benchmark: our runtime (ConsumerMain, one child JVM per run) against Confluent Parallel
# Consumer, a naive poll-process-commit loop, raw Kafka clients and Kafka's share consumer, on the
# local broker, each run on a fresh 100-partition ingress pre-filled before the run. Every runtime
# produces one egress record per input and a record counts only once its egress send is
# acknowledged. Prints progress; writes bench/results/consumer.{json,md,svg,png}.
#
# Usage: bench/consumer.sh [N [NAIVE_N]]
#   N        records per run (default 20000; issue 5 asks for 50,000, 20,000 keeps a run short)
#   NAIVE_N  records of the one-thread naive loop, about 50 records/s with a 20 ms handler
#            (default 500)
# Environment:
#   PARTS               parts to run, in this order (default "b c a e g d f h"; see bench/README.md):
#                       b Parallel Consumer, c naive loop, a 200 ms async handler, e no-op vs raw
#                       clients, g exactly-once, d CPU-bound handler, f 1/2/4 instances, h share groups
#   SHARE_THREADS       threads of the plain share consumer baseline (part h), one KafkaShareConsumer
#                       each (default 1000, our in-flight limit; capped at the broker's
#                       group.share.max.size, 200 on the local stack)
#   CONSUMER_JAVA_OPTS  JVM options of every child JVM (default -Xmx1g)
#   REPEAT              runs of every part on the one stack (default 1); with more, each run's
#                       results go to bench/results/consumer-runs/run-<i>/ and the min, median and
#                       max of every figure to bench/results/consumer-runs/summary.md
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
records="${1:-20000}"
naive_records="${2:-500}"
work="$(mktemp -d)"
source "$root/bench/stack.sh"

bench_build_consumer
echo "resolving Parallel Consumer 0.5.3.3 and kafka-clients 3.9 (bench/pc/pom.xml)..."
(cd "$root" && ./mvnw -B -q -ntp -f bench/pc/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$work/pc-classpath.txt")

# The handlers in a jar of their own, loaded child-first like a real service's; the baselines and
# the driver compiled against their own class paths.
mkdir -p "$work/handler-classes" "$work/baseline-classes" "$work/share-baseline-classes" \
  "$work/driver-classes"
javac -d "$work/handler-classes" -cp "$classpath" "$root/bench/SleepingHandler.java" \
  "$root/bench/AsyncSleepingHandler.java" "$root/bench/NoopHandler.java" \
  "$root/bench/BusyHandler.java" "$root/bench/BusyLoop.java"
jar cf "$work/bench-handlers.jar" -C "$work/handler-classes" .
javac -d "$work/baseline-classes" -cp "$(cat "$work/pc-classpath.txt")" \
  "$root/bench/BaselineConsumers.java" "$root/bench/BusyLoop.java"
javac -d "$work/share-baseline-classes" -cp "$classpath" "$root/bench/ShareConsumerBaseline.java"
javac -d "$work/driver-classes" -cp "$classpath" \
  "$root/bench/ConsumerThroughput.java" "$root/bench/ConsumerComparison.java" \
  "$root/bench/BusyLoop.java"

bench_start_stack
echo "machine: $(nproc) cores; $(uptime)"
live=false
[ -t 1 ] && live=true
repeat="${REPEAT:-1}"
status=0
if [ "$repeat" -gt 1 ]; then
  rm -rf "$root/bench/results/consumer-runs" # a summary of this command's runs only
fi
for ((run = 1; run <= repeat; run++)); do
  results="$root/bench/results"
  if [ "$repeat" -gt 1 ]; then
    results="$root/bench/results/consumer-runs/run-$run"
    echo "=== run $run of $repeat ($(uptime))"
  fi
  mkdir -p "$results"
  # In the background so that a signal reaches the trap at once instead of after the driver.
  java -Dslf4j.internal.verbosity=ERROR -cp "$work/driver-classes:$classpath" ConsumerComparison \
    --bootstrap-servers "$bootstrap" \
    --registry-url "$url" \
    --records "$records" \
    --naive-records "$naive_records" \
    --share-threads "${SHARE_THREADS:-1000}" \
    --parts "${PARTS:-b c a e g d f h}" \
    --handler-jar "$work/bench-handlers.jar" \
    --consumer-classpath "$classpath" \
    --baseline-classpath "$work/baseline-classes:$(cat "$work/pc-classpath.txt")" \
    --share-baseline-classpath "$work/share-baseline-classes:$classpath" \
    --consumer-java-opts "${CONSUMER_JAVA_OPTS:--Xmx1g}" \
    --clock-ticks "$(getconf CLK_TCK)" \
    --broker-pid "$broker_pid" \
    --live "$live" \
    --work "$work" \
    --results "$results" &
  bench_pids=($!)
  wait "${bench_pids[0]}" || status=$?
  bench_pids=()
  if command -v rsvg-convert > /dev/null && [ -f "$results/consumer.svg" ]; then
    rsvg-convert -o "$results/consumer.png" "$results/consumer.svg"
  fi
  [ "$status" -eq 0 ] || break
done
echo "machine after: $(uptime)"
if [ "$repeat" -gt 1 ] && [ "$status" -eq 0 ]; then
  runs=("$root"/bench/results/consumer-runs/run-*)
  python3 "$root/bench/summarize_runs.py" "${runs[@]}" \
    > "$root/bench/results/consumer-runs/summary.md"
  cat "$root/bench/results/consumer-runs/summary.md"
  echo "results: bench/results/consumer-runs/run-<i>/consumer.{json,md,svg,png}, summary.md"
  exit 0
fi
echo "results: bench/results/consumer.{json,md,svg,png}"
exit "$status"
