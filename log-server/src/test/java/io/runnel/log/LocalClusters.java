package io.runnel.log;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link LocalCluster} of one integration test: the test starts it with its own settings
 * ({@code cluster = clusters.start(3, dir, Map.of(...))}) and this extension closes it after the
 * test, whatever happened. Register it as a field with {@code @RegisterExtension}.
 */
final class LocalClusters implements AfterEachCallback {
  private LocalCluster cluster;

  /** Starts {@code size} nodes in {@code dir} (see {@link LocalCluster#start}), closed after the test. */
  LocalCluster start(int size, Path dir, Map<String, String> settings) {
    if (cluster != null) {
      throw new IllegalStateException("this test already started a cluster");
    }
    cluster = LocalCluster.start(size, dir, settings);
    return cluster;
  }

  /** An Admin client of the cluster this test started; the caller closes it. */
  Admin admin() {
    if (cluster == null) {
      throw new IllegalStateException("this test has not started a cluster");
    }
    return admin(cluster.bootstrapServers());
  }

  /** An Admin client bootstrapped from {@code bootstrapServers}; the caller closes it. */
  static Admin admin(String bootstrapServers) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    return Admin.create(p);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
