package io.runnel.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.rocksdb.RocksDBResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Seeded properties: RocksDB, in-memory and cached stores agree with a sorted-map model on every
 * sequence of puts, deletes and flushes, in every iteration order.
 */
class StoreOrderingProperties {
  private static RocksDBResources resources;
  private static Path root;
  private static int run;

  @BeforeContainer
  static void open() throws IOException {
    resources = RocksDBResources.withDefaults();
    root = Files.createTempDirectory("store-properties");
  }

  @AfterContainer
  static void close() throws IOException {
    resources.close();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** An operation: a put of a value, a delete (null value), or a flush (null key). */
  record Op(byte[] key, byte[] value) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(3);
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4);
    Arbitrary<Op> put = keys.flatMap(k -> values.map(v -> new Op(k, v)));
    Arbitrary<Op> delete = keys.map(k -> new Op(k, null));
    Arbitrary<Op> flush = Arbitraries.just(new Op(null, null));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, put),
            net.jqwik.api.Tuple.of(2, delete),
            net.jqwik.api.Tuple.of(1, flush))
        .list()
        .ofMaxSize(60);
  }

  @Property(tries = 60, seed = "20240501")
  void everyStoreMatchesASortedMap(@ForAll("ops") List<Op> ops) {
    TreeMap<Bytes, byte[]> model = new TreeMap<>();
    List<KeyValueStore<Bytes, byte[]>> stores = new ArrayList<>();
    stores.add(Stores.inMemoryKeyValueStore("mem"));
    stores.add(Stores.rocksDbKeyValueStore("rocks", root.resolve("r" + run++), resources));
    stores.add(Stores.cached(Stores.inMemoryKeyValueStore("cached"), 24, FlushListener.NONE));
    try {
      for (Op op : ops) {
        if (op.key() == null) {
          stores.forEach(StateStore::flush);
          continue;
        }
        Bytes key = Bytes.wrap(op.key());
        if (op.value() == null) {
          model.remove(key);
        } else {
          model.put(key, op.value());
        }
        for (KeyValueStore<Bytes, byte[]> store : stores) {
          store.put(key, op.value());
        }
      }
      List<String> expected = new ArrayList<>();
      model.forEach((k, v) -> expected.add(k + "=" + Bytes.wrap(v)));
      List<String> reversed = new ArrayList<>(expected);
      java.util.Collections.reverse(reversed);
      for (KeyValueStore<Bytes, byte[]> store : stores) {
        assertThat(hex(store.all())).as(store.name()).isEqualTo(expected);
        assertThat(hex(store.reverseAll())).as(store.name()).isEqualTo(reversed);
      }
    } finally {
      stores.forEach(StateStore::close);
    }
  }

  private static List<String> hex(KeyValueIterator<Bytes, byte[]> iterator) {
    List<String> entries = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(e -> entries.add(e.key() + "=" + Bytes.wrap(e.value())));
    }
    return entries;
  }
}
