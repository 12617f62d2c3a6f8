package dev.gallop.dashboard;

import dev.gallop.Gallop;
import dev.gallop.dashboard.internal.Server;
import dev.gallop.dashboard.internal.Tokens;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The web dashboard: static pages plus a JSON API over {@link Gallop#monitor()} and the workflow
 * handles (pause, resume, cancel), and a Prometheus endpoint at {@code /metrics}.
 *
 * <pre>{@code
 * try (Gallop gallop = Gallop.builder().withoutDefinitionRegistry().build();
 *     Dashboard d = Dashboard.builder(gallop).port(8080).build().start()) {
 *   System.out.println("open " + d.browserUrl());
 * }
 * }</pre>
 *
 * <p>An open workflow page receives its graph as Server-Sent Events ({@code /api/workflow/events})
 * whenever a status changes, instead of polling. Every API call and action, and {@code /metrics},
 * needs the header {@code Authorization: Bearer <token>}; the pages themselves hold no data. The
 * browser URL carries the token in its fragment ({@code #token=...}), which browsers never send to
 * a server. It binds to 127.0.0.1 unless told otherwise. Thread-safe; {@link #close()} stops the
 * server (not the engine).
 */
public final class Dashboard implements AutoCloseable {
  private final Server server;

  private Dashboard(Server server) {
    this.server = server;
  }

  /** A builder for a dashboard over {@code gallop}, which it uses but does not own or close. */
  public static Builder builder(Gallop gallop) {
    return new Builder(Objects.requireNonNull(gallop, "gallop"));
  }

  /**
   * Starts listening.
   *
   * @throws IllegalStateException if the port cannot be bound (the cause says why)
   */
  public Dashboard start() {
    server.start();
    return this;
  }

  /** The bound port (the actual one when 0 was asked for); valid after {@link #start()}. */
  public int port() {
    return server.port();
  }

  /** The token every API call needs. */
  public String token() {
    return server.token();
  }

  /** {@code http://host:port/}. */
  public String url() {
    return server.url();
  }

  /** The URL to open in a browser: {@link #url()} with the token in its fragment. */
  public String browserUrl() {
    return url() + "#token=" + token();
  }

  /**
   * A one-click link to one workflow's page, token included ({@code #/workflow/<id>&token=...}),
   * which opens in a browser that has never seen the token.
   */
  public String browserUrl(String workflowId) {
    return url()
        + "#/workflow/"
        + java.net.URLEncoder.encode(workflowId, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20")
        + "&token="
        + token();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Dashboard settings. Not thread-safe; {@link #build()} validates everything at once. */
  public static final class Builder {
    private final Gallop gallop;
    private String host = "127.0.0.1";
    private int port = 8080;
    private @Nullable String token;
    private @Nullable PrometheusMeterRegistry registry;
    private java.time.Duration refresh = java.time.Duration.ofSeconds(1);

    private Builder(Gallop gallop) {
      this.gallop = gallop;
    }

    /** Interface to bind; default {@code 127.0.0.1} (loopback only). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port; default 8080; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The access token; default a random 128-bit one, generated at start. At least 16 characters of
     * {@code [A-Za-z0-9_-]}.
     */
    public Builder token(String token) {
      if (token == null || !Tokens.acceptable(token)) {
        throw new IllegalArgumentException(
            "token must be at least 16 characters of [A-Za-z0-9_-], was "
                + (token == null ? "null" : token.length() + " characters"));
      }
      this.token = token;
      return this;
    }

    /**
     * The registry {@code /metrics} scrapes; pass the one given to {@link
     * Gallop.Builder#meterRegistry} to expose this process's engine metrics too. Default: a new
     * registry holding the dashboard's database gauges (queue depths, workers).
     */
    public Builder meterRegistry(PrometheusMeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * How often the server checks an open workflow page for changes, which it pushes to the page as
     * Server-Sent Events, and how often list pages refresh; default 1 s; 200 ms .. 60 s.
     */
    public Builder refreshInterval(java.time.Duration every) {
      if (every == null
          || every.compareTo(java.time.Duration.ofMillis(200)) < 0
          || every.compareTo(java.time.Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("refreshInterval must be 200 ms .. 60 s, was " + every);
      }
      this.refresh = every;
      return this;
    }

    public Dashboard build() {
      return new Dashboard(
          new Server(
              gallop,
              host,
              port,
              token == null ? Tokens.random() : token,
              registry,
              refresh.toMillis()));
    }
  }
}
