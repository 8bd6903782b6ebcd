package dev.lodestone.runtime.member;

import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.YamlConfigBuilder;
import dev.lodestone.runtime.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a member's Hazelcast {@link Config}: from {@code conf/hazelcast.yaml} with the start flags
 * applied on top, or programmatically for embedded members. The properties Lodestone relies on are
 * forced here rather than left to the file: Lodestone runs its own shutdown hook (hand back
 * tasks, then a graceful Hazelcast shutdown), so Hazelcast's hook is off; logs go through SLF4J.
 */
public final class HazelcastSetup {

    /** A path like {@code hazelcast/network/port/port} in Hazelcast's validation messages. */
    private static final Pattern SCHEMA_PATH = Pattern.compile("hazelcast((?:/[\\w.\\-]+)+)");

    private HazelcastSetup() {
    }

    /**
     * Loads Hazelcast's YAML. A value Hazelcast rejects fails with the file and, when Hazelcast's
     * message names a path, the line of that key.
     */
    public static Config load(Path yaml) {
        if (!Files.isRegularFile(yaml)) {
            throw new ConfigException(yaml.toString(), 0, "(file)", "", "Hazelcast configuration file not found");
        }
        Config config;
        try (InputStream in = Files.newInputStream(yaml)) {
            config = new YamlConfigBuilder(in).build();
        } catch (IOException e) {
            throw new ConfigException(yaml.toString(), 0, "(file)", "", "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw located(yaml, e);
        }
        forceLodestoneProperties(config);
        return config;
    }

    private static ConfigException located(Path yaml, RuntimeException e) {
        String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
        // Hazelcast's schema errors keep the offending path (#/hazelcast/network/port) out of getMessage().
        Matcher m = SCHEMA_PATH.matcher(e.toString() + " " + message);
        int line = 0;
        String key = "";
        String value = "";
        if (m.find()) {
            String[] path = m.group(1).substring(1).split("/");
            key = String.join(".", path);
            try {
                List<String> lines = Files.readAllLines(yaml);
                line = lineOf(lines, path);
                if (line > 0) {
                    String text = lines.get(line - 1);
                    value = text.substring(text.indexOf(':') + 1).strip();
                }
            } catch (IOException ignored) {
                line = 0;
            }
        }
        return new ConfigException(yaml.toString(), line, key, value, "Hazelcast rejected the configuration: " + message);
    }

    /**
     * The 1-based line of the deepest key of {@code path} that the file has, following indentation;
     * 0 when not even the first key is there.
     */
    static int lineOf(List<String> lines, String[] path) {
        int depth = 0;
        int found = 0;
        int parentIndent = -1;
        for (int i = 0; i < lines.size() && depth < path.length; i++) {
            String raw = lines.get(i);
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int indent = raw.indexOf(trimmed.charAt(0));
            if (indent <= parentIndent) {
                break; // left the section we were in without finding the next key
            }
            String candidate = trimmed.startsWith("- ") ? trimmed.substring(2) : trimmed;
            if (candidate.startsWith(path[depth] + ":")) {
                found = i + 1;
                parentIndent = indent;
                depth++;
            }
        }
        return found;
    }

    /** Applies the start flags; null means "keep what the file says". */
    public static void applyOverrides(Config config, MemberOverrides o) {
        NetworkConfig net = config.getNetworkConfig();
        if (o.clusterName() != null) {
            config.setClusterName(o.clusterName());
        }
        if (o.port() != null) {
            net.setPort(o.port()).setPortAutoIncrement(true);
        }
        if (o.publicAddress() != null) {
            net.setPublicAddress(o.publicAddress());
        }
        if (o.networkInterface() != null) {
            net.getInterfaces().setEnabled(true).setInterfaces(List.of(o.networkInterface()));
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        if (o.members() != null) {
            JoinConfig join = net.getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(o.members()));
        }
    }

    /**
     * The address the task channel binds to: the one interface Hazelcast is told to use, or every
     * interface when Hazelcast binds to all of them.
     */
    public static String taskBindHost(Config config) {
        InterfacesConfig ifs = config.getNetworkConfig().getInterfaces();
        boolean bindAny = Boolean.parseBoolean(config.getProperty("hazelcast.socket.bind.any") == null
                ? "true" : config.getProperty("hazelcast.socket.bind.any"));
        if (!bindAny && ifs.isEnabled() && ifs.getInterfaces().size() == 1) {
            String only = ifs.getInterfaces().iterator().next();
            if (!only.contains("*") && !only.contains("-")) {
                return only;
            }
        }
        return "0.0.0.0";
    }

    /** A member config for an embedded cluster on loopback: its own cluster name, fixed port, TCP join. */
    public static Config embedded(String clusterName, int port, List<String> members, int partitions, int backups) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.partition.count", Integer.toString(partitions));
        config.setProperty("hazelcast.socket.bind.any", "false");
        // Members start one after another and know each other's ports: no need to wait for others to show up.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        NetworkConfig net = config.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(members));
        config.getMapConfig("default").setBackupCount(backups);
        forceLodestoneProperties(config);
        return config;
    }

    private static void forceLodestoneProperties(Config config) {
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
    }
}
