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
#   TURN_EXTERNAL_IP   public[/private]; public may be "auto": the address this host's traffic leaves from,
#                      asked of public DNS resolvers by TURN_DETECT_EXTERNAL_IP (see detect_external_ip)
#   TURN_DETECT_EXTERNAL_IP  detector command; default detect-external-ip (shipped in the coturn image)
#   TURN_DETECT_TIMEOUT      seconds the detector may take; default 30
#   TURN_TLS           required (default): cert and key must be there; optional: serve TURN without TLS
#                      (no turns:, no DTLS) while the cert or key is missing; off: never TLS
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

# "auto" asks public DNS resolvers which address this host's queries come from (the coturn image's
# detect-external-ip: OpenDNS, Google, Cloudflare, Akamai). That is the node's public address where the node
# has its own 1:1 NAT address, as cloud VMs with a public IP do; behind a shared NAT gateway it is the
# gateway's, and wrong: set the address explicitly there. A failed or odd answer stops the start instead of
# advertising a wrong address.
detect_external_ip() {
  local detector="${TURN_DETECT_EXTERNAL_IP:-detect-external-ip}" detected octet
  command -v "$detector" >/dev/null || fail "TURN_EXTERNAL_IP=auto needs $detector, which is not installed"
  detected="$(timeout "${TURN_DETECT_TIMEOUT:-30}" "$detector")" \
    || fail "TURN_EXTERNAL_IP=auto: $detector found no external address; set TURN_EXTERNAL_IP explicitly"
  octet='(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
  [[ "$detected" =~ ^$octet\.$octet\.$octet\.$octet$ ]] \
    || fail "TURN_EXTERNAL_IP=auto: $detector answered something other than one IPv4 address"
  # The server's own public address, no client's: safe to log, and what an operator needs to check.
  echo "start-coturn: detected external IP $detected" >&2
  TURN_EXTERNAL_IP="$detected${TURN_EXTERNAL_IP#auto}"
}
if [[ "${TURN_EXTERNAL_IP:-}" == auto || "${TURN_EXTERNAL_IP:-}" == auto/* ]]; then
  detect_external_ip
fi

tls_off=false
case "${TURN_TLS:-required}" in
  required) ;;
  optional)
    # A Kubernetes Secret mounted optional: the pod starts before the certificate exists. Plain TURN (udp,
    # tcp) works meanwhile; turns: and DTLS come after a restart once the Secret is there.
    if [[ ! -s "${TURN_TLS_CERT:-}" || ! -r "${TURN_TLS_CERT:-}" || ! -s "${TURN_TLS_PKEY:-}" || ! -r "${TURN_TLS_PKEY:-}" ]]; then
      echo "start-coturn: WARNING no TLS certificate or key: serving TURN without TLS (no turns:, no DTLS)" >&2
      tls_off=true
    fi
    ;;
  off) tls_off=true ;;
  *) fail "TURN_TLS must be required, optional or off" ;;
esac

umask 077
mkdir -p "$runtime_dir"
tmp="$(mktemp "$runtime_dir/.turnserver.conf.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
{
  render_file "$template"
  if [[ "$tls_off" == true ]]; then
    printf '\n# ---- TLS off (TURN_TLS=%s) ----\nno-tls\nno-dtls\n' "${TURN_TLS}"
  fi
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
