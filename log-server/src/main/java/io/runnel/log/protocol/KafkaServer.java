package io.runnel.log.protocol;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.runnel.log.server.Broker;
import io.runnel.log.server.ProducerIdAllocator;
import io.runnel.log.server.ServerConfig;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The Kafka-protocol listener: Netty accepts connections, frames requests by their 4-byte length
 * (refusing, without allocating it, any frame over {@code socket.request.max.bytes}) and hands them
 * to a {@link KafkaConnection}; requests run on {@code num.io.threads} handler threads. It also runs
 * this node's {@link ReplicaFetchers}, the follower side of replication.
 */
public final class KafkaServer implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService requestExecutor;
  private final ScheduledExecutorService timer;
  private final ChannelGroup channels;
  private final Channel serverChannel;
  private final int port;
  private final ReplicaFetchers fetchers;

  private KafkaServer(EventLoopGroup boss, EventLoopGroup workers, ExecutorService requestExecutor,
      ScheduledExecutorService timer, ChannelGroup channels, Channel serverChannel, ReplicaFetchers fetchers) {
    this.fetchers = fetchers;
    this.channels = channels;
    this.boss = boss;
    this.workers = workers;
    this.requestExecutor = requestExecutor;
    this.timer = timer;
    this.serverChannel = serverChannel;
    this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /**
   * Binds the listener and serves the broker's APIs; {@code extraApis} registers more (the group
   * coordinator's) given the table, the endpoint and the timer.
   */
  public static KafkaServer start(Broker broker, ProducerIdAllocator producerIds,
      Consumer<Registration> extraApis) throws InterruptedException {
    ServerConfig config = broker.config();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, threads("kafka-acceptor"), NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(config.numNetworkThreads(), threads("kafka-network"),
        NioIoHandler.newFactory());
    ExecutorService requestExecutor = Executors.newFixedThreadPool(config.numIoThreads(), threads("request-handler"));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads("request-timer"));
    EndpointHolder endpoint = new EndpointHolder();
    ApiTable apis = new ApiTable();
    AppendWatchers watchers = new AppendWatchers();
    MetadataApis.register(apis, broker);
    ProduceApi.register(apis, broker, watchers, timer);
    FetchApi.register(apis, broker, watchers, timer);
    ListOffsetsApi.register(apis, broker);
    OffsetForLeaderEpochApi.register(apis, broker);
    // A high watermark move completes parked acks=all produces and consumer fetches, as an append does.
    broker.onHighWatermark(watchers::appended);
    ProducerIdApi.register(apis, producerIds);
    TopicApis.register(apis, broker);
    ElectLeadersApi.register(apis, broker);
    extraApis.accept(new Registration(apis, endpoint::get, timer));

    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    int maxFrame = config.socketRequestMaxBytes();
    try {
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 128)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              channels.add(ch);
              ch.pipeline()
                  .addLast("frames", new LengthFieldBasedFrameDecoder(maxFrame, 0, 4, 0, 4, true))
                  .addLast("kafka", new KafkaConnection(apis, requestExecutor));
            }
          });
      ServerConfig.Listener listener = config.listener();
      Channel server = bootstrap.bind(listener.host(), listener.port()).sync().channel();
      ReplicaFetchers fetchers = new ReplicaFetchers(broker);
      KafkaServer kafkaServer = new KafkaServer(boss, workers, requestExecutor, timer, channels, server, fetchers);
      endpoint.set(config.advertisedListener(kafkaServer.port));
      broker.addMetadataListener(image -> fetchers.sync());
      fetchers.sync();
      return kafkaServer;
    } catch (InterruptedException | RuntimeException e) {
      shutdown(boss, workers, requestExecutor, timer);
      throw e;
    }
  }

  /** What an extra set of APIs gets to register itself. */
  public record Registration(ApiTable table, java.util.function.Supplier<Endpoint> endpoint,
      ScheduledExecutorService timer) {}

  private static final class EndpointHolder {
    private volatile Endpoint endpoint = new Endpoint("127.0.0.1", 0);

    void set(ServerConfig.Listener listener) {
      endpoint = new Endpoint(listener.host(), listener.port());
    }

    Endpoint get() {
      return endpoint;
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public int port() {
    return port;
  }

  /** Stops accepting, closes every connection and stops the request threads. */
  @Override
  public void close() {
    fetchers.close();
    serverChannel.close().syncUninterruptibly();
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    shutdown(boss, workers, requestExecutor, timer);
  }

  private static void shutdown(EventLoopGroup boss, EventLoopGroup workers, ExecutorService requests,
      ScheduledExecutorService timer) {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    requests.shutdown();
    timer.shutdownNow();
    try {
      requests.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
