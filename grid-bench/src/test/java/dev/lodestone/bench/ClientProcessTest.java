package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientProcessTest {

    @Test
    void theChildJvmGetsModuleHeapAndXxOptionsButNoAgentsOrLogFiles() {
        List<String> bench = List.of("--add-modules=java.se", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Xmx2g",
                "-Dlodestone.home=/opt/lodestone", "-Dlogback.configurationFile=/opt/lodestone/conf/logback-tools.xml",
                "-Xlog:gc:file=/tmp/gc.log", "-XX:HeapDumpPath=/tmp", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-javaagent:/tmp/agent.jar");

        assertThat(ClientProcess.jvmOptions(bench)).containsExactly("--add-modules=java.se",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError", "-Xmx2g", "-Dlodestone.home=/opt/lodestone");
    }
}
