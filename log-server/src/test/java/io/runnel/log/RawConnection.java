package io.runnel.log;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * A raw Kafka-protocol connection to one log-server on loopback, for tests that must send exactly
 * the request a client library would not (a chosen node, a damaged frame, a sequence gap): sends
 * length-prefixed frames and reads length-prefixed responses, 5 s read timeout. One thread at a time.
 */
final class RawConnection implements AutoCloseable {
  final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  RawConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
  }

  /** A request frame: the length, the request header (client id "raw-test") and the body. */
  static ByteBuffer frame(ApiKeys api, short version, ApiMessage body, int correlationId) {
    ObjectSerializationCache cache = new ObjectSerializationCache();
    RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
        .setClientId("raw-test").setCorrelationId(correlationId);
    short headerVersion = api.requestHeaderVersion(version);
    int size = header.size(cache, headerVersion) + body.size(cache, version);
    ByteBuffer buffer = ByteBuffer.allocate(4 + size);
    buffer.putInt(size);
    ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
    header.write(accessor, cache, headerVersion);
    body.write(accessor, cache, version);
    return buffer.flip();
  }

  /** Skips the response header of {@code response} and reads its body with {@code read}. */
  static <T> T body(ByteBuffer response, short responseHeaderVersion, Function<ByteBufferAccessor, T> read) {
    ByteBufferAccessor accessor = new ByteBufferAccessor(response);
    new ResponseHeaderData(accessor, responseHeaderVersion);
    return read.apply(accessor);
  }

  void send(ByteBuffer frame) throws IOException {
    out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
    out.flush();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  ByteBuffer receive() throws IOException {
    int size = in.readInt();
    byte[] body = new byte[size];
    in.readFully(body);
    return ByteBuffer.wrap(body);
  }

  /** True when the server closed the connection (EOF) within the timeout. */
  boolean closedByServer() {
    try {
      InputStream raw = socket.getInputStream();
      while (true) {
        if (raw.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
