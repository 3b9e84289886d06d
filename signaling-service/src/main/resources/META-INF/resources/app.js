// The Ghostline page: Start, Next, Stop, Report, the text chat and the device pickers.
// What leaves this page: lobby and interests (in `join`), the WebRTC handshake (to the stranger, through the
// signaling pod), reports (to the moderation API). Video, audio and chat go straight to the other browser.
import { Call } from './call.js';
import { fillPickers, openMedia, switchDevice } from './devices.js';
import { loadClientConfig } from './moderation.js';
import { parseInterests, savePreferences } from './prefs.js';
import { ReportDialog } from './report.js';
import { SignalLog } from './signal-log.js';
import { Signaling, socketUrl } from './signaling.js';
import { render, session, setView } from './state.js';
import * as view from './view.js';

const ui = view.elements;
// TURN credentials live 10 minutes by default; fresh ones well before that keep ICE restarts working.
const REFRESH_ICE_MS = 5 * 60 * 1000;
const RETRY_UNAVAILABLE_MS = 2000;

// ---- Start, Next, Stop ------------------------------------------------------------------------------------

async function start() {
  const parsed = parseInterests(ui.interests.value);
  if (parsed.error) {
    setView('idle', parsed.error);
    ui.interests.focus();
    return;
  }
  rememberSetup();
  session.join = { type: 'join', mode: 'random', lobby: ui.lobby.value, interests: parsed.interests };
  session.hideIp = session.preferences.hideIp;
  setView('starting');
  let stream;
  try {
    stream = await openMedia(session.preferences);
  } catch {
    if (session.view === 'starting') {
      setView('error', view.ERRORS['no-camera']);
    }
    return;
  }
  if (session.view !== 'starting') { // Stop was pressed while the browser asked for the camera
    stream.getTracks().forEach((track) => track.stop());
    return;
  }
  session.stream = stream;
  ui.localVideo.srcObject = stream;
  setView('connecting');
  fillPickers(session.preferences);
  connect();
}

/** Events from an earlier, ended session's socket are ignored: only the current one may change the page. */
function connect() {
  const signaling = new Signaling(socketUrl(window.location), {
    relayOnly: session.hideIp,
    // What a resume asks the server to replay from; only a match has one.
    lastSeq: () => (session.match && session.signals ? session.signals.lastSeq : null),
    onMessage: (message) => session.signaling === signaling && receive(message),
    onLink: (link) => session.signaling === signaling && linkChanged(link),
    onEnd: (reason) => session.signaling === signaling && sessionEnded(reason),
  });
  session.signaling = signaling;
  signaling.open();
}

function next() {
  const left = session.match;
  endCall();
  if (session.phase !== 'idle') {
    // The socket may not take it, or may die with it unread: the resume then brings this match back, and
    // matched() says `next` again. (A lost `join` is said again by welcomed().)
    session.left = left ? left.matchId : null;
    session.signaling.send({ type: 'next' });
  } else {
    sendJoin();
  }
  session.phase = 'joining';
  setView('waiting');
}

function stop() {
  if (session.signaling) {
    session.signaling.bye();
  }
  teardown();
  setView('idle');
}

function sendJoin() {
  session.phase = 'joining';
  session.signaling.send(session.join);
}

function endCall() {
  if (session.call) {
    session.call.close();
    session.call = null;
  }
  session.match = null;
  session.signals = null;
  ui.remoteVideo.srcObject = null;
  view.setChatEnabled(false);
  view.showCommonInterests([]);
}

function teardown() {
  endCall();
  clearInterval(session.refreshTimer);
  clearTimeout(session.retryTimer);
  if (session.stream) {
    session.stream.getTracks().forEach((track) => track.stop());
    session.stream = null;
  }
  ui.localVideo.srcObject = null;
  session.signaling = null;
  session.phase = 'idle';
  session.left = null;
  session.link = 'offline';
}

// ---- Server messages --------------------------------------------------------------------------------------

function receive(message) {
  switch (message.type) {
    case 'welcome': return welcomed(message);
    case 'queued': return queued();
    case 'matched': return matched(message);
    case 'signal': return signalReceived(message);
    case 'peer-left': return peerLeft(message.reason);
    case 'ice-servers': return useIceServers(message);
    case 'error': return refused(message.code);
    case 'revoked': return finish('revoked');
    default: return undefined; // newer servers may send more; unknown types are ignored
  }
}

