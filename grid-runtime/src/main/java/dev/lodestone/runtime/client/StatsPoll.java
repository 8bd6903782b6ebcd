package dev.lodestone.runtime.client;

import com.hazelcast.cluster.Member;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.runtime.transport.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every data member for its STATS record at once and waits a bounded time for the answers; a member that
 * does not answer in time is left out (and logged). Used by {@code grid.cluster().status()} and
 * {@code grid.metrics()}.
 *
 * <p>THREADING: stateless; runs on the caller's thread, which blocks at most {@code waitMillis}. Answers
 * arrive on the links' reader threads through futures.
 */
final class StatsPoll {

    private static final Logger LOG = LoggerFactory.getLogger(StatsPoll.class);

    /** One member's answer. */
    record Answer(MemberInfo member, Wire.Stats stats) {
    }

    private StatsPoll() {
    }

    /** The answers of the members that answered within {@code waitMillis}, in member order. */
    static List<Answer> askAll(GridClient client, long waitMillis) {
        List<MemberLink> asked = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<Wire.Stats>> answers = new ArrayList<>();
        for (Member m : client.dataMembers()) {
            try {
                MemberLink link = client.link(m.getUuid());
                long id = client.nextStatsRequest();
                CompletableFuture<Wire.Stats> f = new CompletableFuture<>();
                link.statsRequests.put(id, f);
                link.connection().send(Wire.statsRequest(id));
                asked.add(link);
                ids.add(id);
                answers.add(f);
            } catch (RuntimeException e) {
                LOG.warn("member {} did not take a status request: {}", m.getAddress(), e.getMessage());
            }
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            MemberLink link = asked.get(i);
            try {
                out.add(new Answer(link.info, answers.get(i).get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                link.statsRequests.remove(ids.get(i));
                LOG.warn("member {} did not answer a status request within {} ms", link.info.name(), waitMillis);
            }
        }
        return out;
    }
}
