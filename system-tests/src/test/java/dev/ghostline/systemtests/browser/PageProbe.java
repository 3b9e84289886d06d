package dev.ghostline.systemtests.browser;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;

/**
 * A script every test page gets before its own scripts run: it counts the peer connections the page opened
 * (recording every state each one went through), the offers they made and the ICE restarts the page made or
 * asked for, the offers it sent, and the camera and microphone tracks it was given, so a test can see what the
 * page did and left open. It can hold the camera's answer back, so a test can press a button while the page
 * waits for a device, and hold back every signal but offers, so a test can make a pod die while the rest of the
 * handshake is on its way. It only watches and delays; the page gets the browser's real objects.
 */
final class PageProbe {
    static final String INIT_SCRIPT = """
            (() => {
              const connections = [];
              const tracks = new Set();
              const counts = { offersCreated: 0, iceRestarts: 0, offersSent: 0 };
              const NativePeerConnection = window.RTCPeerConnection;
              window.RTCPeerConnection = class extends NativePeerConnection {
                constructor(...args) {
                  super(...args);
                  // Every state, as the event reports it: a state left again before a test looks is still seen.
                  const states = [this.connectionState];
                  this.addEventListener('connectionstatechange', () => states.push(this.connectionState));
                  connections.push({ pc: this, states });
                }

                createOffer(...args) {
                  counts.offersCreated += 1;
                  if (args[0] && args[0].iceRestart === true) {
                    counts.iceRestarts += 1;
                  }
                  return super.createOffer(...args);
                }

                restartIce() {
                  counts.iceRestarts += 1;
                  return super.restartIce();
                }
              };
              // The page's signals as they leave for the pod: offers are counted, an answerer's request for an
              // ICE restart ({restart: true}) counts as one, and while signals are held every one but an offer
              // waits here until released.
              const nativeSend = WebSocket.prototype.send;
              let holding = false;
              const heldSignals = [];
              const signalIn = (data) => {
                try {
                  const message = typeof data === 'string' ? JSON.parse(data) : null;
                  return message && message.type === 'signal' && message.payload ? message.payload : null;
                } catch {
                  return null;
                }
              };
              WebSocket.prototype.send = function send(data) {
                const payload = signalIn(data);
                if (payload && holding && payload.sdp?.type !== 'offer') {
                  heldSignals.push({ socket: this, data });
                  return undefined;
                }
                if (payload && payload.sdp?.type === 'offer') {
                  counts.offersSent += 1;
                }
                if (payload && payload.restart === true) {
                  counts.iceRestarts += 1;
                }
                return nativeSend.call(this, data);
              };
              const devices = navigator.mediaDevices;
              const getUserMedia = devices.getUserMedia.bind(devices);
              let gate = null;
              let held = 0;
              devices.getUserMedia = async (constraints) => {
                const stream = await getUserMedia(constraints);
                stream.getTracks().forEach((track) => tracks.add(track));
                if (gate) {
                  held += 1;
                  await gate.opened;
                }
                return stream;
              };
              Object.defineProperty(window, 'ghostlineProbe', { value: Object.freeze({
                openConnections: () => connections.filter(({ pc }) => pc.signalingState !== 'closed').length,
                connectionStates: () => connections.map(({ states }) => [...states]),
                counts: () => ({ ...counts }),
                holdSignalsButOffers: () => {
                  holding = true;
                },
                heldSignals: () => heldSignals.length,
                // On the socket they were given to, in order. A socket that is closed by now loses them, and one
                // whose server just died takes them into the void: as if the page had sent them at that moment.
                releaseSignals: () => {
                  holding = false;
                  for (const { socket, data } of heldSignals.splice(0)) {
                    if (socket.readyState === WebSocket.OPEN) {
                      WebSocket.prototype.send.call(socket, data);
                    }
                  }
                },
                liveTracks: () => [...tracks].filter((track) => track.readyState === 'live').length,
                holdMedia: () => {
                  let open;
                  gate = { opened: new Promise((resolve) => { open = resolve; }), open };
                  held = 0;
                },
                heldMediaRequests: () => held,
                releaseMedia: () => {
                  const released = gate;
                  gate = null;
                  if (released) {
                    released.open();
                  }
                },
              }) });
            })();
            """;

    private final Page page;

    PageProbe(Page page) {
        this.page = page;
    }

    /** Peer connections the page created and has not closed. */
    int openConnections() {
        return ((Number) page.evaluate("() => window.ghostlineProbe.openConnections()")).intValue();
    }

    /**
     * Every connection state each peer connection of the page has been in, in order, one list per connection
     * in the order they were created. A state the connection has already left again is in it too.
     */
    @SuppressWarnings("unchecked")
    List<List<String>> connectionStates() {
        return (List<List<String>>) page.evaluate("() => window.ghostlineProbe.connectionStates()");
    }

    /** What the page's peer connections and signals did so far. */
    record Counts(int offersCreated, int iceRestarts, int offersSent) {
    }

    /**
     * Offers the page's peer connections created, ICE restarts (offers made with {@code iceRestart},
     * {@code restartIce()} calls, and requests for one sent to the stranger) and offers sent to the pod.
     */
    Counts counts() {
        Map<?, ?> counts = (Map<?, ?>) page.evaluate("() => window.ghostlineProbe.counts()");
        return new Counts(intOf(counts, "offersCreated"), intOf(counts, "iceRestarts"), intOf(counts, "offersSent"));
    }

    /**
     * From now on every signal the page sends but an offer (an answer, candidates) waits in the page, which
     * believes it sent, until {@link #releaseSignals()}.
     */
    void holdSignalsButOffers() {
        page.evaluate("() => window.ghostlineProbe.holdSignalsButOffers()");
    }

    /** How many signals are being held back. */
    int heldSignals() {
        return ((Number) page.evaluate("() => window.ghostlineProbe.heldSignals()")).intValue();
    }

    /** Sends what was held, in order, on the socket it was given to if that is still open; holds nothing more. */
    void releaseSignals() {
        page.evaluate("() => window.ghostlineProbe.releaseSignals()");
    }

    /** Camera and microphone tracks the page was given that are still live (not stopped). */
    int liveTracks() {
        return ((Number) page.evaluate("() => window.ghostlineProbe.liveTracks()")).intValue();
    }

    /** From now on, getUserMedia opens the device but answers the page only after {@link #releaseMedia()}. */
    void holdMedia() {
        page.evaluate("() => window.ghostlineProbe.holdMedia()");
    }

    /** How many getUserMedia answers are being held back. */
    int heldMediaRequests() {
        return ((Number) page.evaluate("() => window.ghostlineProbe.heldMediaRequests()")).intValue();
    }

    void releaseMedia() {
        page.evaluate("() => window.ghostlineProbe.releaseMedia()");
    }

    private static int intOf(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).intValue();
    }
}
