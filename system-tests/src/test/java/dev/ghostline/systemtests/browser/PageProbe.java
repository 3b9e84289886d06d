package dev.ghostline.systemtests.browser;

import com.microsoft.playwright.Page;

/**
 * A script every test page gets before its own scripts run: it counts the peer connections the page opened
 * and the camera and microphone tracks it was given, so a test can see what the page left open, and it can
 * hold the camera's answer back, so a test can press a button while the page waits for a device. It only
 * watches and delays; the page gets the browser's real objects.
 */
final class PageProbe {
    static final String INIT_SCRIPT = """
            (() => {
              const connections = new Set();
              const tracks = new Set();
              const NativePeerConnection = window.RTCPeerConnection;
              window.RTCPeerConnection = class extends NativePeerConnection {
                constructor(...args) {
                  super(...args);
                  connections.add(this);
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
                openConnections: () => [...connections].filter((pc) => pc.signalingState !== 'closed').length,
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
