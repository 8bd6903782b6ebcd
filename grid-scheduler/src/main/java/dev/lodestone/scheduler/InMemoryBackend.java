package dev.lodestone.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ClusterBackend} whose partition table is set by hand: for unit tests and simulations of
 * several members in one JVM. {@link #spread} lays partitions out round-robin the way a balanced
 * cluster would; {@link #assign} moves one.
 *
 * <pre>{@code
 * InMemoryBackend table = InMemoryBackend.spread(List.of("m1", "m2", "m3"), 12, 1);
 * ClusterBackend m2 = table.as("m2");   // the same table, seen from m2
 * table.assign(5, "m3", "m1");          // partition 5: owned by m3, backed up on m1
 * }</pre>
 *
 * <p>THREADING: thread-safe; every method is synchronized on the shared table.
 */
public final class InMemoryBackend implements ClusterBackend {

    private final Table table;
    private final String local;

    private InMemoryBackend(Table table, String local) {
        this.table = table;
        this.local = local;
    }

    /**
     * A table where partition {@code p} is owned by member {@code p mod n} and backed up on the next
     * {@code backups} members, seen from the first member.
     *
     * @throws IllegalArgumentException when there are no members, no partitions, or more backups than other members
     */
    public static InMemoryBackend spread(List<String> members, int partitions, int backups) {
        if (members.isEmpty() || partitions < 1 || backups < 0 || backups >= members.size()) {
            throw new IllegalArgumentException("need members, partitions >= 1 and 0 <= backups < members; got "
                    + members.size() + " members, " + partitions + " partitions, " + backups + " backups");
        }
        if (members.stream().distinct().count() != members.size()) {
            throw new IllegalArgumentException("member names must be distinct: " + members);
        }
        Table t = new Table(List.copyOf(members), partitions);
        for (int p = 0; p < partitions; p++) {
            int n = members.size();
            t.owners[p] = members.get(p % n);
            List<String> b = new ArrayList<>(backups);
            for (int i = 1; i <= backups; i++) {
                b.add(members.get((p + i) % n));
            }
            t.backups.set(p, List.copyOf(b));
        }
        return new InMemoryBackend(t, members.get(0));
    }

    /** The same table, seen from {@code member}. */
    public InMemoryBackend as(String member) {
        synchronized (table) {
            if (!table.members.contains(member)) {
                throw new IllegalArgumentException(member + " is not one of " + table.members);
            }
        }
        return new InMemoryBackend(table, member);
    }

    /**
     * Moves {@code partition} to {@code owner}, with these backups.
     *
     * @throws IllegalArgumentException when a name is not a member, or a backup repeats or is the owner
     */
    public void assign(int partition, String owner, String... backups) {
        synchronized (table) {
            table.check(partition);
            List<String> b = List.of(backups);
            if (!table.members.contains(owner) || !table.members.containsAll(b)) {
                throw new IllegalArgumentException("unknown member in " + owner + " " + b + "; members are " + table.members);
            }
            if (b.contains(owner) || b.stream().distinct().count() != b.size()) {
                throw new IllegalArgumentException("backups must be distinct and not the owner: " + owner + " " + b);
            }
            table.owners[partition] = owner;
            table.backups.set(partition, b);
        }
    }

    /**
     * Removes a member: its partitions go to their first backup (or the next member) as a cluster would promote them.
     *
     * @throws IllegalArgumentException when {@code member} is not a member, or is the last one
     */
    public void remove(String member) {
        synchronized (table) {
            if (!table.members.contains(member)) {
                throw new IllegalArgumentException(member + " is not one of " + table.members);
            }
            if (table.members.size() == 1) {
                throw new IllegalArgumentException(member + " is the last member; its partitions would have no owner");
            }
            table.members.remove(member);
            for (int p = 0; p < table.owners.length; p++) {
                List<String> b = new ArrayList<>(table.backups.get(p));
                b.remove(member);
                if (member.equals(table.owners[p])) {
                    table.owners[p] = b.isEmpty() ? table.members.get(p % table.members.size()) : b.remove(0);
                }
                table.backups.set(p, List.copyOf(b));
            }
        }
    }

    @Override
    public String localMember() {
        return local;
    }

    @Override
    public List<String> members() {
        synchronized (table) {
            return List.copyOf(table.members);
        }
    }

    @Override
    public int partitionCount() {
        return table.owners.length;
    }

    @Override
    public String ownerOf(int partition) {
        synchronized (table) {
            table.check(partition);
            return table.owners[partition];
        }
    }

    @Override
    public List<String> backupsOf(int partition) {
        synchronized (table) {
            table.check(partition);
            return table.backups.get(partition);
        }
    }

    @Override
    public String toString() {
        synchronized (table) {
            return "InMemoryBackend[" + local + " of " + table.members + ", owners " + Arrays.toString(table.owners) + "]";
        }
    }

    /** The shared state; guarded by its own monitor. */
    private static final class Table {
        final List<String> members;
        final String[] owners;
        final List<List<String>> backups;

        Table(List<String> members, int partitions) {
            this.members = new ArrayList<>(Objects.requireNonNull(members));
            this.owners = new String[partitions];
            this.backups = new ArrayList<>(Collections.nCopies(partitions, List.<String>of()));
        }

        void check(int partition) {
            if (partition < 0 || partition >= owners.length) {
                throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (owners.length - 1));
            }
        }
    }
}
