// Preferences live in this browser's localStorage only. Nothing here is ever sent except the lobby and
// interests in `join`. The session token is never stored.

const KEY = 'ghostline.preferences';
const DEFAULTS = Object.freeze({ lobby: 'en', interests: '', camera: '', microphone: '', hideIp: false });
const INTEREST = /^[\p{L}\p{N} _-]{1,32}$/u;
export const MAX_INTERESTS = 10;

export function loadPreferences(storage = window.localStorage) {
  try {
    const saved = JSON.parse(storage.getItem(KEY) || '{}');
    return { ...DEFAULTS, ...pick(saved) };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePreferences(preferences, storage = window.localStorage) {
  try {
    storage.setItem(KEY, JSON.stringify(pick(preferences)));
  } catch {
    // storage full or disabled: preferences are a convenience, the page works without them
  }
}

/**
 * Turns the interests box into the list `join` carries, as the server will normalise it.
 * Returns {interests} or {error} with a message for the user.
 */
export function parseInterests(text) {
  const seen = new Set();
  for (const raw of text.split(',')) {
    const interest = raw.trim().toLowerCase();
    if (interest === '') {
      continue;
    }
    if (!INTEREST.test(interest)) {
      return { error: 'Each interest is 1 to 32 letters, digits, spaces, _ or -.' };
    }
    seen.add(interest);
  }
  if (seen.size > MAX_INTERESTS) {
    return { error: `At most ${MAX_INTERESTS} interests.` };
  }
  return { interests: [...seen] };
}

function pick(source) {
  const result = {};
  for (const [key, fallback] of Object.entries(DEFAULTS)) {
    if (typeof source[key] === typeof fallback) {
      result[key] = source[key];
    }
  }
  return result;
}
