package io.kappareplay.publisher.contract;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.StructType;

/**
 * The source's columns matched against the contract's fields, once, before any row is read: the
 * {@link ReconciliationReport} to print, and the {@link RowCoercer} to run unless the report stops
 * the job.
 *
 * <p>A column fills the field its {@code ingress.column-mapping} entry names, or the field of its
 * own name; nested struct fields match by name. Names are compared exactly, as Avro does; a column
 * that differs from a field only in case is pointed out in the report.
 *
 * <pre>{@code
 * ContractBinding binding = ContractBinding.bind(
 *         df.schema(), spec.source().keyColumn(), spec.ingress().columnMapping(), contract);
 * log.info("{}", binding.report().toTable());
 * RowCoercer coercer = binding.coercer(); // throws ContractMismatchException on STOP
 * }</pre>
 */
public final class ContractBinding {
    private final ReconciliationReport report;
    private final RowCoercer coercer;

    private ContractBinding(ReconciliationReport report, RowCoercer coercer) {
        this.report = report;
        this.coercer = coercer;
    }

    /**
     * Matches {@code source} against {@code contract}.
     *
     * @param source the schema of the rows to coerce, with the source's own column names
     * @param keyColumn {@code source.key-column}: checked to exist, and not reported as unmapped
     *     when no field takes it
     * @param columnMapping {@code ingress.column-mapping}: source column to contract field
     * @param contract the Avro record every published value is written with
     */
    public static ContractBinding bind(
            StructType source,
            String keyColumn,
            Map<String, String> columnMapping,
            Schema contract) {
        requireNonNull(source, "source");
        requireNonNull(keyColumn, "keyColumn");
        requireNonNull(contract, "contract");
        Map<String, String> mapping =
                new LinkedHashMap<>(requireNonNull(columnMapping, "columnMapping"));
        ConversionPlanner planner = new ConversionPlanner();
        RecordPlan plan = planner.plan(source, keyColumn, mapping, contract);
        ReconciliationReport report =
                new ReconciliationReport(
                        contract.getFullName(), source.length(), planner.findings());
        if (report.verdict() == Verdict.STOP) {
            return new ContractBinding(report, null);
        }
        if (plan == null) {
            throw new IllegalStateException(
                    "No coercion plan for contract "
                            + contract.getFullName()
                            + ", yet the report finds no error: a defect of the publisher;"
                            + " report it with this report:\n"
                            + report.toTable());
        }
        return new ContractBinding(report, new RowCoercer(source, keyColumn, mapping, plan));
    }

    public ReconciliationReport report() {
        return report;
    }

    /**
     * The coercer for the executors.
     *
     * @throws ContractMismatchException when the report's verdict is {@link Verdict#STOP}
     */
    public RowCoercer coercer() {
        if (coercer == null) {
            throw new ContractMismatchException(report);
        }
        return coercer;
    }
}
