package io.kappareplay.consumer.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** What the share-group ITs ask of and set on a share group. */
public final class ShareGroups {
    private ShareGroups() {}

    /**
     * Shortens the group's acquisition lock to the broker's minimum (15 s), so that records a
     * killed instance held come back sooner than after the default 30 s.
     */
    public static void shortenLock(Map<String, String> kafka, String group) throws Exception {
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            admin.incrementalAlterConfigs(
                            Map.of(
                                    new ConfigResource(ConfigResource.Type.GROUP, group),
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            "share.record.lock.duration.ms",
                                                            "15000"),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
    }

    /**
     * Waits until {@code members} members of the share group have partitions assigned, while {@code
     * alive} holds.
     */
    public static void awaitMembersWithPartitions(
            Map<String, String> kafka, String group, int members, BooleanSupplier alive)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            while (true) {
                if (!alive.getAsBoolean()) {
                    throw new AssertionError("an instance stopped while joining " + group);
                }
                ShareGroupDescription description = null;
                try {
                    description = admin.describeShareGroups(List.of(group)).all().get().get(group);
                } catch (ExecutionException e) {
                    // Not created until the first member joins.
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
                long withPartitions =
                        description == null
                                ? 0
                                : description.members().stream()
                                        .map(ShareMemberDescription::assignment)
                                        .filter(a -> !a.topicPartitions().isEmpty())
                                        .count();
                if (withPartitions >= members) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            members + " members with partitions in " + group + ": " + description);
                }
                // Paces the describeShareGroups calls of this condition wait.
                Thread.sleep(200);
            }
        }
    }
}
