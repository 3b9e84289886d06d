// The Ghostline page: Start, Next, Stop, Report, the text chat and the device pickers.
// What leaves this page: lobby and interests (in `join`), the WebRTC handshake (to the stranger, through the
// signaling pod), reports (to the moderation API). Video, audio and chat go straight to the other browser.
import { Call } from './call.js';
import { loadClientConfig } from './moderation.js';
import { loadPreferences, parseInterests, savePreferences } from './prefs.js';
import { ReportDialog } from './report.js';
import { Signaling, socketUrl } from './signaling.js';
import * as view from './view.js';

const ui = view.elements;
// TURN credentials live 10 minutes by default; fresh ones well before that keep ICE restarts working.
const REFRESH_ICE_MS = 5 * 60 * 1000;
const RETRY_UNAVAILABLE_MS = 2000;
// Views that end the session: only Start (or a reload) leaves them.
const FINAL_VIEWS = new Set(['idle', 'revoked', 'blocked', 'error']);

const session = {
  signaling: null,
  stream: null,
  call: null,
  match: null, // {matchId, role, ticket} of the current match
  rtcConfig: { iceServers: [], iceTransportPolicy: 'all' },
  phase: 'idle', // what the server thinks: 'idle' | 'joining' | 'waiting' | 'matched'
  join: null,
  view: 'idle',
  detail: '',
  link: 'offline',
  matches: 0,
  reconnects: 0,
  refreshTimer: 0,
};
let preferences = loadPreferences();

function render() {
  const reconnecting = session.link === 'reconnecting' && !FINAL_VIEWS.has(session.view);
  view.showState(reconnecting ? 'reconnecting' : session.view, reconnecting ? '' : session.detail);
}

function setView(name, detail = '') {
  session.view = name;
  session.detail = detail;
  render();
}

// ---- Start, Next, Stop ------------------------------------------------------------------------------------

async function start() {
  const parsed = parseInterests(ui.interests.value);
  if (parsed.error) {
    setView('idle', parsed.error);
    ui.interests.focus();
    return;
  }
  rememberPreferences();
  session.join = { type: 'join', mode: 'random', lobby: ui.lobby.value, interests: parsed.interests };
  setView('starting');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(mediaConstraints());
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
  listDevices();
  connect();
}

/** Events from an earlier, ended session's socket are ignored: only the current one may change the page. */
function connect() {
  const signaling = new Signaling(socketUrl(window.location), {
    relayOnly: preferences.hideIp,
    onMessage: (message) => session.signaling === signaling && receive(message),
    onLink: (link) => session.signaling === signaling && linkChanged(link),
    onEnd: (reason) => session.signaling === signaling && sessionEnded(reason),
  });
  session.signaling = signaling;
  signaling.open();
}

