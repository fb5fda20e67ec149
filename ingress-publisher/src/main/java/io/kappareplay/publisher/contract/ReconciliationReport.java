package io.kappareplay.publisher.contract;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the pre-flight reconciliation found when it matched the source's columns against the
 * contract's fields, and whether the job may publish. Printed before anything is published: as a
 * table for the person who runs the job ({@link #toTable()}) and as JSON for tools ({@link
 * #toJson()}).
 *
 * <pre>{@code
 * ReconciliationReport report = ContractBinding.bind(df.schema(), "order_id", mapping, contract).report();
 * System.out.println(report.toTable());
 * if (report.verdict() == Verdict.STOP) { ... }
 * }</pre>
 *
 * @param contract the contract record's full name, e.g. {@code com.example.Order}
 * @param sourceColumns how many top-level columns the source has
 * @param findings errors first, then warnings, then the rest; in field order within each
 */
public record ReconciliationReport(String contract, int sourceColumns, List<Finding> findings) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Types longer than this are cut in the table (the JSON keeps them whole). */
    private static final int MAX_TYPE_WIDTH = 40;

    public ReconciliationReport {
        requireNonNull(contract, "contract");
        findings =
                requireNonNull(findings, "findings").stream()
                        .sorted(Comparator.comparing(Finding::severity))
                        .toList(); // stable: field order within a severity stays
    }

    /** {@link Verdict#STOP} when any finding is an {@link Severity#ERROR}. */
    public Verdict verdict() {
        return count(Severity.ERROR) > 0 ? Verdict.STOP : Verdict.PROCEED;
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** The findings of one severity, in report order. */
    public List<Finding> findings(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /**
     * A summary line, then one row per finding:
     *
     * <pre>
     * Contract com.example.Order against a source of 4 columns: 1 error, 1 warning, 0 infos. STOP: ...
     * SEVERITY  FINDING        FIELD  COLUMN  SOURCE TYPE  CONTRACT TYPE  DETAIL
     * ERROR     MISSING_FIELD  total  -       -            decimal(10,2)  no column fills it ...
     * </pre>
     */
    public String toTable() {
        StringBuilder out = new StringBuilder(summary()).append('\n');
        if (findings.isEmpty()) {
            return out.toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(
                new String[] {
                    "SEVERITY",
                    "FINDING",
                    "FIELD",
                    "COLUMN",
                    "SOURCE TYPE",
                    "CONTRACT TYPE",
                    "DETAIL"
                });
        for (Finding finding : findings) {
            rows.add(
                    new String[] {
                        finding.severity().name(),
                        finding.kind().name(),
                        finding.field().orElse("-"),
                        finding.column().orElse("-"),
                        cut(finding.sourceType().orElse("-")),
                        cut(finding.contractType().orElse("-")),
                        finding.detail()
                    });
        }
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns - 1; c++) {
                line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
            }
            out.append(line.append(row[columns - 1]).toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /**
     * The report as JSON, keys in snake_case like the manifests':
     *
     * <pre>{@code
     * {"contract": "com.example.Order", "source_columns": 4, "verdict": "STOP",
     *  "errors": 1, "warnings": 1, "infos": 0,
     *  "findings": [{"severity": "ERROR", "kind": "MISSING_FIELD", "field": "total", "column": null,
     *                "source_type": null, "contract_type": "decimal(10,2)", "detail": "..."}]}
     * }</pre>
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("contract", contract);
        root.put("source_columns", sourceColumns);
        root.put("verdict", verdict().name());
        root.put("errors", count(Severity.ERROR));
        root.put("warnings", count(Severity.WARNING));
        root.put("infos", count(Severity.INFO));
        ArrayNode list = root.putArray("findings");
        for (Finding finding : findings) {
            ObjectNode node = list.addObject();
            node.put("severity", finding.severity().name());
            node.put("kind", finding.kind().name());
            putOptional(node, "field", finding.field());
            putOptional(node, "column", finding.column());
            putOptional(node, "source_type", finding.sourceType());
            putOptional(node, "contract_type", finding.contractType());
            node.put("detail", finding.detail());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serializes.
            throw new IllegalStateException("Cannot write the reconciliation report as JSON", e);
        }
    }

    @Override
    public String toString() {
        return toTable();
    }

    private String summary() {
        String counts =
                plural(count(Severity.ERROR), "error")
                        + ", "
                        + plural(count(Severity.WARNING), "warning")
                        + ", "
                        + plural(count(Severity.INFO), "info");
        String verdict =
                verdict() == Verdict.STOP
                        ? "STOP: the errors would reject every row, so nothing is published; fix"
                                + " the source, the column mapping or the contract and run again"
                        : "PROCEED: rows that do not fit are rejected one by one";
        return "Contract "
                + contract
                + " against a source of "
                + plural(sourceColumns, "column")
                + ": "
                + counts
                + ". "
                + verdict;
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String cut(String type) {
        return type.length() <= MAX_TYPE_WIDTH
                ? type
                : type.substring(0, MAX_TYPE_WIDTH - 3) + "...";
    }

    private static void putOptional(ObjectNode node, String key, Optional<String> value) {
        value.ifPresentOrElse(v -> node.put(key, v), () -> node.putNull(key));
    }
}
