package io.kappareplay.publisher.contract;

import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

/**
 * What the planner reads off Spark's column types beyond their class: how many decimal digits the
 * range of an integral column spans, which decides whether every value fits a decimal field, and
 * whether a column is a number that could be mistaken for a time.
 */
final class SparkTypes {
    private SparkTypes() {}

    /** Decimal digits of Spark's integral types' range; 0 for other types. */
    static int integralDigits(DataType type) {
        if (type instanceof ByteType) {
            return 3;
        }
        if (type instanceof ShortType) {
            return 5;
        }
        if (type instanceof IntegerType) {
            return 10;
        }
        return type instanceof LongType ? 19 : 0;
    }
}
