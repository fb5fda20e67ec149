/**
 * From a source table's rows to records of the Avro contract, before anything is published.
 *
 * <p>{@link io.kappareplay.publisher.contract.ContractBinding#bind} matches the source's Spark
 * schema (with the spec's {@code ingress.column-mapping}) against the contract once, on the driver.
 * It gives a {@link io.kappareplay.publisher.contract.ReconciliationReport} (missing fields, type
 * mismatches, lossy conversions, unmapped columns, as a table and as JSON) and, unless the report
 * finds errors that would reject every row, a {@link io.kappareplay.publisher.contract.RowCoercer}:
 * the serializable function the executors run on each {@code Row}. Coercion is explicit and never
 * rounds: a value that does not fit its field exactly makes a {@link
 * io.kappareplay.publisher.contract.FieldReject}, not an exception, and every record it builds is
 * checked by {@link io.kappareplay.publisher.contract.ContractValidator} last. The rules are in
 * docs/decisions/0011-contract-coercion-rules.md.
 *
 * <p>Report and coercion come from one plan, so the report never promises what coercion does not
 * do. Nothing here depends on the JVM's or the Spark session's time zone.
 */
package io.kappareplay.publisher.contract;
