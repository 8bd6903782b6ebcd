package dev.lodestone.runtime.client;

import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.runtime.metrics.MetricsCodec;
import dev.lodestone.runtime.metrics.MetricsMerger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code grid.metrics()}: asks every member for its STATS record, decodes the per-level histograms and
 * counters in it, and merges them with this client's own figures.
 *
 * <p>THREADING: stateless; runs on the caller's thread, which blocks up to a second waiting for members.
 */
final class MetricsQuery {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsQuery.class);

    private MetricsQuery() {
    }

    static GridMetrics collect(GridClient client) {
        Instant takenAt = Instant.now();
        List<MetricsMerger.Member> members = new ArrayList<>();
        for (StatsPoll.Answer a : StatsPoll.askAll(client, ClusterViewImpl.STATUS_WAIT_MILLIS)) {
            try {
                members.add(new MetricsMerger.Member(a.member(), MetricsCodec.decode(a.stats().metrics())));
            } catch (RuntimeException e) {
                LOG.warn("the metrics of member {} cannot be read; left out: {}", a.member().name(), e.getMessage());
            }
        }
        return MetricsMerger.assemble(takenAt, members, client.clientMetrics().snapshot());
    }
}