function welcomed(welcome) {
  useIceServers(welcome);
  clearInterval(session.refreshTimer);
  session.refreshTimer = setInterval(() => session.signaling && session.signaling.send({ type: 'refresh-ice' }),
    REFRESH_ICE_MS);
  if (welcome.resumed) {
    if (session.signals) {
      session.signals.resumed(welcome.lastSentSeq);
    }
    if (session.phase === 'joining') {
      // The join may have been lost with the old socket; a server that has it answers already-joined.
      sendJoin();
    }
    render(); // a `queued` or `matched` follows when the session was waiting or matched
    return;
  }
  // A new session: the first one, or the old one is gone (expired, or both pods died).
  const wasInCall = session.call !== null;
  endCall();
  if (session.hideIp && !session.rtcConfig.iceServers.some(isTurn)) {
    // Relay-only without a relay could never connect: say so rather than wait in "calling" forever.
    session.signaling.bye();
    return finish('error', view.ERRORS['relay-unavailable']);
  }
  if (session.view === 'partner-left') {
    session.phase = 'idle';
    return render();
  }
  sendJoin();
  return setView('waiting', wasInCall ? 'The connection to the stranger was lost. Looking for someone new…' : '');
}

function queued() {
  session.phase = 'waiting';
  endCall();
  setView('waiting');
}

function matched(match) {
  if (match.matchId === session.left) {
    // The resume brought back the match this person left with Next: that `next` never reached the server.
    // Say it again rather than call back the stranger just left.
    session.signaling.send({ type: 'next' });
    return undefined;
  }
  session.phase = 'matched';
  if (session.call && session.match && session.match.matchId === match.matchId) {
    return resumedCall(match);
  }
  endCall();
  session.match = match;
  session.matches += 1;
  view.clearChat();
  view.showCommonInterests(Array.isArray(match.commonInterests) ? match.commonInterests : []);
  const call = new Call(session.rtcConfig, match.role, session.stream, callEvents(() => session.call === call));
  session.call = call;
  session.signals = new SignalLog((message) => session.signaling !== null && session.signaling.send(message));
  setView('calling');
  return call.start().catch(handshakeFailed);
}

/**
 * The same match after a resume: the call goes on peer to peer. A server that numbers signals replays what
 * the stranger sent meanwhile, and ours go out again from its lastSentSeq, so a handshake the drop cut in
 * half simply completes: no ICE restart. Replay does not mend a media path, though: ICE that failed meanwhile
 * restarts now, with the ICE servers of the resumed welcome (a restart offer made while offline gathered
 * through a network that was failing). Without numbering, what the call said while the socket was down goes
 * out if the media path held; if not, that is stale and ICE restarts.
 */
function resumedCall(match) {
  session.match = match;
  const { signals, call } = session;
  if (!signals.resuming) {
    return undefined; // the same match announced twice: nothing to send again
  }
  const connected = call.connectionState === 'connected';
  if (signals.numbered) {
    signals.flush();
    if (signals.takeLost() || call.connectionState === 'failed') {
      call.restartIce().catch(handshakeFailed);
    }
  } else if (connected) {
    signals.flush();
  } else {
    signals.dropUnsent();
    call.restartIce().catch(handshakeFailed);
  }
  return setView(connected ? 'connected' : 'calling');
}

function signalReceived(message) {
  if (!session.call) {
    return undefined; // a late signal of a call this page has already left
  }
  session.signals.received(message);
  return session.call.receive(message.payload).catch(handshakeFailed);
}

/** Events of an ended call (its last ICE or channel events can still arrive) are ignored. */
function callEvents(isCurrent) {
  return {
    onSignal: (payload) => isCurrent() && session.signals.send(payload),
    onRemoteStream: (stream) => {
      if (isCurrent() && ui.remoteVideo.srcObject !== stream) {
        ui.remoteVideo.srcObject = stream;
      }
    },
    onState: (state) => {
      if (!isCurrent() || (session.view !== 'calling' && session.view !== 'connected')) {
        return;
      }
      if (state === 'connected') {
        setView('connected');
      } else if (state === 'failed' || state === 'disconnected') {
        setView('calling', 'The connection to the stranger is unstable. Trying to reconnect…');
      }
    },
    onChat: (text) => isCurrent() && view.addChatLine('stranger', text),
    onChatOpen: (open) => isCurrent() && view.setChatEnabled(open),
  };
}

function peerLeft(reason) {
  session.phase = 'idle';
  endCall();
  setView('partner-left', view.peerLeftText(reason));
}

