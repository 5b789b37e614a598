package io.runnel.log.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of an echo server: forwards, goes silent when cut, closes silent connections on heal. */
class TcpProxyTest {
  private ServerSocket echo;
  private TcpProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (true) {
        try {
          Socket s = echo.accept();
          Thread c = new Thread(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException e) {
              // the client went away
            }
          });
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    proxy = new TcpProxy("test", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(300);
    return s;
  }

  private static int roundTrip(Socket s, int b) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(b);
    out.flush();
    InputStream in = s.getInputStream();
    return in.read();
  }

  @Test
  void forwardsThenGoesSilentWhenCutAndForwardsNewConnectionsAfterHealing() throws IOException {
    try (Socket before = connect()) {
      assertThat(roundTrip(before, 7)).isEqualTo(7);

      proxy.cut();
      assertThat(proxy.isCut()).isTrue();
      assertThatThrownBy(() -> roundTrip(before, 8)).isInstanceOf(SocketTimeoutException.class);
      try (Socket during = connect()) {
        // accepted, as a partitioned peer's SYN might be by a middlebox, but nothing comes back
        assertThatThrownBy(() -> roundTrip(during, 9)).isInstanceOf(SocketTimeoutException.class);

        proxy.heal();
        // connections that went silent are closed: their streams lost bytes
        before.setSoTimeout(5_000);
        during.setSoTimeout(5_000);
        assertThat(before.getInputStream().read()).isEqualTo(-1);
        assertThat(during.getInputStream().read()).isEqualTo(-1);
      }
      try (Socket after = connect()) {
        after.setSoTimeout(5_000);
        assertThat(roundTrip(after, 10)).isEqualTo(10);
      }
    }
  }
}
