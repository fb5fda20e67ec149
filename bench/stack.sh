# Shared by the bench scripts (sourced, not run): build the consumer, start the local stack in a
# scratch directory, and clean up on exit. The caller sets `root` and `work` before sourcing it,
# and adds the pids it starts to `bench_pids` (the driver first) so that the trap stops them.
bench_pids=()
launcher=""

bench_cleanup() {
  # Only what the script started: its children (whose shutdown hooks kill their own consumers), any
  # consumer a driver left behind, and the local stack's launcher (which stops broker and registry).
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -f "$work/consumer.pid" ]; then
    kill -9 "$(cat "$work/consumer.pid")" 2>/dev/null || true
  fi
  if [ -f "$work/instances.pids" ]; then # several instances started by one shell (consumer.sh)
    kill -9 $(cat "$work/instances.pids") 2>/dev/null || true
  fi
  if [ -n "$launcher" ]; then
    kill "$launcher" 2>/dev/null || true
    wait "$launcher" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Builds service-consumer and kappa-local; sets `classpath` to the consumer's runtime class path.
bench_build_consumer() {
  echo "building service-consumer and kappa-local..."
  (cd "$root" && ./mvnw -B -q -ntp -pl service-consumer -am package dependency:build-classpath \
    -DskipTests -DincludeScope=runtime -Dmdep.outputFile="$work/classpath.txt")
  local consumer_jar
  consumer_jar="$(ls "$root"/service-consumer/target/kappa-service-consumer-*.jar | grep -v -e '-tests.jar' -e '-sources.jar' | head -1)"
  classpath="$consumer_jar:$(cat "$work/classpath.txt")"
}

# Starts the local stack; sets `bootstrap`, `url` and `broker_pid`.
bench_start_stack() {
  "$root/bin/local-stack" --data-dir "$work/local" > "$work/launcher.out" 2>&1 &
  launcher=$!
  for _ in $(seq 1 1200); do
    grep -q "Press Ctrl-C" "$work/launcher.out" 2>/dev/null && break
    kill -0 "$launcher" 2>/dev/null || { cat "$work/launcher.out"; exit 1; }
    sleep 0.1
  done
  grep "kappa-local: started" "$work/launcher.out"
  local state="$work/local/local-stack.properties"
  bootstrap="$(grep '^bootstrap.servers=' "$state" | cut -d= -f2- | sed 's/\\:/:/g')"
  url="$(grep '^schema.registry.url=' "$state" | cut -d= -f2- | sed 's/\\:/:/g')"
  broker_pid="$(grep '^kafka.pid=' "$state" | cut -d= -f2-)"
}
