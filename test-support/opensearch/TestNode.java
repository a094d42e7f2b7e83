import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch for the adapter's tests, run from the Maven Central jars (./pom.xml) instead of
 * the distribution tarball. The modules a distribution loads from its modules/ folder are passed as plugin
 * classes: netty4 for HTTP and analysis-common for edge_ngram and asciifolding.
 * Usage: java -cp 'lib/*:classes' TestNode <home dir> <http port>
 */
public class TestNode extends Node {
  TestNode(Settings settings) {
    super(
        InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), null, () -> "test-node"),
        Arrays.asList(Netty4Plugin.class, CommonAnalysisPlugin.class),
        true);
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]).toAbsolutePath();
    Settings settings =
        Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "xyz-people-test")
            .put("node.name", "test-node")
            .put("discovery.type", "single-node")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", "0")
            // A small shared machine: no disk watermark refusals, no swapping checks.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false)
            .build();
    TestNode node = new TestNode(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
      stopped.countDown();
    }));
    node.start();
    System.out.println("opensearch-test-node started");
    stopped.await();
  }
}
