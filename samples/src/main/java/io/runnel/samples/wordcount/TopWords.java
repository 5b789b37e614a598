package io.runnel.samples.wordcount;

import io.runnel.state.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/** Ranks word counts: the {@code n} most frequent words, ties in alphabetical order. Stateless. */
public final class TopWords {
  /** Most frequent first; equal counts alphabetically. */
  static final Comparator<KeyValue<String, Long>> RANK =
      Comparator.<KeyValue<String, Long>>comparingLong(KeyValue::value)
          .reversed()
          .thenComparing(KeyValue::key);

  private TopWords() {}

  /**
   * The {@code n} highest counts of {@code counts} (each word once, as a store or a table holds
   * them), best first. Keeps only {@code n} entries in memory however many words there are.
   */
  public static List<KeyValue<String, Long>> top(Iterator<KeyValue<String, Long>> counts, int n) {
    // A min-heap of the best n so far: its head is the worst of them, dropped when a better one
    // comes.
    PriorityQueue<KeyValue<String, Long>> best = new PriorityQueue<>(RANK.reversed());
    while (counts.hasNext()) {
      KeyValue<String, Long> entry = counts.next();
      best.add(entry);
      if (best.size() > n) {
        best.poll();
      }
    }
    List<KeyValue<String, Long>> ranked = new ArrayList<>(best);
    ranked.sort(RANK);
    return ranked;
  }
}
