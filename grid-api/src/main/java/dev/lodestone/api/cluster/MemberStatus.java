package dev.lodestone.api.cluster;

/**
 * What a member is doing right now.
 *
 * <pre>{@code
 * grid.cluster().status().forEach(s -> System.out.println(s.member().name() + " queued=" + s.queued()));
 * }</pre>
 *
 * @param member          the member
 * @param partitionsOwned how many partitions it owns
 * @param queued          tasks waiting in its queue
 * @param running         tasks running on its workers
 * @param succeeded       tasks it finished with a result, since it started
 * @param failed          tasks that threw, timed out or were cancelled there, since it started
 * @param workerThreads   its worker threads
 */
public record MemberStatus(MemberInfo member, int partitionsOwned, long queued, long running, long succeeded,
                           long failed, int workerThreads) {

    /** Tasks finished either way. */
    public long done() {
        return succeeded + failed;
    }
}
