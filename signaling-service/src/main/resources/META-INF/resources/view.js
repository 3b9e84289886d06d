// Everything the page shows. Text from the network (chat, interests, reasons) is only ever set as
// textContent, never parsed as HTML.

const $ = (id) => document.getElementById(id);

export const STATES = Object.freeze({
  idle: 'Choose a lobby and press Start.',
  starting: 'Starting your camera…',
  connecting: 'Connecting to Ghostline…',
  waiting: 'Looking for a stranger…',
  calling: 'Stranger found. Connecting…',
  connected: 'You are talking to a stranger. Say hi!',
  'partner-left': 'The stranger left.',
  reconnecting: 'Connection to Ghostline lost. Reconnecting… (your call goes on)',
  revoked: 'Your session was ended by moderation.',
  blocked: 'This network is blocked from Ghostline for a while.',
  error: 'Something went wrong.',
});

// One clear sentence for each error code in docs/protocol.md, plus the page's own.
export const ERRORS = Object.freeze({
  malformed: 'The page sent a message the server could not read. Reload the page.',
  'unknown-type': 'The page and the server disagree. Reload the page.',
  'invalid-field': 'The lobby or an interest was refused. Check them and press Start again.',
  'signal-too-large': 'A connection message was too large; the call may not connect.',
  'hello-required': 'The connection was not set up. Reconnecting…',
  'already-welcomed': 'The connection was already set up.',
  'not-matched': 'The stranger is gone.',
  'already-joined': 'You are already in the queue.',
  'not-joined': 'You are not in the queue.',
  'rate-limited': 'Slow down: too many messages.',
  'token-rejected': 'Your session expired. Starting a new one…',
  'room-full': 'That room already has two people.',
  'signals-lost': 'Part of the connection setup with the stranger was lost. Setting it up again…',
  unavailable: 'Ghostline is briefly unavailable. Try again in a moment.',
  'address-blocked': 'This network is blocked from Ghostline for a while.',
  'too-many-sessions': 'Too many Ghostline tabs are open from your network. Close one and try again.',
  'no-camera': 'No camera or microphone could be opened. Allow access and try again.',
  'client-error': 'The connection was closed because the page misbehaved. Reload the page.',
  'taken-over': 'This session continued in another tab.',
  'relay-unavailable': 'Hide my IP needs our relay, which is not available here. Turn Hide my IP off to connect'
    + ' directly, or try again later.',
});

const PEER_LEFT = Object.freeze({
  next: 'The stranger moved on. Press Next to meet someone new.',
  left: 'The stranger left. Press Next to meet someone new.',
  bye: 'The stranger left. Press Next to meet someone new.',
  timeout: 'The stranger lost their connection. Press Next to meet someone new.',
  revoked: 'The stranger was removed by moderation. Press Next to meet someone new.',
});

export const elements = Object.freeze({
  start: $('start'),
  next: $('next'),
  stop: $('stop'),
  report: $('report'),
  lobby: $('lobby'),
  interests: $('interests'),
  camera: $('camera'),
  microphone: $('microphone'),
  hideIp: $('hide-ip'),
  setup: $('setup'),
  chatForm: $('chat-form'),
  chatInput: $('chat-input'),
  send: $('send'),
  messages: $('messages'),
  localVideo: $('local-video'),
  remoteVideo: $('remote-video'),
  reportDialog: $('report-dialog'),
  reportForm: $('report-form'),
  reportReasons: $('report-reasons'),
  reportStatus: $('report-status'),
  reportSend: $('report-send'),
  reportCancel: $('report-cancel'),
});

/** Shows a state; `detail` replaces the state's default sentence (e.g. an error's). */
export function showState(state, detail) {
  document.body.dataset.state = state;
  $('status').textContent = detail || STATES[state] || '';
  const active = !['idle', 'revoked', 'blocked', 'error'].includes(state);
  elements.start.disabled = active || state === 'revoked' || state === 'blocked';
  elements.stop.disabled = !active;
  elements.next.disabled = !['waiting', 'calling', 'connected', 'partner-left'].includes(state);
  elements.report.disabled = !['calling', 'connected'].includes(state);
  for (const field of [elements.lobby, elements.interests, elements.hideIp]) {
    field.disabled = active;
  }
}

export function peerLeftText(reason) {
  return PEER_LEFT[reason] || PEER_LEFT.left;
}

export function showCommonInterests(interests) {
  $('common-interests').textContent = interests.length ? `You both like: ${interests.join(', ')}` : '';
}

export function setChatEnabled(enabled) {
  elements.chatInput.disabled = !enabled;
  elements.send.disabled = !enabled;
}

export function addChatLine(who, text) {
  const line = document.createElement('li');
  line.className = who;
  const speaker = document.createElement('span');
  speaker.className = 'speaker';
  speaker.textContent = who === 'me' ? 'You: ' : who === 'stranger' ? 'Stranger: ' : '';
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  line.append(speaker, body);
  elements.messages.append(line);
  line.scrollIntoView({ block: 'nearest' });
}

export function clearChat() {
  elements.messages.replaceChildren();
}

/** Fills a device picker, keeping the saved choice when that device still exists. */
export function fillDevices(select, devices, chosen, defaultLabel) {
  const options = [new Option(`Default ${defaultLabel.toLowerCase()}`, '')];
  devices.forEach((device, index) => {
    options.push(new Option(device.label || `${defaultLabel} ${index + 1}`, device.deviceId));
  });
  select.replaceChildren(...options);
  select.value = devices.some((d) => d.deviceId === chosen) ? chosen : '';
}

export function fillReasons(reasons) {
  const legend = elements.reportReasons.querySelector('legend');
  const choices = reasons.map((code, index) => {
    const label = document.createElement('label');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'reason';
    radio.value = code;
    radio.required = true;
    radio.checked = index === 0;
    const text = document.createElement('span');
    text.textContent = reasonLabel(code);
    label.append(radio, text);
    return label;
  });
  elements.reportReasons.replaceChildren(legend, ...choices);
  elements.reportSend.disabled = reasons.length === 0;
}

function reasonLabel(code) {
  const text = code.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
