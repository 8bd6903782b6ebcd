package dev.lodestone.runtime;

import com.hazelcast.config.Config;
import dev.lodestone.api.GridException;
import dev.lodestone.runtime.config.MemberSettings;
import dev.lodestone.runtime.member.HazelcastSetup;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.member.MemberOverrides;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/start-member}: starts one member and runs until SIGTERM, then stops it in order.
 *
 * <p>Precedence, lowest first: {@code conf/hazelcast.yaml} and {@code conf/lodestone.properties},
 * environment variables ({@code LODESTONE_PORT}, ...), flags. Exit codes: 0 stopped, 2 bad
 * command line or configuration, 1 could not start.
 */
public final class MemberMain {

    static final Set<String> VALUED = Set.of("name", "cluster-name", "port", "members", "public-address", "interface",
            "config", "pid-file", "set");
    static final Set<String> SWITCHES = Set.of("help");

    private MemberMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        Logger log;
        LodestoneMember member;
        Path pidFile;
        try {
            Flags flags = Flags.parse(args, VALUED, SWITCHES, System.getenv());
            if (flags.has("help")) {
                System.out.println(usage());
                return;
            }
            Path confDir = Paths.get(flags.get("config", System.getProperty("lodestone.conf", "conf")));
            if (!Files.isDirectory(confDir)) {
                throw new Flags.UsageException("configuration directory " + confDir.toAbsolutePath() + " does not exist"
                        + " (--config)");
            }
            MemberSettings settings = loadSettings(confDir, flags);
            Config config = HazelcastSetup.load(confDir.resolve("hazelcast.yaml"));
            HazelcastSetup.applyOverrides(config, new MemberOverrides(flags.get("cluster-name"), flags.intValue("port", 1, 65535),
                    flags.listValue("members"), flags.get("public-address"), flags.get("interface")));
            String name = flags.get("name");
            if (name == null) {
                name = settings.memberName().isEmpty() ? "member-" + ProcessHandle.current().pid() : settings.memberName();
            } else {
                settings = settings.withOverride("member.name", name, flags.source("name"));
            }
            pidFile = flags.get("pid-file") == null ? null : Paths.get(flags.get("pid-file"));
            log = LoggerFactory.getLogger(MemberMain.class);
            ClassLoader loader = MemberMain.class.getClassLoader();
            KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(loader));
            member = LodestoneMember.start(name, config, settings, codec, HazelcastSetup.taskBindHost(config));
        } catch (Flags.UsageException | GridException | IllegalArgumentException e) {
            System.err.println("start-member: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("start-member: could not start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        LodestoneMember running = member;
        Path pid = pidFile;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } finally {
                deleteQuietly(pid);
                stopped.countDown();
            }
        }, "lodestone-shutdown"));
        if (pidFile != null) {
            writePid(pidFile, log);
        }
        System.out.println("member " + member.name() + " started at " + member.address() + " (task port " + member.taskPort()
                + ", pid " + ProcessHandle.current().pid() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MemberSettings loadSettings(Path confDir, Flags flags) {
        Path file = confDir.resolve("lodestone.properties");
        MemberSettings settings = Files.isRegularFile(file) ? MemberSettings.load(file) : MemberSettings.defaults();
        String set = flags.get("set");
        if (set != null) {
            for (String kv : set.split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new Flags.UsageException("--set takes key=value[,key=value], got '" + kv + "'");
                }
                settings = settings.withOverride(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim(), "flag --set");
            }
        }
        return settings;
    }

    private static void writePid(Path pidFile, Logger log) {
        try {
            if (pidFile.getParent() != null) {
                Files.createDirectories(pidFile.getParent());
            }
            Files.writeString(pidFile, ProcessHandle.current().pid() + System.lineSeparator());
        } catch (IOException e) {
            log.warn("could not write pid file {}: {}", pidFile, e.toString());
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the stop script removes stale pid files too
            }
        }
    }

    static String usage() {
        return String.join(System.lineSeparator(), List.of(
                "usage: start-member [--daemon] [flags]",
                "  --daemon                detach; pid in run/<name>.pid, log in logs/<name>.log",
                "  --name NAME             member name (LODESTONE_NAME; default member-N)",
                "  --cluster-name NAME     cluster to join (LODESTONE_CLUSTER_NAME; default from conf/hazelcast.yaml)",
                "  --port PORT             cluster port, tried upwards when taken (LODESTONE_PORT; default 5701)",
                "  --members H:P,...       TCP/IP join list for multi-host clusters (LODESTONE_MEMBERS)",
                "  --public-address H:P    address other members and clients use (LODESTONE_PUBLIC_ADDRESS)",
                "  --interface IP          network interface to bind (LODESTONE_INTERFACE; default 127.0.0.1)",
                "  --config DIR            configuration directory (LODESTONE_CONFIG; default conf/)",
                "  --set KEY=V[,KEY=V]     override lodestone.properties keys (LODESTONE_SET)",
                "  --classpath CP          extra jars with your tasks and TypeRegistrar (LODESTONE_CLASSPATH)",
                "",
                MemberSettings.help()));
    }
}
