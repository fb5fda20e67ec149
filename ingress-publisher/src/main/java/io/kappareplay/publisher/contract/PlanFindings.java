package io.kappareplay.publisher.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The findings of one planning pass, in the order they are found. Each shorthand for a conversion
 * ({@link #lossy}, {@link #parsed}, {@link #truncated}, {@link #unsupported}, {@link #mismatch})
 * records its finding and returns what the plan gets, the converter or null, so that a planner
 * states both in one expression and cannot return a converter without its finding.
 */
final class PlanFindings {
    private final List<Finding> findings = new ArrayList<>();

    List<Finding> list() {
        return List.copyOf(findings);
    }

    void add(Finding finding) {
        findings.add(finding);
    }

    /** A finding about the conversion at {@code site}, naming both its field and its column. */
    void add(FindingKind kind, ConversionSite site, String detail) {
        findings.add(
                new Finding(
                        kind,
                        Optional.of(site.field()),
                        Optional.of(site.column()),
                        Optional.of(site.type().simpleString()),
                        Optional.of(AvroTypes.describe(site.schema())),
                        detail));
    }

    /** {@code converter}, which rejects the values {@code detail} names. */
    ValueConverter lossy(ConversionSite site, String detail, ValueConverter converter) {
        add(FindingKind.LOSSY_CONVERSION, site, detail);
        return converter;
    }

    /** {@code converter}, which parses the text it is given and rejects what does not parse. */
    ValueConverter parsed(ConversionSite site, String accepted, ValueConverter converter) {
        add(
                FindingKind.PARSED_FROM_TEXT,
                site,
                "text is parsed; accepted: "
                        + accepted
                        + "; rows whose text does not parse are"
                        + " rejected");
        return converter;
    }

    /** {@code converter}, which changes values as {@code detail} says. */
    ValueConverter truncated(ConversionSite site, String detail, ValueConverter converter) {
        add(FindingKind.TRUNCATED_PRECISION, site, detail);
        return converter;
    }

    /** No converter: the publisher converts nothing into the logical type {@code logical}. */
    ValueConverter unsupported(ConversionSite site, String logical) {
        add(
                FindingKind.UNSUPPORTED_CONTRACT_TYPE,
                site,
                "the logical type "
                        + logical
                        + " has no Spark 4.0 column type the publisher converts from; use a"
                        + " field type listed in docs/decisions/0011-contract-coercion-rules.md");
        return null;
    }

    /** No converter: no value of the column's type fills {@code schema}. */
    ValueConverter mismatch(ConversionSite site, Schema schema) {
        add(FindingKind.TYPE_MISMATCH, site, FindingDetails.mismatch(site.type(), schema));
        return null;
    }
}
