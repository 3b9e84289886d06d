// Camera and microphone: opening them with the saved choice, the pickers, switching one in place.
// Device ids are this origin's own opaque ids; they stay in localStorage and are never sent anywhere.
import { savePreferences } from './prefs.js';
import { session, setView } from './state.js';
import { ERRORS, elements as ui, fillDevices } from './view.js';

// What getUserMedia throws when a saved device is gone (unplugged, or ids reset by clearing site data).
const DEVICE_GONE = new Set(['OverconstrainedError', 'NotFoundError']);

/**
 * Opens camera and microphone, the saved ones when they still exist. A saved id is asked for exactly, since
 * Chromium does not always honour an `ideal` one; when that device is gone the defaults are opened instead,
 * so a stale preference never stops Start.
 */
export async function openMedia(preferences) {
  const saved = { video: constraint(preferences.camera), audio: constraint(preferences.microphone) };
  try {
    return await navigator.mediaDevices.getUserMedia(saved);
  } catch (error) {
    const anySaved = saved.video !== true || saved.audio !== true;
    if (anySaved && DEVICE_GONE.has(error.name)) {
      return navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    }
    throw error;
  }
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
