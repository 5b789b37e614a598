package io.runnel.flink;

import io.runnel.flink.internal.LocalTopologies;
import io.runnel.streams.Topology;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Where each Flink task gets the topology it runs. A topology holds the application's functions
 * (lambdas), which Flink cannot ship; so every task rebuilds it, or, in the JVM that built it (a
 * local MiniCluster), looks it up. Node names are generated in build order, so the same builder
 * code gives the same names everywhere.
 *
 * <p>Implementations must be serializable and give an equal topology on every call; they may be
 * called from several task threads at once.
 */
@FunctionalInterface
public interface TopologySource extends Serializable {

  /** The topology. */
  Topology topology();

  /**
   * The topology that {@code public static Topology topology()} of class {@code className} builds,
   * loaded with the calling thread's context class loader (Flink's user-code loader in a task). For
   * a Flink cluster: the class must be in the job's jar.
   *
   * @throws IllegalArgumentException if the class or its method is missing (checked when called)
   */
  static TopologySource ofClass(String className) {
    return new TopologySource() {
      private static final long serialVersionUID = 1L;

      @Override
      public Topology topology() {
        return build(className);
      }
    };
  }

  /** The topology of {@code Class.forName(className).topology()}; see {@link #ofClass}. */
  static Topology build(String className) {
    Method method;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      method = Class.forName(className, true, loader).getMethod("topology");
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "app class '" + className + "' is not on the class path: add its jar", e);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "app class '"
              + className
              + "' has no public static Topology topology() method: add one that builds the"
              + " topology with a StreamsBuilder",
          e);
    }
    if (!Modifier.isStatic(method.getModifiers()) || method.getReturnType() != Topology.class) {
      throw new IllegalArgumentException(
          "app class '" + className + "': topology() must be public static and return Topology");
    }
    try {
      return (Topology) method.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "app class '" + className + "': topology() failed: " + e.getCause(), e);
    }
  }

  /**
   * {@code topology} itself, for jobs run in this JVM (a local MiniCluster): tasks look it up in a
   * registry of this JVM instead of rebuilding it. Tasks of a remote Flink cluster cannot; use
   * {@link #ofClass} there.
   */
  static TopologySource local(Topology topology) {
    return LocalTopologies.register(topology);
  }
}
