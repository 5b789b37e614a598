package io.runnel.log.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * A blocking Kafka-protocol connection from this broker to another one (a follower to its leader):
 * one request at a time, each framed by its 4-byte length, with the request header the API and
 * version need. Not thread-safe: owned by one replica fetcher thread.
 */
final class BrokerChannel implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MS = 3_000;
  /** A response larger than this is a broken peer, not a plan. */
  private static final int MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

  private final String host;
  private final int port;
  private final String clientId;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private int correlationId;

  private BrokerChannel(String host, int port, String clientId, Socket socket) throws IOException {
    this.host = host;
    this.port = port;
    this.clientId = clientId;
    this.socket = socket;
    this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code host:port}; a response may take up to {@code readTimeoutMs}. */
  static BrokerChannel connect(String host, int port, String clientId, int readTimeoutMs) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(readTimeoutMs);
      return new BrokerChannel(host, port, clientId, socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  /** Sends {@code body} as {@code api} at {@code version} and returns the response body, positioned after its header. */
  ByteBufferAccessor send(ApiKeys api, short version, ApiMessage body) throws IOException {
    int id = ++correlationId;
    RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
        .setCorrelationId(id).setClientId(clientId);
    short headerVersion = api.requestHeaderVersion(version);
    ObjectSerializationCache cache = new ObjectSerializationCache();
    int size = header.size(cache, headerVersion) + body.size(cache, version);
    ByteBuffer buffer = ByteBuffer.allocate(4 + size);
    buffer.putInt(size);
    ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
    header.write(writer, cache, headerVersion);
    body.write(writer, cache, version);
    out.write(buffer.array(), 0, buffer.position());
    out.flush();
    int length = in.readInt();
    if (length < 0 || length > MAX_RESPONSE_BYTES) {
      throw new IOException("broker " + host + ":" + port + " sent a response frame of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    ByteBufferAccessor reader = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
    ResponseHeaderData responseHeader = new ResponseHeaderData(reader, api.responseHeaderVersion(version));
    if (responseHeader.correlationId() != id) {
      throw new EOFException("broker " + host + ":" + port + " answered correlation id "
          + responseHeader.correlationId() + " to request " + id);
    }
    return reader;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do with a socket that cannot close
    }
  }
}
