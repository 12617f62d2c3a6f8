package dev.gallop.dashboard.internal;

/** An answer other than 200 with a JSON body {@code {"error": message}}. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static HttpError notFound(String what, String id) {
    return new HttpError(404, "no " + what + " '" + id + "'");
  }

  int status() {
    return status;
  }
}
