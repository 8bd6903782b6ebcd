package dev.lodestone.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link InMemoryBackend} promises beyond {@link ClusterBackendContract}: the round-robin layout
 * of {@link InMemoryBackend#spread}, views from each member, moving a partition by hand, and the
 * checks on each of those.
 */
class InMemoryBackendTest {

    private static final List<String> NAMES = List.of("m1", "m2", "m3", "m4");

    @Test
    void spreadOwnsPartitionPOnMemberPModNAndBacksItUpOnTheNextMembers() {
        InMemoryBackend table = InMemoryBackend.spread(NAMES, 10, 2);
        for (int p = 0; p < 10; p++) {
            assertThat(table.ownerOf(p)).isEqualTo(NAMES.get(p % 4));
            assertThat(table.backupsOf(p)).containsExactly(NAMES.get((p + 1) % 4), NAMES.get((p + 2) % 4));
        }
        assertThat(table.localMember()).isEqualTo("m1");
        assertThat(table.members()).containsExactlyElementsOf(NAMES);
        assertThat(InMemoryBackend.spread(NAMES, 3, 0).backupsOf(1)).isEmpty();
    }

    @Test
    void spreadRefusesTablesNoClusterCouldHave() {
        assertThatThrownBy(() -> InMemoryBackend.spread(List.of(), 4, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 members");
        assertThatThrownBy(() -> InMemoryBackend.spread(NAMES, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 partitions");
        assertThatThrownBy(() -> InMemoryBackend.spread(NAMES, 4, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 backups");
        assertThatThrownBy(() -> InMemoryBackend.spread(NAMES, 4, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1 backups");
        assertThatThrownBy(() -> InMemoryBackend.spread(List.of("a", "b", "a"), 4, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
    }

    @Test
    void aViewSeesTheSameTableFromAnotherMember() {
        InMemoryBackend table = InMemoryBackend.spread(NAMES, 8, 1);
        InMemoryBackend m3 = table.as("m3");
        assertThat(m3.localMember()).isEqualTo("m3");
        table.assign(5, "m4", "m1");
        assertThat(m3.ownerOf(5)).isEqualTo("m4");
        assertThat(m3.relation("m1", 5)).isEqualTo(Relation.BACKUP);
        m3.remove("m2");
        assertThat(table.members()).containsExactly("m1", "m3", "m4");
        assertThatThrownBy(() -> table.as("m9")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m9");
        assertThatThrownBy(() -> table.as("m2")).as("m2 has left").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assignMovesOnePartitionAndChecksTheNames() {
        InMemoryBackend table = InMemoryBackend.spread(NAMES, 8, 1);
        table.assign(3, "m1", "m2", "m3");
        assertThat(table.ownerOf(3)).isEqualTo("m1");
        assertThat(table.backupsOf(3)).containsExactly("m2", "m3");
        table.assign(3, "m2");
        assertThat(table.backupsOf(3)).isEmpty();
        assertThat(table.ownerOf(4)).as("others untouched").isEqualTo("m1");

        assertThatThrownBy(() -> table.assign(8, "m1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition 8");
        assertThatThrownBy(() -> table.assign(1, "m9")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m9");
        assertThatThrownBy(() -> table.assign(1, "m1", "m9")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m9");
        assertThatThrownBy(() -> table.assign(1, "m1", "m1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the owner");
        assertThatThrownBy(() -> table.assign(1, "m1", "m2", "m2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
        assertThat(table.ownerOf(1)).as("a refused assign changes nothing").isEqualTo("m2");
        assertThat(table.backupsOf(1)).containsExactly("m3");
    }

    @Test
    void removePromotesTheFirstBackupAsACrashWouldAndDropsTheMemberFromEveryBackupList() {
        InMemoryBackend table = InMemoryBackend.spread(NAMES, 8, 2);
        table.remove("m2");
        for (int p = 0; p < 8; p++) {
            assertThat(table.backupsOf(p)).doesNotContain("m2");
        }
        assertThat(table.ownerOf(1)).as("m2 owned 1, backed up on m3 then m4").isEqualTo("m3");
        assertThat(table.backupsOf(1)).containsExactly("m4");
        assertThat(table.ownerOf(5)).isEqualTo("m3");
        assertThat(table.ownerOf(0)).as("m1 owned 0, backed up on m2 then m3").isEqualTo("m1");
        assertThat(table.backupsOf(0)).containsExactly("m3");
    }

    @Test
    void removeHandsPartitionsWithoutBackupsToARemainingMember() {
        InMemoryBackend table = InMemoryBackend.spread(NAMES, 8, 0);
        table.remove("m2");
        for (int p = 0; p < 8; p++) {
            assertThat(table.ownerOf(p)).isIn("m1", "m3", "m4");
        }
        assertThat(table.ownerOf(0)).as("untouched").isEqualTo("m1");
        assertThatThrownBy(() -> table.remove("m2")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m2");
    }

    /** Regression: removing the only member divided by zero half-way, leaving a table with owners but no members. */
    @Test
    void removingTheLastMemberThrewArithmeticExceptionAndLeftATableWithoutMembers() {
        InMemoryBackend table = InMemoryBackend.spread(List.of("solo"), 3, 0);
        assertThatThrownBy(() -> table.remove("solo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("solo").hasMessageContaining("last member");
        assertThat(table.members()).containsExactly("solo");
        assertThat(table.ownerOf(2)).isEqualTo("solo");
    }
}
