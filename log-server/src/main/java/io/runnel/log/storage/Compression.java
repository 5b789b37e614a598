package io.runnel.log.storage;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The codecs of a v2 batch's records section, by the id in attribute bits 0-2. The stream formats
 * are the ones Kafka producers write: gzip, xerial-framed snappy, the LZ4 frame format with
 * independent blocks, and zstd frames.
 */
public enum Compression {
  NONE(0),
  GZIP(1),
  SNAPPY(2),
  LZ4(3),
  ZSTD(4);

  private final int id;

  Compression(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  /** The codec for attribute bits 0-2. */
  public static Compression forId(int id) {
    for (Compression c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    throw new CorruptRecordException("unknown compression codec id " + id + " in batch attributes");
  }

  /** Wraps {@code in} (the compressed records section) in a decompressing stream. */
  public InputStream decompress(InputStream in) throws IOException {
    switch (this) {
      case NONE:
        return in;
      case GZIP:
        return new GZIPInputStream(in, 8 * 1024);
      case SNAPPY:
        return new SnappyInputStream(in);
      case LZ4:
        return new LZ4FrameInputStream(in);
      case ZSTD:
        return new ZstdInputStreamNoFinalizer(in);
      default:
        throw new AssertionError(this);
    }
  }

  /** Wraps {@code out} in a compressing stream; closing it finishes the compressed frame. */
  public OutputStream compress(OutputStream out) throws IOException {
    switch (this) {
      case NONE:
        return out;
      case GZIP:
        return new GZIPOutputStream(out, 8 * 1024);
      case SNAPPY:
        return new SnappyOutputStream(out);
      case LZ4:
        return new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB);
      case ZSTD:
        return new ZstdOutputStreamNoFinalizer(out);
      default:
        throw new AssertionError(this);
    }
  }
}
