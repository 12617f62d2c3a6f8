package dev.gallop.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A worker's Prometheus endpoint: {@code GET /metrics} on the JDK's built-in HTTP server. */
final class MetricsServer {
  private final HttpServer server;
  private final String host;

  private MetricsServer(HttpServer server, String host) {
    this.server = server;
    this.host = host;
  }

  static MetricsServer start(String host, int port, PrometheusMeterRegistry registry) {
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    s.createContext(
        "/metrics",
        ex -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.start();
    return new MetricsServer(s, host);
  }

  String url() {
    return "http://" + host + ":" + server.getAddress().getPort() + "/metrics";
  }

  void stop() {
    server.stop(0);
  }
}
