package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link ClusterBackend}, run against every implementation: one subclass per
 * implementation supplies a {@link Fixture} (JCTools' pattern). The scheduling rules rely on each
 * clause; a backend that breaks one would send tasks where their data is not.
 *
 * <pre>{@code
 * class InMemoryBackendContractTest extends ClusterBackendContract {
 *     protected Fixture start() { ... three members, one backup ... }
 * }
 * }</pre>
 *
 * <p>Subclasses may add checks of their own on {@link #backend()}, the shared cluster's backend.
 *
 * <p>The read-only clauses share one cluster, started by the first of them; the clause about a member
 * leaving starts a cluster of its own. Never are two clusters up at once: a real cluster may hold
 * names that are unique per JVM (Hazelcast's instance names are).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClusterBackendContract {

    /** How many members a fixture starts. */
    protected static final int MEMBERS = 3;
    /** How many backups of each partition a fixture configures. */
    protected static final int BACKUPS = 1;

    private static final String STRANGER = "no-such-member";

    /** A running cluster of {@link #MEMBERS} members with {@link #BACKUPS} backup per partition, for one test. */
    protected interface Fixture extends AutoCloseable {

        /** The backend under test, over one of the members, with every partition assigned. */
        ClusterBackend backend();

        /** Makes {@code member}, never the backend's own, leave the cluster the orderly way. */
        void removeMember(String member);

        /**
         * Runs {@code check} until it passes, within the implementation's bound for its table to
         * settle after a change: once for a table set by hand, with a bounded wait for a real cluster.
         * Rethrows the last failure when the bound passes.
         */
        void awaitSettled(Runnable check);

        /** Stops what {@link #start()} started. */
        @Override
        void close();
    }

    /** Starts a fresh cluster: {@link #MEMBERS} members, {@link #BACKUPS} backup per partition, every partition assigned. */
    protected abstract Fixture start();

    private Fixture shared;

    @AfterAll
    void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** The backend of the cluster the read-only clauses share, starting it if no test has yet; for subclasses' own checks. */
    protected final ClusterBackend backend() {
        if (shared == null) {
            shared = start();
        }
        return shared.backend();
    }

    @Test
    public void theLocalMemberIsOneOfTheMembers() {
        assertThat(backend().members()).contains(backend().localMember());
    }

    @Test
    public void membersAreDistinctAndAllPresent() {
        List<String> members = backend().members();
        assertThat(members).doesNotHaveDuplicates().doesNotContainNull().hasSize(MEMBERS);
    }

    @Test
    public void thePartitionCountIsPositiveAndFixed() {
        int count = backend().partitionCount();
        assertThat(count).isPositive();
        assertThat(backend().partitionCount()).isEqualTo(count);
    }

    @Test
    public void everyPartitionIsOwnedByAMember() {
        ClusterBackend b = backend();
        List<String> members = b.members();
        for (int p = 0; p < b.partitionCount(); p++) {
            assertThat(b.ownerOf(p)).as("owner of partition %d", p).isIn(members);
        }
    }

    @Test
    public void backupsAreDistinctMembersOtherThanTheOwnerAndNoMoreThanConfigured() {
        ClusterBackend b = backend();
        List<String> members = b.members();
        for (int p = 0; p < b.partitionCount(); p++) {
            List<String> backups = b.backupsOf(p);
            assertThat(backups).as("backups of partition %d", p)
                    .doesNotHaveDuplicates()
                    .doesNotContain(b.ownerOf(p))
                    .hasSizeLessThanOrEqualTo(BACKUPS);
            assertThat(members).as("members, holding the backups of partition %d", p).containsAll(backups);
        }
    }

    @Test
    public void relationAgreesWithOwnerAndBackupsForEveryMemberAndPartition() {
        ClusterBackend b = backend();
        for (int p = 0; p < b.partitionCount(); p++) {
            String owner = b.ownerOf(p);
            List<String> backups = b.backupsOf(p);
            for (String m : b.members()) {
                Relation expected = m.equals(owner) ? Relation.OWNER : backups.contains(m) ? Relation.BACKUP : Relation.OTHER;
                assertThat(b.relation(m, p)).as("%s to partition %d (owner %s, backups %s)", m, p, owner, backups)
                        .isEqualTo(expected);
            }
            assertThat(b.relation(STRANGER, p)).as("a stranger to partition %d", p).isEqualTo(Relation.OTHER);
        }
    }

    @Test
    public void partitionsOutsideTheRangeAreRefusedNamingThePartition() {
        ClusterBackend b = backend();
        String member = b.localMember();
        for (int p : new int[] {-1, b.partitionCount(), b.partitionCount() + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            String named = "partition " + p;
            assertThatThrownBy(() -> b.ownerOf(p)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
            assertThatThrownBy(() -> b.backupsOf(p)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
            assertThatThrownBy(() -> b.relation(member, p)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
        }
    }

    /**
     * A leave ends with the leaver holding nothing and every partition owned by a remaining member.
     * Which member takes over a partition is the implementation's choice: a crash can only promote a
     * backup (no one else has the data), but an orderly leave hands the data over first, and Hazelcast
     * then gives ownership to whichever member its table arrangement prefers, not always the backup.
     */
    @Test
    public void aMemberThatLeavesHoldsNothingAfterwardsAndEveryPartitionKeepsAnOwner() {
        stopShared();
        try (Fixture f = start()) {
            ClusterBackend b = f.backend();
            List<String> before = b.members();
            String leaver = before.get(before.size() - 1).equals(b.localMember()) ? before.get(0) : before.get(before.size() - 1);
            Set<Integer> held = new HashSet<>();
            for (int p = 0; p < b.partitionCount(); p++) {
                if (b.relation(leaver, p) != Relation.OTHER) {
                    held.add(p);
                }
            }
            assertThat(held).as("partitions %s owns or backs up before it leaves", leaver).isNotEmpty();

            f.removeMember(leaver);

            f.awaitSettled(() -> {
                List<String> members = b.members();
                assertThat(members).doesNotContain(leaver).hasSize(MEMBERS - 1).contains(b.localMember());
                for (int p = 0; p < b.partitionCount(); p++) {
                    assertThat(b.ownerOf(p)).as("owner of partition %d", p).isIn(members);
                    assertThat(b.backupsOf(p)).as("backups of partition %d", p).doesNotContain(leaver)
                            .doesNotContain(b.ownerOf(p)).hasSizeLessThanOrEqualTo(BACKUPS);
                    assertThat(members).as("members, holding the backups of partition %d", p).containsAll(b.backupsOf(p));
                    assertThat(b.relation(leaver, p)).as("%s to partition %d", leaver, p).isEqualTo(Relation.OTHER);
                }
            });
        }
    }
}
