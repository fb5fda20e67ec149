"""Writes the source table of bench/publisher.sh: N order rows as Parquet, each about 200 bytes
once the publisher has encoded it as Avro (Confluent framing included), and the matching contract.

Usage: python generate_orders.py N OUTPUT_DIR CONTRACT_AVSC

Run with the python of the pyspark venv that .ci/run installs (pyspark of the publisher's Spark
version). Every value is a function of the row's id (xxhash64 with a seed per column), so two runs
write the same table. created_at falls in June 2024, the window the bench's job spec publishes.
"""
import json
import sys
import time

from pyspark.sql import SparkSession

# 16 words of 3 to 9 letters: a note of 18 of them is ~130 characters of text that compresses the
# way free text does, neither random bytes nor one repeated string.
WORDS = ["express", "standard", "gift", "fragile", "return", "priority", "bulk", "sample",
         "warehouse", "north", "south", "east", "west", "retail", "online", "box"]

CONTRACT = {
    "type": "record", "name": "Order", "namespace": "io.kappareplay.bench",
    "fields": [
        {"name": "order_id", "type": "long"},
        {"name": "customer_id", "type": "long"},
        {"name": "customer", "type": "string"},
        {"name": "amount", "type": "double"},
        {"name": "price",
         "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
        {"name": "status", "type": "string"},
        {"name": "created_at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "note", "type": "string"},
    ],
}


def main():
    rows, output, contract = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    started = time.monotonic()
    spark = (SparkSession.builder.master("local[2]").appName("kappa-bench-orders")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    words = "array(" + ", ".join("'%s'" % w for w in WORDS) + ")"
    orders = spark.range(0, rows, numPartitions=4).selectExpr(
        "id AS order_id",
        "pmod(xxhash64(id, 1), 50000) AS customer_id",
        "format_string('customer-%06d', pmod(xxhash64(id, 1), 50000)) AS customer",
        "CAST(pmod(xxhash64(id, 2), 1000000) / 100.0 AS DOUBLE) AS amount",
        "CAST(pmod(xxhash64(id, 3), 10000000) / 100.0 AS DECIMAL(12, 2)) AS price",
        "element_at(array('PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'RETURNED'),"
        " CAST(pmod(xxhash64(id, 4), 5) + 1 AS INT)) AS status",
        # 2024-06-01T00:00:00Z plus up to 30 days, in microseconds.
        "timestamp_micros(1717200000000000 + pmod(xxhash64(id, 5), 2592000000000)) AS created_at",
        "concat_ws(' ', transform(sequence(1, 18),"
        " i -> element_at(%s, CAST(pmod(xxhash64(id, 100 + i), 16) + 1 AS INT)))) AS note" % words,
    )
    orders.write.mode("overwrite").parquet(output)
    with open(contract, "w", encoding="utf-8") as out:
        json.dump(CONTRACT, out, indent=2)
    written = spark.read.parquet(output).count()
    spark.stop()
    print("generated %d rows in %.1f s: %s" % (written, time.monotonic() - started, output),
          flush=True)
    if written != rows:
        sys.exit("wrote %d rows, expected %d" % (written, rows))


if __name__ == "__main__":
    main()
