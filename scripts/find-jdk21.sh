#!/usr/bin/env bash
# Prints the path of a JDK >= 21. Honours JAVA_HOME when it qualifies, otherwise picks the lowest
# qualifying JDK under /usr/lib/jvm (read from each JDK's `release` file). Exits 1 with a clear
# message when none is installed.
set -u

feature_version() { # $1 = JDK home; prints the feature version (17, 21, 25, ...) or nothing
  local rel="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*"/\1/p' "$rel" | head -n1)
    [ -n "$v" ] && { echo "$v"; return 0; }
  fi
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

if [ -n "${JAVA_HOME:-}" ]; then
  v=$(feature_version "$JAVA_HOME")
  if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; exit 0; fi
fi

best="" best_v=999
for home in /usr/lib/jvm/*/; do
  home=${home%/}
  [ -L "$home" ] && continue
  v=$(feature_version "$home")
  if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -lt "$best_v" ]; then best="$home"; best_v="$v"; fi
done

if [ -z "$best" ]; then
  echo "Gallop needs a JDK 21 or newer, and none was found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm)." >&2
  echo "Install one (for example Temurin 21 or 25) under /usr/lib/jvm, or set JAVA_HOME to it." >&2
  exit 1
fi
echo "$best"
