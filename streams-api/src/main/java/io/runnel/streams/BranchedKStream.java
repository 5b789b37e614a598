package io.runnel.streams;

import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The branches of {@link KStream#split()}: each record goes to the first branch whose predicate
 * it matches (predicates are evaluated in the order the branches were added, each at most once per
 * record), or to the default branch, or nowhere. Finish with {@link #defaultBranch} or {@link
 * #noDefaultBranch}.
 *
 * <p>Not thread-safe: used while building on one thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface BranchedKStream<K, V> {

  /**
   * Adds a branch named {@code name} taking the records that match {@code predicate} and no
   * earlier branch.
   *
   * @throws IllegalArgumentException if {@code name} is already a branch of this split
   */
  BranchedKStream<K, V> branch(BiPredicate<? super K, ? super V> predicate, String name);

  /** Adds the branch {@code name} of unmatched records; returns every branch by name. */
  Map<String, KStream<K, V>> defaultBranch(String name);

  /** Drops records matching no predicate; returns every branch by name. */
  Map<String, KStream<K, V>> noDefaultBranch();
}
