package dev.lodestone.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.runtime.transport.Connection;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a link measures the stream of submits it carries, on a clock the test passes in (no connection needed). */
class MemberLinkTest {

    private static final long WINDOW = Connection.DEFER_NANOS;

    private MemberLink link;
    /** The start of a fresh window: the first send in each test is one whole window after the link was made. */
    private long t;

    @BeforeEach
    void newLink() {
        link = new MemberLink(null, UUID.randomUUID(), new MemberInfo("m1", "127.0.0.1:5701", "127.0.0.1:5801", "uuid-m1"));
        t = System.nanoTime() + WINDOW;
        link.noteSend(t, 1);
    }

    @Test
    void theLastWholeWindowCountsTheRecordsSentInIt() {
        for (int i = 1; i < 10; i++) {
            link.noteSend(t + i * (WINDOW / 20), 1);
        }
        assertThat(link.recordsLastWindow()).as("the window has not ended").isZero();
        link.noteSend(t + WINDOW, 1);
        assertThat(link.recordsLastWindow()).isEqualTo(10);
        link.noteSend(t + 2 * WINDOW, 1);
        assertThat(link.recordsLastWindow()).as("the window after held one send").isEqualTo(1);
    }

    @Test
    void aBatchCountsAllItsRecords() {
        link.noteSend(t + 1, 63);
        link.noteSend(t + WINDOW, 1);
        assertThat(link.recordsLastWindow()).isEqualTo(64);
    }

    @Test
    void aWindowFollowedByALongerGapCountsNone() {
        link.noteSend(t + 1, 99);
        link.noteSend(t + 3 * WINDOW, 1);
        assertThat(link.recordsLastWindow()).as("a burst long ago says nothing of the stream now").isZero();
    }

    @Test
    void theAverageGapFollowsASteadyStream() {
        long gap = WINDOW / 10;
        long avg = 0;
        for (int i = 1; i <= 100; i++) {
            avg = link.noteSend(t + i * gap, 1);
        }
        assertThat(avg).isBetween(gap - gap / 10, gap + gap / 10);
    }
}
