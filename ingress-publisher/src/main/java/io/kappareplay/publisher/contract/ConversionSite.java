package io.kappareplay.publisher.contract;

import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataType;

/**
 * Where in the two schemas a conversion is planned, as its findings name it.
 *
 * @param field the contract field's path, e.g. {@code items[].sku}
 * @param column the source column's path, e.g. {@code lines[].sku}
 * @param type the column's Spark type
 * @param schema the field's Avro schema, with its union when it takes null
 */
record ConversionSite(String field, String column, DataType type, Schema schema) {}
