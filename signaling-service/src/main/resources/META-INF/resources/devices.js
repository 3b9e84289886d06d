// Camera and microphone: opening them with the saved choice, the pickers, switching one in place.
// Device ids are this origin's own opaque ids; they stay in localStorage and are never sent anywhere.
import { savePreferences } from './prefs.js';
import { session, setView } from './state.js';
import { ERRORS, elements as ui, fillDevices } from './view.js';

// What getUserMedia throws when a saved device is gone (unplugged, or ids reset by clearing site data).
const DEVICE_GONE = new Set(['OverconstrainedError', 'NotFoundError']);

/**
 * Opens camera and microphone, the saved ones when they still exist. A saved id is asked for exactly, since
 * Chromium does not always honour an `ideal` one. When a saved device is gone, the one still listed is kept
 * and only the missing kind falls back to the default (the error does not say which kind it was); should that
 * fail as well, the defaults open. A stale preference never stops Start, nor costs the other saved device.
 */
export async function openMedia(preferences) {
  const saved = { video: preferences.camera || '', audio: preferences.microphone || '' };
  try {
    return await open(saved);
  } catch (error) {
    if (!deviceGone(error, saved)) {
      throw error;
    }
  }
  const kept = await stillListed(saved);
  try {
    return await open(kept);
  } catch (error) {
    if (!deviceGone(error, kept)) {
      throw error;
    }
    return open({ video: '', audio: '' });
  }
}

function open(ids) {
  return navigator.mediaDevices.getUserMedia({ video: constraint(ids.video), audio: constraint(ids.audio) });
}

/** Only an exact device id can be gone; with the defaults the error is real (no camera, access refused). */
function deviceGone(error, ids) {
  return DEVICE_GONE.has(error.name) && Boolean(ids.video || ids.audio);
}

/** The saved ids the browser still lists; before access is granted it lists none, and the defaults open. */
async function stillListed(ids) {
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  const listed = (kind, id) => (devices.some((d) => d.kind === kind && d.deviceId === id) ? id : '');
  return { video: listed('videoinput', ids.video), audio: listed('audioinput', ids.audio) };
}

/**
 * Switches camera ('video') or microphone ('audio') in place; the stranger sees the new one without a new
 * handshake. The choice is saved only here, from a picker the browser filled, so nothing else (a change of
 * lobby, a Start before the pickers were filled) can overwrite a saved device.
 */
export async function switchDevice(kind) {
  const picker = kind === 'video' ? ui.camera : ui.microphone;
  session.preferences = { ...session.preferences, [kind === 'video' ? 'camera' : 'microphone']: picker.value };
  savePreferences(session.preferences);
  const stream = session.stream;
  if (!stream) {
    return;
  }
  let fresh;
  try {
    fresh = (await navigator.mediaDevices.getUserMedia({ [kind]: constraint(picker.value) })).getTracks()[0];
  } catch {
    setView(session.view, ERRORS['no-camera']);
    return;
  }
  if (session.stream !== stream) { // Stop (or Stop and Start again) came while the browser opened the device
    fresh.stop();
    return;
  }
  const old = stream.getTracks().find((t) => t.kind === kind);
  if (old) {
    stream.removeTrack(old);
    old.stop();
  }
  stream.addTrack(fresh);
  if (session.call) {
    await session.call.replaceTrack(fresh).catch(() => undefined);
  }
}

/**
 * Fills both pickers with the devices the browser lets this page see, keeping the saved choices. Before the
 * camera permission is granted browsers hide device ids, and the pickers keep only the default.
 */
export async function fillPickers(preferences) {
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  const visible = devices.filter((d) => d.deviceId !== '');
  fillDevices(ui.camera, visible.filter((d) => d.kind === 'videoinput'), preferences.camera, 'Camera');
  fillDevices(ui.microphone, visible.filter((d) => d.kind === 'audioinput'), preferences.microphone, 'Microphone');
}

function constraint(deviceId) {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}
