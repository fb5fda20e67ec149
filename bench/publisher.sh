#!/usr/bin/env bash
# Issue 6's publisher benchmark: the ingress publisher (IngressPublisherJob, its spark-app jar run by
# spark-submit --master local[2]) against Kafka's stock producer perf tool (ProducerPerformance of
# the broker's own Kafka release) on the same local broker, in the same run. Generates N order rows
# of about 200 bytes (as Avro) as Parquet, publishes them with the job (window mode, 100 partitions,
# a transaction per Spark partition, acks=all, lz4), then has the perf tool send N records of the
# same mean value size to fresh 100-partition topics: transactional, transactional with payloads
# sampled from the publisher's topic, and not transactional. Prints progress; writes
# bench/results/publisher.{json,md,svg,png}.
#
# Usage: bench/publisher.sh [N]
#   N  rows the job publishes and records of every perf tool run (default 1000000)
# Environment:
#   SHUFFLE_PARTITIONS  spark.sql.shuffle.partitions: the job's Spark partitions, each one Kafka
#                       transaction and one producer (default 4: two per core of local[2])
#   COMPRESSION         compression of both sides: lz4, zstd or none (default lz4, the publisher's)
#   DRIVER_MEMORY       spark-submit --driver-memory (default 2g)
#   DRIVER_JAVA_OPTIONS more options for the Spark driver JVM, where local[2] runs the tasks: e.g.
#                       -XX:StartFlightRecording=filename=/tmp/publisher.jfr to profile the job
#   WARMUP_RECORDS      records of an unmeasured perf tool run that warms the broker up first
#                       (default 200000; 0 for none)
#   RAW_TRANSACTION_MS  the perf tool's --transaction-duration-ms (default 3000, the tool's own)
#   PRODUCER_PROPERTIES Kafka producer properties for the job's kafka.properties, as
#                       "name=value name=value" (e.g. "linger.ms=50 batch.size=65536")
#   KAPPA_SPARK_SUBMIT  the spark-submit to run (default: the one of the pyspark venv that .ci/run
#                       installs under ~/.cache/kappa/pyspark-<spark version>)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
rows="${1:-1000000}"
spark_version=$(sed -n 's:.*<dep.spark.version>\(.*\)</dep.spark.version>.*:\1:p' "$root/pom.xml")
kafka_version=$(sed -n 's:.*<dep.kafka.broker.version>\(.*\)</dep.kafka.broker.version>.*:\1:p' "$root/pom.xml")
pyspark_venv="${XDG_CACHE_HOME:-$HOME/.cache}/kappa/pyspark-$spark_version"
python="$pyspark_venv/bin/python"
if [ ! -f "$pyspark_venv/.kappa-installed" ]; then
  echo "no pyspark $spark_version in $pyspark_venv: run bash .ci/run once (its spark-submit phase" \
    "installs it), or: python3 -m venv $pyspark_venv && $pyspark_venv/bin/pip install" \
    "pyspark==$spark_version && echo $spark_version > $pyspark_venv/.kappa-installed" >&2
  exit 1
fi
# The script inside the package, as .ci/run does: it finds its Spark home beside itself.
spark_submit="${KAPPA_SPARK_SUBMIT:-$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')/bin/spark-submit}"
# spark-submit and pyspark start the Java on the PATH unless JAVA_HOME says otherwise.
JAVA_HOME="${JAVA_HOME:-$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2}')}"
export JAVA_HOME
work="$(mktemp -d)"
source "$root/bench/stack.sh"

echo "building the ingress publisher's spark-app jar and kappa-local..."
(cd "$root" && ./mvnw -B -q -ntp -pl ingress-publisher,local -am package -DskipTests)
spark_app_jar="$(ls "$root"/ingress-publisher/target/kappa-ingress-publisher-*-spark-app.jar | head -1)"
echo "resolving Kafka's producer perf tool, kafka-tools $kafka_version (bench/kafka-tools/pom.xml)..."
(cd "$root" && ./mvnw -B -q -ntp -f bench/kafka-tools/pom.xml dependency:build-classpath \
  -Dkafka.version="$kafka_version" -Dmdep.outputFile="$work/tools-classpath.txt")

echo "generating $rows order rows as Parquet (pyspark $spark_version, local[2])..."
# In the background so that a signal reaches the trap at once.
SPARK_LOCAL_IP=127.0.0.1 "$python" "$root/bench/generate_orders.py" "$rows" "$work/orders" \
  "$work/order.avsc" > "$work/generate.log" 2>&1 &
bench_pids=($!)
wait "${bench_pids[0]}" || { tail -40 "$work/generate.log"; exit 1; }
bench_pids=()
grep -o 'generated .*' "$work/generate.log"

bench_start_stack
echo "machine: $(nproc) cores; $(uptime)"
job=bench-publisher
cat > "$work/job.yaml" <<YAML
# Written by bench/publisher.sh: every row of the generated table, created in June 2024.
job-id: $job
source:
  format: parquet
  path: file://$work/orders
  key-column: order_id
  point-in-time:
    mode: window
    event-time-column: created_at
    from: 2024-06-01T00:00:00Z
    to: 2024-07-01T00:00:00Z
ingress:
  contract:
    avsc: order.avsc
  partitions: 100
warehouse-root: file://$work/warehouse
kafka:
  bootstrap-servers: $bootstrap
$(if [ -n "${PRODUCER_PROPERTIES:-}" ]; then
  echo "  properties:"
  for property in $PRODUCER_PROPERTIES; do echo "    ${property%%=*}: \"${property#*=}\""; done
fi)
registry:
  url: $url
YAML

java -Dslf4j.internal.verbosity=ERROR -cp "$(cat "$work/tools-classpath.txt")" \
  "$root/bench/PublisherComparison.java" \
  --rows "$rows" \
  --bootstrap-servers "$bootstrap" \
  --broker-pid "$broker_pid" \
  --job "$job" \
  --spec "$work/job.yaml" \
  --warehouse "$work/warehouse" \
  --spark-submit "$spark_submit" \
  --spark-app-jar "$spark_app_jar" \
  --shuffle-partitions "${SHUFFLE_PARTITIONS:-4}" \
  --driver-memory "${DRIVER_MEMORY:-2g}" \
  --driver-java-options "${DRIVER_JAVA_OPTIONS:-}" \
  --producer-properties "${PRODUCER_PROPERTIES:-}" \
  --compression "${COMPRESSION:-lz4}" \
  --warmup-records "${WARMUP_RECORDS:-200000}" \
  --raw-transaction-ms "${RAW_TRANSACTION_MS:-3000}" \
  --tools-classpath "$work/tools-classpath.txt" \
  --kafka-version "$kafka_version" \
  --spark-version "$spark_version" \
  --work "$work" \
  --results "$root/bench/results" &
bench_pids=($!)
status=0
wait "${bench_pids[0]}" || status=$?
bench_pids=()
if command -v rsvg-convert > /dev/null && [ -f "$root/bench/results/publisher.svg" ]; then
  rsvg-convert -o "$root/bench/results/publisher.png" "$root/bench/results/publisher.svg"
fi
echo "machine after: $(uptime)"
[ "$status" -eq 0 ] && echo "results: bench/results/publisher.{json,md,svg,png}"
exit "$status"
