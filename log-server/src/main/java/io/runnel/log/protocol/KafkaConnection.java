package io.runnel.log.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: takes length-framed requests, handles them one at a time in arrival order
 * on the request executor (as Kafka does, so a producer's pipelined batches are appended in order),
 * and writes each response before starting the next request.
 *
 * <p>Bad input never reaches a handler: an unknown API key, an unaccepted version or a body that
 * does not parse closes the connection with one log line naming the client; an ApiVersions request
 * at a version we do not know gets the KIP-511 answer (v0, UNSUPPORTED_VERSION, our versions).
 *
 * <p>A request's frame is not copied: handlers read it in place (a Produce appends its batches
 * straight from it), and it is released once its response is written.
 *
 * <p>Threading: Netty calls it on the channel's event loop; handlers run on the request executor;
 * completions hop back to the event loop, which alone touches {@code queue} and {@code busy}.
 */
public final class KafkaConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);
  private static final int MAX_QUEUED = 64;

  private final ApiTable apis;
  private final Executor requestExecutor;
  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
  private boolean busy;
  private String client = "unknown";

  public KafkaConnection(ApiTable apis, Executor requestExecutor) {
    this.apis = apis;
    this.requestExecutor = requestExecutor;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    SocketAddress remote = ctx.channel().remoteAddress();
    if (remote instanceof InetSocketAddress inet) {
      client = inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    queue.add((ByteBuf) msg);
    if (queue.size() >= MAX_QUEUED) {
      ctx.channel().config().setAutoRead(false);
    }
    startNext(ctx);
  }

  private void startNext(ChannelHandlerContext ctx) {
    if (busy || queue.isEmpty() || !ctx.channel().isActive()) {
      return;
    }
    ByteBuf frame = queue.poll();
    if (queue.size() < MAX_QUEUED / 2 && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
    busy = true;
    try {
      requestExecutor.execute(() -> handle(ctx, frame));
    } catch (RejectedExecutionException e) {
      frame.release();
      ctx.close(); // shutting down
    }
  }

  private void handle(ChannelHandlerContext ctx, ByteBuf frame) {
    ByteBuffer buffer = frame.nioBuffer();
    if (buffer.remaining() < 8) {
      closeWith(ctx, frame, "a request of " + buffer.remaining() + " bytes, too short for a request header");
      return;
    }
    short apiKeyId = buffer.getShort(0);
    short version = buffer.getShort(2);
    int correlationId = buffer.getInt(4);
    if (!ApiKeys.hasId(apiKeyId)) {
      closeWith(ctx, frame, "unknown API key " + apiKeyId);
      return;
    }
    ApiKeys api = ApiKeys.forId(apiKeyId);
    if (api == ApiKeys.API_VERSIONS && version > api.latestVersion()) {
      // KIP-511: answer at v0 so that any client can read which versions we speak.
      ApiVersionsResponseData body = new ApiVersionsResponseData()
          .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
          .setApiKeys(apis.advertised());
      respond(ctx, frame, api, (short) 0, correlationId, body);
      return;
    }
    if (!apis.accepts(api, version)) {
      closeWith(ctx, frame, api + " version " + version + ", which this broker does not accept (see ApiVersions)");
      return;
    }
    RequestHeader header;
    AbstractRequest request;
    try {
      header = RequestHeader.parse(buffer);
      request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(buffer)).request;
    } catch (RuntimeException e) {
      closeWith(ctx, frame, "a malformed " + api + " v" + version + " request (" + e.getMessage() + ")");
      return;
    }
    RequestContext context = new RequestContext(header, client);
    CompletableFuture<? extends ApiMessage> response;
    try {
      response = apis.get(api).handler().handle(context, request);
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    response.whenComplete((body, error) -> {
      ApiMessage out = body;
      if (error != null) {
        out = errorResponse(context, request, error);
      }
      respond(ctx, frame, api, version, correlationId, out);
    });
  }

  private ApiMessage errorResponse(RequestContext context, AbstractRequest request, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (!(cause instanceof ApiException)) {
      LOG.error("{} v{} from {} failed: {}", context.apiKey(), context.version(), client, cause.toString(), cause);
    }
    return request.getErrorResponse(cause).data();
  }

  /**
   * Writes a response (null: none, as for acks=0), releases the request's frame and moves on to the
   * next request; any thread.
   */
  private void respond(ChannelHandlerContext ctx, ByteBuf frame, ApiKeys api, short version, int correlationId,
      ApiMessage body) {
    ctx.executor().execute(() -> {
      try {
        if (body != null && ctx.channel().isActive()) {
          write(ctx, api, version, correlationId, body);
        }
      } finally {
        frame.release();
      }
      busy = false;
      startNext(ctx);
    });
  }

  private static void write(ChannelHandlerContext ctx, ApiKeys api, short version, int correlationId, ApiMessage body) {
    ObjectSerializationCache cache = new ObjectSerializationCache();
    short headerVersion = api.responseHeaderVersion(version);
    ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
    int size = header.size(cache, headerVersion) + body.size(cache, version);
    NettyWritable out = new NettyWritable(ctx.alloc(), Math.min(size + 4, 64 * 1024));
    out.writeInt(size);
    header.write(out, cache, headerVersion);
    body.write(out, cache, version);
    List<Object> parts = out.finish();
    for (Object part : parts) {
      ctx.write(part);
    }
    ctx.flush();
  }

  private void closeWith(ChannelHandlerContext ctx, ByteBuf frame, String what) {
    LOG.warn("closing connection from {}: it sent {}", client, what);
    ctx.executor().execute(() -> {
      frame.release();
      releaseQueued();
      ctx.close();
    });
  }

  private void releaseQueued() {
    ByteBuf queued;
    while ((queued = queue.poll()) != null) {
      queued.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    releaseQueued();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      LOG.warn("closing connection from {}: {} (socket.request.max.bytes)", client, cause.getMessage());
    } else {
      LOG.warn("closing connection from {}: {}", client, cause.toString());
    }
    ctx.close();
  }
}
