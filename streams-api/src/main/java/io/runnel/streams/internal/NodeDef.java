package io.runnel.streams.internal;

import java.util.List;

/**
 * One node of a topology, as built by the DSL.
 *
 * @param name unique node name, for example {@code KSTREAM-FILTER-0000000002}
 * @param kind source, processor or sink
 * @param parents names of the nodes feeding it
 * @param factory makes its processor per task
 * @param topic the source or sink topic (internal topics without the application id), else null
 * @param internalTopic whether {@code topic} is prefixed with {@code <application.id>-}
 * @param stores names of the stores it uses
 */
public record NodeDef(
    String name,
    Kind kind,
    List<String> parents,
    ProcessorFactory factory,
    String topic,
    boolean internalTopic,
    List<String> stores) {

  /** What a node does. */
  public enum Kind {
    /** Reads a topic. */
    SOURCE,
    /** Transforms records. */
    PROCESSOR,
    /** Writes a topic. */
    SINK
  }
}
