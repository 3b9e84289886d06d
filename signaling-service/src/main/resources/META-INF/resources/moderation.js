// The moderation API: the list of report reasons and the report itself. Same origin by default (the ingress
// routes /v1/ to the moderation service); a deployment may name another origin in /client-config.json.

let apiBase = '';

export async function loadClientConfig() {
  try {
    const response = await fetch('client-config.json', { cache: 'no-store', credentials: 'omit' });
    if (response.ok) {
      const config = await response.json();
      if (typeof config.moderationApi === 'string') {
        apiBase = config.moderationApi.replace(/\/+$/, '');
      }
    }
  } catch {
    // no config: the moderation API is on this origin
  }
}

/** The reason codes the API accepts, e.g. ["harassment", "spam"]; empty when it cannot be reached. */
export async function fetchReasons() {
  try {
    const response = await fetch(`${apiBase}/v1/reasons`, { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) {
      return [];
    }
    const body = await response.json();
    // {"reasons": [...]}; a bare list is accepted too.
    const reasons = Array.isArray(body) ? body : body && body.reasons;
    return Array.isArray(reasons) ? reasons.filter((r) => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Posts a report. Resolves to {status: 'counted' | 'duplicate' | 'revoked'} or {error, message}; the
 * ticket proves the match, the token proves the reporter was in it.
 */
export async function sendReport(ticket, token, reason) {
  try {
    const response = await fetch(`${apiBase}/v1/reports`, {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ticket, token, reason }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok && typeof body.status === 'string') {
      return { status: body.status };
    }
    return { error: typeof body.error === 'string' ? body.error : `http-${response.status}` };
  } catch {
    return { error: 'unreachable' };
  }
}
