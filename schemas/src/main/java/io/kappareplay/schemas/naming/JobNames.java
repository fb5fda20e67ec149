package io.kappareplay.schemas.naming;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Every name a job creates, derived from its job id, so that the publisher, the consumer, the sink
 * and the analytics find each other's topics, groups, paths and tables without configuration.
 *
 * <pre>{@code
 * JobNames names = JobNames.of("orders-2024");
 * names.ingressTopic();                  // kappa.orders-2024.ingress
 * JobNames.valueSubject(names.ingressTopic()); // kappa.orders-2024.ingress-value
 * names.egressPath(URI.create("s3a://lake/warehouse"));
 *                                        // s3a://lake/warehouse/kappa/egress/job_id=orders-2024/
 * names.egressTable();                   // kappa_orders_2024_egress
 * }</pre>
 *
 * @param jobId a job id matching {@link #JOB_ID_PATTERN}
 */
public record JobNames(String jobId) {

    /** What a job id must match: it ends up in topic names, group ids, paths and table names. */
    public static final Pattern JOB_ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The job id rule in words, for error messages. */
    public static final String JOB_ID_RULE =
            "use 1 to 63 lower-case letters, digits or '-', starting with a letter or digit"
                    + " (pattern "
                    + JOB_ID_PATTERN.pattern()
                    + ")";

    // Roles end up between dots in a transactional id, so they get the same alphabet as job ids.
    private static final Pattern ROLE_PATTERN = Pattern.compile("[a-z][a-z0-9-]*");

    /**
     * @throws IllegalArgumentException if the id does not match {@link #JOB_ID_PATTERN}
     */
    public JobNames {
        requireNonNull(jobId, "jobId");
        if (!isValidJobId(jobId)) {
            throw new IllegalArgumentException(
                    "job id '" + jobId + "' is not valid; " + JOB_ID_RULE);
        }
    }

    /**
     * The names of the job with this id.
     *
     * @throws IllegalArgumentException if the id does not match {@link #JOB_ID_PATTERN}
     */
    public static JobNames of(String jobId) {
        return new JobNames(jobId);
    }

    /** Whether {@code jobId} matches {@link #JOB_ID_PATTERN}. */
    public static boolean isValidJobId(String jobId) {
        return JOB_ID_PATTERN.matcher(jobId).matches();
    }

    /** {@code kappa.<job>.ingress}: the rows of the snapshot, keyed by business key. */
    public String ingressTopic() {
        return "kappa." + jobId + ".ingress";
    }

    /** {@code kappa.<job>.egress}: the handler's outputs, as many partitions as ingress. */
    public String egressTopic() {
        return "kappa." + jobId + ".egress";
    }

    /** {@code kappa.<job>.dlq}: inputs the handler could not finish, with the error headers. */
    public String dlqTopic() {
        return "kappa." + jobId + ".dlq";
    }

    /** {@code <topic>-value}: the registry subject of a topic's values (topic-name strategy). */
    public static String valueSubject(String topic) {
        return requireNonNull(topic, "topic") + "-value";
    }

    /** {@code <topic>-key}: the registry subject of a topic's keys, where keys are Avro. */
    public static String keySubject(String topic) {
        return requireNonNull(topic, "topic") + "-key";
    }

    /** {@code kappa.<job>}: the consumer group of the service consumer. */
    public String consumerGroup() {
        return "kappa." + jobId;
    }

    /** {@code kappa.<job>.share}: the share group, when the consumer runs on share groups. */
    public String shareGroup() {
        return "kappa." + jobId + ".share";
    }

    /** {@code kappa.<job>.}: what every transactional id of the job starts with. */
    public String transactionalIdPrefix() {
        return "kappa." + jobId + ".";
    }

    /**
     * {@code kappa.<job>.<role>.<index>}, e.g. {@code kappa.orders.publisher.7}: one id per
     * producer that must fence its own previous incarnation (a Spark task's partition, a consumer
     * instance).
     *
     * @param role lower-case letters, digits and '-', starting with a letter
     * @param index zero or more
     */
    public String transactionalId(String role, int index) {
        requireNonNull(role, "role");
        if (!ROLE_PATTERN.matcher(role).matches()) {
            throw new IllegalArgumentException(
                    "transactional id role '"
                            + role
                            + "' is not valid; use lower-case letters, digits or '-', starting with"
                            + " a letter (pattern "
                            + ROLE_PATTERN.pattern()
                            + ")");
        }
        if (index < 0) {
            throw new IllegalArgumentException(
                    "transactional id index " + index + " is not valid; use 0 or more");
        }
        return transactionalIdPrefix() + role + "." + index;
    }

    /** {@code <root>/kappa/egress/job_id=<job>/}: landed egress rows, below it {@code dt=...}. */
    public URI egressPath(URI warehouseRoot) {
        return under(warehouseRoot, "kappa/egress/job_id=" + jobId + "/");
    }

    /** {@code <root>/kappa/dlq/job_id=<job>/}: landed DLQ records. */
    public URI dlqPath(URI warehouseRoot) {
        return under(warehouseRoot, "kappa/dlq/job_id=" + jobId + "/");
    }

    /** {@code <root>/kappa/rejects/job_id=<job>/}: rows the publisher rejected, with reasons. */
    public URI rejectsPath(URI warehouseRoot) {
        return under(warehouseRoot, "kappa/rejects/job_id=" + jobId + "/");
    }

    /** {@code <root>/kappa/ledger/job_id=<job>/}: one row per published record. */
    public URI ledgerPath(URI warehouseRoot) {
        return under(warehouseRoot, "kappa/ledger/job_id=" + jobId + "/");
    }

    /** {@code <root>/kappa/manifests/<job>/ingress.json}, written by the publisher. */
    public URI ingressManifest(URI warehouseRoot) {
        return under(warehouseRoot, "kappa/manifests/" + jobId + "/ingress.json");
    }

    /** {@code <root>/kappa/manifests/<job>/egress.json}, written once the job is drained. */
    public URI egressManifest(URI warehouseRoot) {
        return under(warehouseRoot, "kappa/manifests/" + jobId + "/egress.json");
    }

    /** {@code <root>/kappa/manifests/<job>/sink.json}, written by the sink. */
    public URI sinkManifest(URI warehouseRoot) {
        return under(warehouseRoot, "kappa/manifests/" + jobId + "/sink.json");
    }

    /** {@code kappa_<job>_egress}, the job id's '-' as '_' so Hive and Spark SQL accept it. */
    public String egressTable() {
        return table("egress");
    }

    /** {@code kappa_<job>_dlq}. */
    public String dlqTable() {
        return table("dlq");
    }

    /** {@code kappa_<job>_rejects}. */
    public String rejectsTable() {
        return table("rejects");
    }

    /** {@code kappa_<job>_ledger}. */
    public String ledgerTable() {
        return table("ledger");
    }

    // Job ids cannot contain '_', so replacing '-' keeps distinct jobs on distinct tables.
    private String table(String kind) {
        return "kappa_" + jobId.replace('-', '_') + "_" + kind;
    }

    // String concatenation rather than URI.resolve: resolve drops the empty authority of
    // file:///x (giving file:/x) and replaces the root's last segment when it lacks a '/'.
    private static URI under(URI warehouseRoot, String relative) {
        requireNonNull(warehouseRoot, "warehouseRoot");
        if (!warehouseRoot.isAbsolute()
                || warehouseRoot.isOpaque()
                || warehouseRoot.getRawQuery() != null
                || warehouseRoot.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "warehouse root '"
                            + warehouseRoot
                            + "' is not valid; use an absolute URI without query or fragment, e.g."
                            + " file:///tmp/kappa-warehouse, hdfs://namenode:8020/warehouse or"
                            + " s3a://bucket/warehouse");
        }
        String root = warehouseRoot.toString();
        return URI.create(root.endsWith("/") ? root + relative : root + "/" + relative);
    }
}