function next() {
  endCall();
  if (session.phase !== 'idle') {
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
  ui.remoteVideo.srcObject = null;
  view.setChatEnabled(false);
  view.showCommonInterests([]);
}

function teardown() {
  endCall();
  clearInterval(session.refreshTimer);
  if (session.stream) {
    session.stream.getTracks().forEach((track) => track.stop());
    session.stream = null;
  }
  ui.localVideo.srcObject = null;
  session.signaling = null;
  session.phase = 'idle';
  session.link = 'offline';
}

// ---- Server messages --------------------------------------------------------------------------------------

function receive(message) {
  switch (message.type) {
    case 'welcome': return welcomed(message);
    case 'queued': return queued();
    case 'matched': return matched(message);
    case 'signal': return session.call && session.call.receive(message.payload).catch(handshakeFailed);
    case 'peer-left': return peerLeft(message.reason);
    case 'ice-servers': return iceServers(message);
    case 'error': return refused(message.code);
    case 'revoked': return finish('revoked');
    default: return undefined; // newer servers may send more; unknown types are ignored
  }
}

function welcomed(welcome) {
  session.rtcConfig = { iceServers: welcome.iceServers || [], iceTransportPolicy: welcome.iceTransportPolicy || 'all' };
  clearInterval(session.refreshTimer);
  session.refreshTimer = setInterval(() => session.signaling && session.signaling.send({ type: 'refresh-ice' }),
    REFRESH_ICE_MS);
  if (welcome.resumed) {
    render(); // a `queued` or `matched` follows when the session was waiting or matched
    return;
  }
  // A new session: the first one, or the old one is gone (expired, or both pods died).
  const wasInCall = session.call !== null;
  endCall();
  if (session.view === 'partner-left') {
    session.phase = 'idle';
    render();
    return;
  }
  sendJoin();
  setView('waiting', wasInCall ? 'The connection to the stranger was lost. Looking for someone new…' : '');
}

function queued() {
  session.phase = 'waiting';
  endCall();
  setView('waiting');
}

function matched(match) {
  session.phase = 'matched';
  if (session.call && session.match && session.match.matchId === match.matchId) {
    // The same match after a resume: the call goes on peer to peer. The offerer restarts ICE when the
    // media path broke meanwhile.
    session.match = match;
    if (session.call.connectionState !== 'connected') {
      session.call.restartIce().catch(handshakeFailed);
    }
    setView(session.call.connectionState === 'connected' ? 'connected' : 'calling');
    return;
  }
  endCall();
  session.match = match;
  session.matches += 1;
  view.clearChat();
  view.showCommonInterests(Array.isArray(match.commonInterests) ? match.commonInterests : []);
  session.call = new Call(session.rtcConfig, match.role, session.stream, callEvents());
  setView('calling');
  session.call.start().catch(handshakeFailed);
}

function callEvents() {
  return {
    onSignal: (payload) => session.signaling && session.signaling.send({ type: 'signal', payload }),
    onRemoteStream: (stream) => {
      if (ui.remoteVideo.srcObject !== stream) {
        ui.remoteVideo.srcObject = stream;
      }
    },
    onState: (state) => {
      if (session.view !== 'calling' && session.view !== 'connected') {
        return;
      }
      if (state === 'connected') {
        setView('connected');
      } else if (state === 'failed' || state === 'disconnected') {
        setView('calling', 'The connection to the stranger is unstable. Trying to reconnect…');
      }
    },
    onChat: (text) => view.addChatLine('stranger', text),
    onChatOpen: (open) => view.setChatEnabled(open),
  };
}

function peerLeft(reason) {
  session.phase = 'idle';
  endCall();
  setView('partner-left', view.peerLeftText(reason));
}

function iceServers(message) {
  session.rtcConfig = { iceServers: message.iceServers || [], iceTransportPolicy: message.iceTransportPolicy || 'all' };
  if (session.call) {
    session.call.updateIceServers(session.rtcConfig);
  }
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
    case 'invalid-field':
    case 'malformed':
    case 'unknown-type':
      session.signaling.bye();
      teardown();
      return setView('error', text);
    case 'unavailable':
      if (session.phase === 'joining') {
        setTimeout(() => session.phase === 'joining' && session.signaling && sendJoin(), RETRY_UNAVAILABLE_MS);
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

// ---- Chat and devices --------------------------------------------------------------------------------

function sendChat(event) {
  event.preventDefault();
  const text = ui.chatInput.value.trim();
  if (text && session.call && session.call.sendChat(text)) {
    view.addChatLine('me', text);
    ui.chatInput.value = '';
  }
}

function mediaConstraints() {
  return {
    video: preferences.camera ? { deviceId: { exact: preferences.camera } } : true,
    audio: preferences.microphone ? { deviceId: { exact: preferences.microphone } } : true,
  };
}

async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  view.fillDevices(ui.camera, devices.filter((d) => d.kind === 'videoinput'), preferences.camera, 'Camera');
  view.fillDevices(ui.microphone, devices.filter((d) => d.kind === 'audioinput'), preferences.microphone,
    'Microphone');
}

/** Switches camera or microphone in place; the stranger sees the new one without a new handshake. */
async function switchDevice(kind) {
  rememberPreferences();
  if (!session.stream) {
    return;
  }
  const constraints = mediaConstraints();
  const wanted = kind === 'video' ? { video: constraints.video } : { audio: constraints.audio };
  try {
    const fresh = (await navigator.mediaDevices.getUserMedia(wanted)).getTracks()[0];
    const old = session.stream.getTracks().find((t) => t.kind === kind);
    if (old) {
      session.stream.removeTrack(old);
      old.stop();
    }
    session.stream.addTrack(fresh);
    if (session.call) {
      await session.call.replaceTrack(fresh);
    }
  } catch {
    setView(session.view, view.ERRORS['no-camera']);
  }
}

function rememberPreferences() {
  preferences = {
    lobby: ui.lobby.value,
    interests: ui.interests.value,
    camera: ui.camera.value,
    microphone: ui.microphone.value,
    hideIp: ui.hideIp.checked,
  };
  savePreferences(preferences);
}

function restorePreferences() {
  ui.lobby.value = preferences.lobby;
  if (ui.lobby.value !== preferences.lobby) {
    ui.lobby.value = 'en';
  }
  ui.interests.value = preferences.interests;
  ui.hideIp.checked = preferences.hideIp;
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
  field.addEventListener('change', rememberPreferences);
}

// A read-only hook for the end-to-end tests and for curious users: no token, no addresses, no SDP.
window.ghostline = Object.freeze({
  state: () => ({ state: document.body.dataset.state, link: session.link, matches: session.matches,
    reconnects: session.reconnects, role: session.match ? session.match.role : null }),
  stats: async () => (session.call ? session.call.stats() : null),
});

restorePreferences();
loadClientConfig();
render();
