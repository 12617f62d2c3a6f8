package dev.gallop.task;

/**
 * The code of a {@link TaskError}: either a {@link BuiltInCode} of Gallop or a {@link UserCode}
 * chosen by application code. The two stay distinguishable after serialization.
 */
public sealed interface ErrorCode permits BuiltInCode, UserCode {
  /** The code's name, for example {@code WORKER_CRASHED} or {@code PAYMENT_DECLINED}. */
  String name();

  /**
   * Parses a code name: a built-in name gives that {@link BuiltInCode}, anything else a {@link
   * UserCode} (which must be non-blank).
   */
  static ErrorCode parse(String name) {
    BuiltInCode builtIn = BuiltInCode.byName(name);
    return builtIn != null ? builtIn : new UserCode(name);
  }
}
