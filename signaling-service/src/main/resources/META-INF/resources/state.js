// The page's one session and what it shows. Everything that changes the page goes through setView, so
// the state, the status line and the buttons always agree.
import { loadPreferences } from './prefs.js';
import { showState } from './view.js';

// Views that end the session: only Start (or a reload) leaves them.
const FINAL_VIEWS = new Set(['idle', 'revoked', 'blocked', 'error']);

export const session = {
  preferences: loadPreferences(),
  signaling: null,
  stream: null,
  call: null,
  match: null, // {matchId, role, ticket} of the current match
  // The current match's signals both ways (SignalLog): the numbers a resume needs, our own signals until the
  // server has relayed them. Null outside a match.
  signals: null,
  hideIp: false, // "Hide my IP" as it was at Start: the page itself insists on relay-only then
  rtcConfig: { iceServers: [], iceTransportPolicy: 'all' },
  phase: 'idle', // what the server thinks: 'idle' | 'joining' | 'waiting' | 'matched'
  left: null, // matchId of the last match left with Next: should a resume bring it back, that next was lost
  join: null,
  view: 'idle',
  detail: '',
  link: 'offline',
  matches: 0,
  reconnects: 0,
  refreshTimer: 0,
  retryTimer: 0,
};

export function render() {
  const reconnecting = session.link === 'reconnecting' && !FINAL_VIEWS.has(session.view);
  showState(reconnecting ? 'reconnecting' : session.view, reconnecting ? '' : session.detail);
}

export function setView(name, detail = '') {
  session.view = name;
  session.detail = detail;
  render();
}
