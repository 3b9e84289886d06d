package dev.ghostline.systemtests.browser;

import com.microsoft.playwright.Page;
import java.util.List;

/**
 * A script every test page gets before its own scripts run: it counts the peer connections the page opened
 * (recording every state each one went through) and the camera and microphone tracks it was given, so a test
 * can see what the page left open, and it can hold the camera's answer back, so a test can press a button
 * while the page waits for a device. It only watches and delays; the page gets the browser's real objects.
 */
final class PageProbe {
    static final String INIT_SCRIPT = """
            (() => {
              const connections = [];
              const tracks = new Set();
              const NativePeerConnection = window.RTCPeerConnection;
              window.RTCPeerConnection = class extends NativePeerConnection {
                constructor(...args) {
                  super(...args);
                  // Every state, as the event reports it: a state left again before a test looks is still seen.
                  const states = [this.connectionState];
                  this.addEventListener('connectionstatechange', () => states.push(this.connectionState));
                  connections.push({ pc: this, states });
                }
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
}
