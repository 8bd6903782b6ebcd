# Shared by the bin/ scripts: where Lodestone is, which java, the class path, the JVM options.
# Sourced, not run.

LODESTONE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LODESTONE_RUN_DIR="${LODESTONE_RUN_DIR:-$LODESTONE_HOME/run}"
LODESTONE_LOG_DIR="${LODESTONE_LOG_DIR:-$LODESTONE_HOME/logs}"

# die MESSAGE [EXIT_CODE]: 2 (bad usage) unless told otherwise.
die() {
  echo "$(basename "$0"): $1" >&2
  exit "${2:-2}"
}

find_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    [ -x "$JAVA_HOME/bin/java" ] || die "JAVA_HOME is $JAVA_HOME but $JAVA_HOME/bin/java is not there" 1
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    die "no java found: set JAVA_HOME or put java (17 or newer) on PATH" 1
  fi
}

# The distribution class path is what 'mvn package' leaves in grid-cli/target.
find_classpath() {
  local jar="$LODESTONE_HOME/grid-cli/target/grid-cli.jar" lib="$LODESTONE_HOME/grid-cli/target/lib"
  if [ ! -f "$jar" ] || [ ! -d "$lib" ]; then
    die "Lodestone is not built: run 'mvn -DskipTests package' in $LODESTONE_HOME first" 1
  fi
  CLASSPATH_ARG="$jar:$lib/*${LODESTONE_CLASSPATH:+:$LODESTONE_CLASSPATH}"
}

# JVM options: conf/jvm.options (one per line, # comments), then LODESTONE_JAVA_OPTS.
read_jvm_options() {
  local conf="$1" line
  JVM_OPTS=()
  if [ -f "$conf/jvm.options" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      line="${line%%$'\r'}"
      case "$line" in ''|'#'*) continue ;; esac
      JVM_OPTS+=("$line")
    done < "$conf/jvm.options"
  fi
  if [ -n "${LODESTONE_JAVA_OPTS:-}" ]; then
    # shellcheck disable=SC2206
    JVM_OPTS+=($LODESTONE_JAVA_OPTS)
  fi
}

# pid from a pid file if that process is alive and is the member that wrote it, else empty.
# After a reboot a stale pid file may name an unrelated process that reused the pid: never signal it.
live_pid() {
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid="$(tr -dc '0-9' < "$file")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
      && command_line "$pid" | grep -q -- "MemberMain .*--pid-file [^ ]*/$(basename "$file")"; then
    echo "$pid"
  fi
}

command_line() {
  if [ -r "/proc/$1/cmdline" ]; then
    tr '\0' ' ' < "/proc/$1/cmdline"
  else
    ps -o args= -p "$1" 2>/dev/null
  fi
}
