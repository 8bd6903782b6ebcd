package dev.lodestone.scheduler;

import java.util.List;

/** {@link ClusterBackendContract} for {@link InMemoryBackend}: a leave is {@link InMemoryBackend#remove}, settled at once. */
class InMemoryBackendContractTest extends ClusterBackendContract {

    @Override
    protected Fixture start() {
        InMemoryBackend table = InMemoryBackend.spread(List.of("m1", "m2", "m3"), 12, BACKUPS);
        return new Fixture() {
            @Override
            public ClusterBackend backend() {
                return table.as("m1");
            }

            @Override
            public void removeMember(String member) {
                table.remove(member);
            }

            @Override
            public void awaitSettled(Runnable check) {
                check.run();
            }

            @Override
            public void close() {
            }
        };
    }
}