/** From `welcome` or `ice-servers`; a live call gets them too, so an ICE restart uses fresh credentials. */
function useIceServers(message) {
  const servers = Array.isArray(message.iceServers) ? message.iceServers : [];
  // "Hide my IP" is enforced here as well, not only asked of the server.
  const policy = session.hideIp ? 'relay' : message.iceTransportPolicy || 'all';
  session.rtcConfig = { iceServers: servers, iceTransportPolicy: policy };
  if (session.call) {
    session.call.updateIceServers(session.rtcConfig);
  }
}

function isTurn(server) {
  const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
  return urls.some((url) => typeof url === 'string' && /^turns?:/.test(url));
}

function refused(code) {
  const text = view.ERRORS[code] || view.STATES.error;
  switch (code) {
    case 'not-joined': // our session was recovered without its join, or the match ended meanwhile
      return sendJoin();
    case 'already-joined':
      return undefined;
    case 'address-blocked':
      return finish('blocked', text);
    case 'signals-lost': // what the server could not replay, only an ICE restart recovers
      if (session.call && session.signals.lost()) {
        session.call.restartIce().catch(handshakeFailed);
      }
      return setView(session.view, text);
    case 'invalid-field':
    case 'malformed':
    case 'unknown-type':
      session.signaling.bye();
      teardown();
      return setView('error', text);
    case 'unavailable':
      if (session.phase === 'joining') {
        clearTimeout(session.retryTimer);
        session.retryTimer = setTimeout(() => session.phase === 'joining' && session.signaling && sendJoin(),
          RETRY_UNAVAILABLE_MS);
      }
      return setView(session.view, text);
    default:
      // token-rejected (a fresh session follows), rate-limited, not-matched, signal-too-large, room-full
      return setView(session.view, text);
  }
}

function handshakeFailed() {
  if (session.call) {
    setView('calling', 'The connection to the stranger could not be set up. Press Next to try someone else.');
  }
}

function linkChanged(link) {
  if (link === 'reconnecting' && session.link !== 'reconnecting') {
    session.reconnects += 1;
  }
  session.link = link;
  render();
}

function sessionEnded(reason) {
  if (reason === 'revoked') {
    return finish(session.view === 'blocked' ? 'blocked' : 'revoked');
  }
  if (reason === 'ended') {
    return undefined;
  }
  return finish('error', view.ERRORS[reason]);
}

function finish(name, detail = '') {
  teardown();
  setView(name, detail);
}

// ---- Chat and preferences -------------------------------------------------------------------------------

function sendChat(event) {
  event.preventDefault();
  const text = ui.chatInput.value.trim();
  if (text && session.call && session.call.sendChat(text)) {
    view.addChatLine('me', text);
    ui.chatInput.value = '';
  }
}

/** Lobby, interests and "Hide my IP"; the devices are saved by their pickers only. */
function rememberSetup() {
  const setup = { lobby: ui.lobby.value, interests: ui.interests.value, hideIp: ui.hideIp.checked };
  session.preferences = { ...session.preferences, ...setup };
  savePreferences(session.preferences);
}

function restorePreferences() {
  const { preferences } = session;
  ui.lobby.value = preferences.lobby;
  if (ui.lobby.value !== preferences.lobby) {
    ui.lobby.value = 'en';
  }
  ui.interests.value = preferences.interests;
  ui.hideIp.checked = preferences.hideIp;
  fillPickers(session.preferences);
}

// ---- Wiring -----------------------------------------------------------------------------------------------

ui.start.addEventListener('click', start);
ui.next.addEventListener('click', next);
ui.stop.addEventListener('click', stop);
const report = new ReportDialog({
  // The match being reported and the token proving the reporter was in it; null when the call is over.
  current: () => (session.match && session.signaling
    ? { ticket: session.match.ticket, token: session.signaling.token } : null),
  done: (text) => setView(session.view, text),
});
ui.report.addEventListener('click', () => report.open());
ui.chatForm.addEventListener('submit', sendChat);
ui.setup.addEventListener('submit', (event) => event.preventDefault());
ui.camera.addEventListener('change', () => switchDevice('video'));
ui.microphone.addEventListener('change', () => switchDevice('audio'));
for (const field of [ui.lobby, ui.interests, ui.hideIp]) {
  field.addEventListener('change', rememberSetup);
}
navigator.mediaDevices.addEventListener('devicechange', () => fillPickers(session.preferences));

// A read-only hook for the end-to-end tests and for curious users: no token, no addresses, no SDP.
window.ghostline = Object.freeze({
  state: () => ({ state: document.body.dataset.state, link: session.link, matches: session.matches,
    reconnects: session.reconnects, role: session.match ? session.match.role : null }),
  stats: async () => (session.call ? session.call.stats() : null),
});

restorePreferences();
loadClientConfig();
render();
