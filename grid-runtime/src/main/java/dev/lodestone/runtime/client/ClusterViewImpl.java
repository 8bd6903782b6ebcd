package dev.lodestone.runtime.client;

import com.hazelcast.cluster.Member;
import dev.lodestone.api.cluster.ClusterView;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.runtime.transport.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cluster as a {@link GridClient} sees it. THREADING: thread-safe, stateless beyond the client. */
final class ClusterViewImpl implements ClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterViewImpl.class);
    private static final long STATUS_WAIT_MILLIS = 1_000;

    private final GridClient client;

    ClusterViewImpl(GridClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return client.hazelcast().getConfig().getClusterName();
    }

    @Override
    public List<MemberInfo> members() {
        List<MemberInfo> out = new ArrayList<>();
        for (Member m : client.dataMembers()) {
            out.add(MemberLink.describe(m));
        }
        return out;
    }

    @Override
    public int partitionCount() {
        return client.partitionCount();
    }

    @Override
    public MemberInfo ownerOf(int partition) {
        if (partition < 0 || partition >= client.partitionCount()) {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (client.partitionCount() - 1));
        }
        Member owner = client.partition(partition).getOwner();
        return owner == null ? null : MemberLink.describe(owner);
    }

    @Override
    public List<MemberStatus> status() {
        List<MemberLink> asked = new ArrayList<>();
        List<CompletableFuture<long[]>> answers = new ArrayList<>();
        for (Member m : client.dataMembers()) {
            try {
                MemberLink link = client.link(m.getUuid().toString());
                long id = client.nextStatsRequest();
                CompletableFuture<long[]> f = new CompletableFuture<>();
                link.statsRequests.put(id, f);
                link.connection().send(Wire.statsRequest(id));
                asked.add(link);
                answers.add(f);
            } catch (RuntimeException e) {
                LOG.warn("member {} did not take a status request: {}", m.getAddress(), e.getMessage());
            }
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STATUS_WAIT_MILLIS);
        List<MemberStatus> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            MemberLink link = asked.get(i);
            try {
                long[] v = answers.get(i).get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                // Each member counts its own partitions: the client's table may not have been sent yet.
                out.add(new MemberStatus(link.info, (int) v[5], v[0], v[1], v[2], v[3], (int) v[4]));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                LOG.warn("member {} did not answer a status request within {} ms", link.info.name(), STATUS_WAIT_MILLIS);
            }
        }
        return out;
    }
}
