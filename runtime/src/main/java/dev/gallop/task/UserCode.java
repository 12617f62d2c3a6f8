package dev.gallop.task;

/**
 * An application-defined error code. Should be UPPER_SNAKE; must be non-blank and must not equal a
 * {@link BuiltInCode} name.
 *
 * @param name the code
 * @throws IllegalArgumentException if blank or reserved
 */
public record UserCode(String name) implements ErrorCode {
  public UserCode {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a user error code must be non-blank, was '" + name + "'");
    }
    if (BuiltInCode.isReserved(name)) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is a reserved built-in error code; use BuiltInCode."
              + name
              + " or choose another name");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
