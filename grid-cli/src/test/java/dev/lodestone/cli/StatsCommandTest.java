package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonArray;
import com.hazelcast.internal.json.JsonObject;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.api.metrics.Latency;
import dev.lodestone.api.metrics.LevelMetrics;
import dev.lodestone.api.metrics.MemberMetrics;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of {@code grid stats --json}, checked with a real JSON parser (Hazelcast's, on the test class path). */
class StatsCommandTest {

    private static final MemberInfo M1 = new MemberInfo("m\"1", "127.0.0.1:5701", "127.0.0.1:6701", "u1");

    private static List<LevelMetrics> levels(Priority busy, TaskCounters c, Latency wait) {
        List<LevelMetrics> out = new ArrayList<>();
        for (Priority p : Priority.values()) {
            out.add(p == busy ? new LevelMetrics(p, c, wait, wait, Latency.NONE) : LevelMetrics.empty(p));
        }
        return out;
    }

    @Test
    void jsonIsOneObjectWithEveryCounterAndPercentileOfEveryLevel() {
        TaskCounters c = new TaskCounters(11, 10, 7, 1, 1, 1, 2, 3, 4, 5, 6);
        Latency wait = new Latency(10, 50, 90, 99, 999, 1_234);
        List<LevelMetrics> high = levels(Priority.HIGH, c, wait);
        GridMetrics m = new GridMetrics(Instant.parse("2025-01-02T03:04:05Z"), List.of(new MemberMetrics(M1, high)), high,
                levels(Priority.HIGH, TaskCounters.ZERO, Latency.NONE));

        JsonObject o = Json.parse(StatsCommand.json("c\\1", 2, m)).asObject();

        assertThat(o.getString("clusterName", null)).isEqualTo("c\\1");
        assertThat(o.getString("takenAt", null)).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(o.getLong("membersInCluster", -1)).isEqualTo(2);
        assertThat(o.getLong("membersAnswered", -1)).isEqualTo(1);
        JsonObject member = o.get("members").asArray().get(0).asObject();
        assertThat(member.getString("name", null)).isEqualTo("m\"1");
        JsonArray memberLevels = member.get("levels").asArray();
        assertThat(memberLevels.size()).isEqualTo(Priority.values().length);
        JsonObject h = memberLevels.get(Priority.HIGH.ordinal()).asObject();
        assertThat(h.getString("priority", null)).isEqualTo("HIGH");
        assertThat(List.of("submitted", "started", "succeeded", "failed", "cancelled", "timedOut", "rejected", "stolen",
                "ranOnOwner", "ranOnBackup", "ranElsewhere").stream().map(k -> h.getLong(k, -1)).toList())
                .containsExactly(11L, 10L, 7L, 1L, 1L, 1L, 2L, 3L, 4L, 5L, 6L);
        JsonObject w = h.get("queueWaitMicros").asObject();
        assertThat(List.of("count", "p50", "p90", "p99", "p999", "max").stream().map(k -> w.getLong(k, -1)).toList())
                .containsExactly(10L, 50L, 90L, 99L, 999L, 1_234L);
        assertThat(h.get("runTimeMicros").asObject().getLong("max", -1)).isEqualTo(1_234);
        JsonObject cluster = o.get("cluster").asObject();
        assertThat(cluster.get("levels").asArray().get(Priority.HIGH.ordinal()).asObject().getLong("stolen", -1)).isEqualTo(3);
        assertThat(o.getString("note", "")).contains("end-to-end");
    }

    @Test
    void theJsonWriterEscapesControlCharactersAndPlacesCommas() {
        String s = new JsonWriter().beginObject().name("a").value("x\ny\u0001").name("b").beginArray().value(1).value(2)
                .beginObject().endObject().endArray().name("c").value((String) null).endObject().toString();
        assertThat(s).isEqualTo("{\"a\":\"x\\ny\\u0001\",\"b\":[1,2,{}],\"c\":null}");
        assertThat(Json.parse(s).asObject().get("b").asArray().size()).isEqualTo(3);
    }
}
