package dev.gallop.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gallop.Gallop;
import dev.gallop.error.WorkflowHandleException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server, on Jetty 12 core handlers (no servlet layer, no Kotlin): the three static files
 * of the page from the classpath, the token check in front of {@code /api/*} and {@code /metrics},
 * security headers, and every error as JSON. Requests run on virtual threads, so an open event
 * stream costs no platform thread. Routes live in {@link Api}.
 */
public final class Server {
  private static final Logger log = LoggerFactory.getLogger(Server.class);
  private static final String STATIC = "/dev/gallop/dashboard/static/";
  private static final Map<String, String> PAGES =
      Map.of(
          "/", "index.html text/html",
          "/index.html", "index.html text/html",
          "/app.js", "app.js text/javascript",
          "/app.css", "app.css text/css");

  private final org.eclipse.jetty.server.Server jetty;
  private final ServerConnector connector;
  private final String host;
  private final int requestedPort;
  private final String token;
  private final ObjectMapper json;
  private final Api api;

  public Server(
      Gallop gallop,
      String host,
      int port,
      String token,
      @Nullable PrometheusMeterRegistry registry,
      long refreshMillis) {
    this.host = host;
    this.requestedPort = port;
    this.token = token;
    this.json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    PrometheusMeterRegistry reg =
        registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.api = new Api(gallop, new DbGauges(gallop.monitor(), reg), reg, refreshMillis);
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("gallop-dashboard");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    this.jetty = new org.eclipse.jetty.server.Server(threads);
    this.connector = new ServerConnector(jetty, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            serve(new Exchange(request, response, callback, json));
            return true;
          }
        });
  }

  private void serve(Exchange x) {
    x.header("X-Content-Type-Options", "nosniff");
    x.header("Referrer-Policy", "no-referrer");
    x.header("X-Frame-Options", "DENY");
    x.header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'");
    String path = x.path();
    try {
      String page = PAGES.get(path);
      if (page != null && x.method().equals("GET")) {
        String[] p = page.split(" ");
        x.send(200, p[1] + "; charset=utf-8", resource(p[0]));
        return;
      }
      if (!path.startsWith("/api/") && !path.equals("/metrics")) {
        throw new HttpError(404, "no page '" + path + "'");
      }
      x.header("Cache-Control", "no-store");
      if (!Tokens.matches(x.header(HttpHeader.AUTHORIZATION), token)) {
        x.header("WWW-Authenticate", "Bearer");
        throw new HttpError(401, "missing or wrong token (Authorization: Bearer ...)");
      }
      api.handle(x);
    } catch (Throwable e) {
      fail(x, e);
    }
  }

  private void fail(Exchange x, Throwable e) {
    int status;
    String message;
    if (e instanceof HttpError h) {
      status = h.status();
      message = h.getMessage();
    } else if (e instanceof IllegalArgumentException) {
      status = 400;
      message = String.valueOf(e.getMessage());
    } else if (e instanceof WorkflowHandleException w) {
      status = w.code() == WorkflowHandleException.Code.WORKFLOW_NOT_FOUND ? 404 : 503;
      message = w.getMessage();
    } else {
      log.warn("dashboard request {} failed", x.path(), e);
      status = 500;
      message = String.valueOf(e);
    }
    if (x.answered()) { // an event stream that broke: the client is gone or will reconnect
      x.abort(e);
      return;
    }
    try {
      x.json(status, Map.of("error", message));
    } catch (IOException | RuntimeException again) {
      x.abort(again);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = Server.class.getResourceAsStream(STATIC + name)) {
      if (in == null) {
        throw new IllegalStateException("missing dashboard resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void start() {
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception ignored) {
        // already failing: the start failure is the one to report
      }
      throw new IllegalStateException(
          "cannot start the dashboard on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
    }
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      log.warn("dashboard listens on {}: reachable from other machines, token required", host);
    }
  }

  public void stop() {
    api.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("stopping the dashboard failed", e);
    }
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String token() {
    return token;
  }

  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port() + "/";
  }
}
