package dev.lodestone.runtime.client;

import com.hazelcast.cluster.Member;
import dev.lodestone.api.cluster.ClusterView;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.runtime.transport.Wire;
import java.util.ArrayList;
import java.util.List;

/** The cluster as a {@link GridClient} sees it. THREADING: thread-safe, stateless beyond the client. */
final class ClusterViewImpl implements ClusterView {

    static final long STATUS_WAIT_MILLIS = 1_000;

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
        List<MemberStatus> out = new ArrayList<>();
        for (StatsPoll.Answer a : StatsPoll.askAll(client, STATUS_WAIT_MILLIS)) {
            Wire.Stats s = a.stats();
            // Each member counts its own partitions: the client's table may not have been sent yet.
            out.add(new MemberStatus(a.member(), s.partitions(), s.queued(), s.running(), s.succeeded(), s.failed(), s.workers()));
        }
        return out;
    }
}
