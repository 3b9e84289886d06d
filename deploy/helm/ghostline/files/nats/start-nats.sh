#!/bin/sh
# Ghostline NATS entrypoint (POSIX sh: the nats Alpine image has only busybox).
#
# Writes the cluster's route URLs, with the route credentials, to routes.conf in a memory-backed directory,
# which nats.conf includes, then execs nats-server so it receives signals (lame duck, stop) directly.
# Why a file: nats-server substitutes $VARIABLES only as whole values, never inside a URL, and it sends the
# credentials of the route URL (not those of cluster.authorization) when it connects a route. The credentials
# come from a Secret through the environment and never appear in the ConfigMap.
#
# Environment:
#   NATS_ROUTE_USER, NATS_ROUTE_PASSWORD  route credentials (letters, digits, - and _; a letter first)
#   NATS_ROUTE_HOSTS   host:port of every server's route port, space-separated; empty: a single server
#   NATS_CONFIG        default /etc/nats/nats.conf
#   NATS_RUNTIME_DIR   default /var/run/nats; nats.conf includes ../../var/run/nats/routes.conf, so in the
#                      pod this is the directory /etc/nats/../../var/run/nats
#   NATS_SERVER_BIN    default nats-server
# Extra arguments go to nats-server (the chart tests pass -t: check the configuration and exit).
# The credentials are never printed: no set -x, no echo of values.
set -eu

fail() { echo "start-nats: $*" >&2; exit 64; }

config="${NATS_CONFIG:-/etc/nats/nats.conf}"
runtime="${NATS_RUNTIME_DIR:-/var/run/nats}"

# Only characters that need no escaping in a URL nor quoting in nats.conf: a newline or quote could inject
# configuration, a leading digit would be read as a number with a unit.
check_credential() {
  case "$2" in
    '' | *[!A-Za-z0-9_-]* | [!A-Za-z]*) fail "$1 must be letters, digits, - or _, starting with a letter" ;;
  esac
}

if [ -n "${NATS_ROUTE_HOSTS:-}" ]; then
  check_credential NATS_ROUTE_USER "${NATS_ROUTE_USER:-}"
  check_credential NATS_ROUTE_PASSWORD "${NATS_ROUTE_PASSWORD:-}"
  umask 077
  tmp="$runtime/.routes.conf.$$"
  {
    echo "routes: ["
    for host in $NATS_ROUTE_HOSTS; do
      echo "  \"nats://$NATS_ROUTE_USER:$NATS_ROUTE_PASSWORD@$host\""
    done
    echo "]"
  } > "$tmp"
  mv -f "$tmp" "$runtime/routes.conf"
fi

exec "${NATS_SERVER_BIN:-nats-server}" --config "$config" "$@"
