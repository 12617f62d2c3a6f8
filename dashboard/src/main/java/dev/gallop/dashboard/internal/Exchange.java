package dev.gallop.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response, with the few helpers the routes need: query parameters, JSON and
 * text answers, and a blocking chunk write for event streams. Not thread-safe: one per request.
 */
final class Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final ObjectMapper json;
  private @Nullable Fields query;
  private boolean answered;

  Exchange(Request request, Response response, Callback callback, ObjectMapper json) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.json = json;
  }

  String path() {
    return Request.getPathInContext(request);
  }

  String method() {
    return request.getMethod();
  }

  @Nullable String header(HttpHeader name) {
    return request.getHeaders().get(name);
  }

  /** A query parameter, decoded; null when absent. */
  @Nullable String query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }
    return query.getValue(name);
  }

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  boolean answered() {
    return answered;
  }

  /** Answers with {@code body} as JSON. */
  void json(int status, @Nullable Object body) throws IOException {
    send(status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
  }

  /** Answers with text of the given content type. */
  void text(int status, String contentType, String body) {
    send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  void send(int status, String contentType, byte[] body) {
    answered = true;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Starts a {@code text/event-stream} answer; follow with {@link #event} and {@link #end}. */
  void startEvents() throws IOException {
    answered = true;
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    chunk(": stream open\n\n");
  }

  /** Writes one event and flushes it; throws when the client has gone. */
  void event(String name, Object data) throws IOException {
    chunk("event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n");
  }

  /** Writes an SSE comment, which keeps idle connections (and proxies) open. */
  void keepAlive() throws IOException {
    chunk(": keep-alive\n\n");
  }

  private void chunk(String text) throws IOException {
    Content.Sink.write(response, false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Ends an event stream. */
  void end() {
    response.write(true, ByteBuffer.allocate(0), callback);
  }

  /** Fails the exchange without an answer (the connection is already gone). */
  void abort(Throwable cause) {
    callback.failed(cause);
  }
}
