#!/usr/bin/env bash
# Ghostline coturn entrypoint.
#
# Renders turnserver.conf (the ${VAR} template) from the environment into a memory-backed
# directory, appends static-auth-secret=$TURN_SECRET to that rendered copy only (mode 600),
# then execs turnserver so it receives signals (SIGTERM stop, SIGUSR1 drain) directly.
#
# Environment:
#   TURN_SECRET        required, >= 32 chars; shared with the signaling service (Kubernetes Secret)
#   TURN_REALM, TURN_LISTENING_IP, TURN_RELAY_IP, TURN_EXTERNAL_IP, TURN_TLS_CERT, TURN_TLS_PKEY
#                      values for the template placeholders (all required)
#   RUNTIME_DIR        where the rendered config goes; default /run/ghostline-turn
#                      (Kubernetes: emptyDir with medium: Memory, so the secret never touches disk)
#   TURN_TEMPLATE      template path; default turnserver.conf next to this script
#   TURN_TEST_OVERLAY  TESTS ONLY: a file rendered and appended after the template (later lines win).
#   TURNSERVER_BIN     turnserver binary; default turnserver
# The secret is never printed: no set -x, no echo of values.
set -euo pipefail
set +x

fail() { echo "start-coturn: $*" >&2; exit 64; }

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="${TURN_TEMPLATE:-$script_dir/turnserver.conf}"
runtime_dir="${RUNTIME_DIR:-/run/ghostline-turn}"
rendered="$runtime_dir/turnserver.conf"

[[ -n "${TURN_SECRET:-}" ]] || fail "TURN_SECRET is required"
(( ${#TURN_SECRET} >= 32 )) || fail "TURN_SECRET must be at least 32 characters"
# A newline would let the secret inject extra config lines.
[[ "$TURN_SECRET" != *$'\n'* && "$TURN_SECRET" != *$'\r'* ]] || fail "TURN_SECRET must be a single line"
[[ -r "$template" ]] || fail "template not readable: $template"

# Replaces every ${NAME} in one line with the environment value; unset, empty or multi-line
# values abort so a half-rendered config never starts.
render_line() {
  local line="$1" out="" name value
  # Comments are copied verbatim: they may mention placeholders without needing values.
  if [[ "$line" =~ ^[[:space:]]*# ]]; then printf '%s\n' "$line"; return; fi
  while [[ "$line" =~ ^([^$]*)\$\{([A-Za-z_][A-Za-z0-9_]*)\}(.*)$ ]]; do
    name="${BASH_REMATCH[2]}"
    [[ "$name" != TURN_SECRET ]] || fail "the template must not reference TURN_SECRET"
    value="${!name:-}"
    [[ -n "$value" ]] || fail "$name is required by the template"
    [[ "$value" != *$'\n'* && "$value" != *$'\r'* ]] || fail "$name must be a single line"
    out+="${BASH_REMATCH[1]}$value"
    line="${BASH_REMATCH[3]}"
  done
  printf '%s\n' "$out$line"
}

render_file() {
  local line
  while IFS= read -r line || [[ -n "$line" ]]; do
    render_line "$line"
  done < "$1"
}

umask 077
mkdir -p "$runtime_dir"
tmp="$(mktemp "$runtime_dir/.turnserver.conf.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
{
  render_file "$template"
  if [[ -n "${TURN_TEST_OVERLAY:-}" ]]; then
    echo "start-coturn: WARNING applying test overlay $TURN_TEST_OVERLAY (never in production)" >&2
    printf '\n# ---- test overlay: %s ----\n' "$TURN_TEST_OVERLAY"
    render_file "$TURN_TEST_OVERLAY"
  fi
  printf '\n# ---- injected at start ----\n'
  printf 'static-auth-secret=%s\n' "$TURN_SECRET"
} > "$tmp"
chmod 600 "$tmp"
mv -f "$tmp" "$rendered"
trap - EXIT

exec "${TURNSERVER_BIN:-turnserver}" -c "$rendered"
