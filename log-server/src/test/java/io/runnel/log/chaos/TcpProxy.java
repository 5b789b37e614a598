package io.runnel.log.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on a free loopback port in front of one node's client listener. The node advertises
 * the proxy's port ({@code advertised.listeners}), so every connection to the node goes through
 * it: clients, and other nodes' followers fetching from it.
 *
 * <p>{@link #cut()} makes the node unreachable the way a network partition does, not the way a
 * refused port does: open connections go silent (bytes in either direction are read and dropped)
 * and new connections are accepted but never reach the node, so peers find out only by their own
 * timeouts. {@link #heal()} closes every connection that went silent (their streams lost bytes and
 * cannot resume) and forwards new connections again.
 *
 * <p>Thread-safe: one acceptor thread, two pump threads per connection; {@code cut}, {@code heal}
 * and {@code close} may be called from any thread.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final String name;
  private final List<Link> links = new ArrayList<>();
  private boolean cut;
  private volatile boolean closed;

  /** One client connection and, unless it was accepted while cut, its connection to the node. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean silent;

    Link(Socket client, Socket upstream, boolean silent) {
      this.client = client;
      this.upstream = upstream;
      this.silent = silent;
    }

    void close() {
      closeQuietly(client);
      if (upstream != null) {
        closeQuietly(upstream);
      }
      synchronized (TcpProxy.this) {
        links.remove(this);
      }
    }
  }

  TcpProxy(String name, int targetPort) {
    this.name = name;
    this.targetPort = targetPort;
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the proxy of " + name + " on a loopback port", e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "proxy-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port clients connect to. */
  int port() {
    return server.getLocalPort();
  }

  /** Makes the node unreachable through this proxy (see the class doc). */
  synchronized void cut() {
    cut = true;
    for (Link link : links) {
      link.silent = true;
    }
  }

  /** Closes the silent connections and forwards again. */
  void heal() {
    List<Link> silent;
    synchronized (this) {
      cut = false;
      silent = links.stream().filter(l -> l.silent).toList();
    }
    silent.forEach(Link::close);
  }

  synchronized boolean isCut() {
    return cut;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("proxy " + name + ": accept failed: " + e);
        }
        return;
      }
      boolean silent;
      synchronized (this) {
        silent = cut;
      }
      Socket upstream = null;
      if (!silent) {
        try {
          upstream = new Socket();
          upstream.setTcpNoDelay(true);
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
          client.setTcpNoDelay(true);
        } catch (IOException e) {
          // the node is down (killed, restarting): the client sees the connection close, as it would
          closeQuietly(upstream);
          closeQuietly(client);
          continue;
        }
      }
      Link link = new Link(client, upstream, silent);
      synchronized (this) {
        if (closed) {
          link.close();
          return;
        }
        links.add(link);
      }
      startPump(link, client, upstream, "up");
      if (upstream != null) {
        startPump(link, upstream, client, "down");
      }
    }
  }

  private void startPump(Link link, Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> pump(link, from, to), "proxy-" + name + "-" + direction);
    t.setDaemon(true);
    t.start();
  }

  /** Copies bytes from {@code from} to {@code to} until either end closes; drops them while silent. */
  private static void pump(Link link, Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to == null ? null : to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (!link.silent && out != null) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // one end closed or reset: close both below
    }
    link.close();
  }

  private static void closeQuietly(Socket s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    List<Link> all;
    synchronized (this) {
      all = List.copyOf(links);
    }
    all.forEach(Link::close);
  }
}
