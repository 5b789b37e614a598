package io.runnel.state.internal.rocksdb;

import io.runnel.state.StoreOpenException;
import java.nio.file.Path;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns RocksDB's reason for not opening a store into a message saying what to do. */
final class OpenFailure {
  private OpenFailure() {}

  static StoreOpenException of(String storeName, Path dir, RocksDBException e) {
    String reason = e.getMessage();
    String lower = String.valueOf(reason).toLowerCase(Locale.ROOT);
    Status status = e.getStatus();
    String hint;
    if (lower.contains("lock")) {
      hint = "is another instance using this state directory?";
    } else if ((status != null && status.getCode() == Status.Code.Corruption)
        || lower.contains("corrupt")) {
      hint = "its files are corrupt: delete the directory to restore the store from its changelog";
    } else {
      hint =
          "check that the directory is readable and writable; if its files are damaged, delete"
              + " the directory to restore the store from its changelog";
    }
    return of(storeName, dir, reason + " (" + hint + ")", e);
  }

  static StoreOpenException of(String storeName, Path dir, String reason, Exception cause) {
    return new StoreOpenException(
        "cannot open state store '" + storeName + "' at " + dir + ": " + reason, cause);
  }
}
