package io.kappareplay.publisher.contract;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/** Rows shaped as Spark hands them to a {@code foreachPartition}: Scala collections inside. */
final class SparkRows {
    private SparkRows() {}

    static Row row(Object... values) {
        return RowFactory.create(values);
    }

    /** An array column's value: a Scala {@code Seq}. */
    static scala.collection.Seq<Object> seq(Object... elements) {
        return CollectionConverters.asScala(Arrays.asList(elements)).toSeq();
    }

    /** A map column's value: a Scala {@code Map}, in the order given. */
    static scala.collection.Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return CollectionConverters.asScala(map);
    }
}
