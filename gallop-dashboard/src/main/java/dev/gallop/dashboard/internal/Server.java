package dev.gallop.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gallop.Gallop;
import dev.gallop.error.WorkflowHandleException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: static pages from the classpath, the token check in front of {@code /api/*} and
 * {@code /metrics}, error mapping, and security headers. Routes live in {@link Api}.
 */
public final class Server {
  private static final Logger log = LoggerFactory.getLogger(Server.class);

  private final Javalin app;
  private final String host;
  private final int requestedPort;
  private final String token;

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
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    PrometheusMeterRegistry reg =
        registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Api api = new Api(gallop, new DbGauges(gallop.monitor(), reg), reg, refreshMillis);
    this.app =
        Javalin.create(cfg -> {
          cfg.jsonMapper(new JavalinJackson(json, false));
          cfg.startup.showJavalinBanner = false;
          cfg.staticFiles.add("/dev/gallop/dashboard/static", Location.CLASSPATH);
          cfg.routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'");
          });
          cfg.routes.before("/api/*", this::requireToken);
          cfg.routes.before("/metrics", this::requireToken);
          api.routes(cfg.routes);
          cfg.routes.exception(
              WorkflowHandleException.class,
              (e, ctx) -> {
                int status =
                    e.code() == WorkflowHandleException.Code.WORKFLOW_NOT_FOUND ? 404 : 503;
                ctx.status(status).json(Map.of("error", e.getMessage()));
              });
          cfg.routes.exception(
              IllegalArgumentException.class,
              (e, ctx) -> ctx.status(400).json(Map.of("error", String.valueOf(e.getMessage()))));
          cfg.routes.exception(
              Exception.class,
              (e, ctx) -> {
                log.warn("dashboard request {} failed", ctx.path(), e);
                ctx.status(500).json(Map.of("error", String.valueOf(e)));
              });
        });
  }

  private void requireToken(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (!Tokens.matches(ctx.header("Authorization"), token)) {
      ctx.header("WWW-Authenticate", "Bearer");
      ctx.status(401).json(Map.of("error", "missing or wrong token (Authorization: Bearer ...)"));
      ctx.skipRemainingHandlers();
    }
  }

  public void start() {
    try {
      app.start(host, requestedPort);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the dashboard on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
    }
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      log.warn("dashboard listens on {}: reachable from other machines, token required", host);
    }
  }

  public void stop() {
    app.stop();
  }

  public int port() {
    return app.port();
  }

  public String token() {
    return token;
  }

  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port() + "/";
  }
}
