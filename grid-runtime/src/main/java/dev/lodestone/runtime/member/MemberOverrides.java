package dev.lodestone.runtime.member;

import java.util.List;

/**
 * Start flags that override Hazelcast's file; null fields keep the file's value.
 *
 * @param clusterName      {@code --cluster-name}
 * @param port             {@code --port}, tried upwards when taken
 * @param members          {@code --members}, the TCP/IP join list
 * @param publicAddress    {@code --public-address}
 * @param networkInterface {@code --interface}
 */
public record MemberOverrides(String clusterName, Integer port, List<String> members, String publicAddress,
                              String networkInterface) {
}
