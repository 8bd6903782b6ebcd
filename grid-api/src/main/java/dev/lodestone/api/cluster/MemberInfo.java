package dev.lodestone.api.cluster;

/**
 * A member of the cluster.
 *
 * <pre>{@code
 * for (MemberInfo m : grid.cluster().members()) System.out.println(m.name() + " " + m.address());
 * }</pre>
 *
 * @param name        the member's name ({@code --name})
 * @param address     its cluster address, {@code host:port}
 * @param taskAddress the address of its task channel, {@code host:port}
 * @param uuid        its cluster-unique id
 */
public record MemberInfo(String name, String address, String taskAddress, String uuid) {
}
