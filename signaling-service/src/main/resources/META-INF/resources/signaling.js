// The WebSocket to the signaling pods (docs/protocol.md). Holds the session token in this closure only:
// never in storage, never in a URL, never exposed on window. A reload is a new person.

const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 5000;
// Close codes after which reconnecting would not help (docs/protocol.md, "Close codes").
const FINAL_CLOSES = new Map([
  [1000, 'ended'],
  [1009, 'client-error'],
  [4000, 'client-error'],
  [4003, 'revoked'],
  [4009, 'taken-over'],
  [4010, 'too-many-sessions'],
  [4029, 'client-error'],
]);
const TOKEN_REJECTED = 4004;

export function socketUrl(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/**
 * Connects, says hello (with the token once there is one, and then the match's lastSeq from `lastSeq()` when
 * that is a number), reconnects with backoff and jitter after a dropped socket, and hands every server message
 * to onMessage. Events: onMessage(msg), onLink(state) with state 'connecting' | 'online' | 'reconnecting',
 * onEnd(reason) when the session is over for good.
 */
export class Signaling {
  #url;
  #relayOnly;
  #lastSeq;
  #socket = null;
  #token = null;
  #attempt = 0;
  #retryTimer = 0;
  #ended = false;
  #welcomed = false;
  #drainDelay = -1;

  constructor(url, { relayOnly, lastSeq = () => null, onMessage, onLink, onEnd }) {
    this.#url = url;
    this.#relayOnly = relayOnly;
    this.#lastSeq = lastSeq;
    this.onMessage = onMessage;
    this.onLink = onLink;
    this.onEnd = onEnd;
  }

  get online() {
    return this.#welcomed;
  }

  /** For the moderation API only, which needs it to prove the reporter was in the match. */
  get token() {
    return this.#token;
  }

  open() {
    this.onLink('connecting');
    this.#connect();
  }

  send(message) {
    if (this.#socket && this.#socket.readyState === WebSocket.OPEN && this.#welcomed) {
      this.#socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  /** Ends the session: bye tells the partner at once; the server closes with 1000. */
  bye() {
    this.#ended = true;
    clearTimeout(this.#retryTimer);
    if (this.#socket && this.#socket.readyState === WebSocket.OPEN && this.#welcomed) {
      this.#socket.send(JSON.stringify({ type: 'bye' }));
    } else if (this.#socket) {
      this.#socket.close(1000);
    }
    this.#token = null;
  }

  #connect() {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    this.#welcomed = false;
    socket.addEventListener('open', () => {
      const hello = { type: 'hello', relayOnly: this.#relayOnly };
      if (this.#token) {
        hello.token = this.#token;
        const lastSeq = this.#lastSeq();
        if (Number.isInteger(lastSeq)) {
          hello.lastSeq = lastSeq;
        }
      }
      socket.send(JSON.stringify(hello));
    });
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', (event) => this.#closed(socket, event.code));
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return; // the server only sends JSON; anything else is ignored rather than trusted
    }
    if (message.type === 'reconnect') {
      // The pod is draining: it closes with 1001 next; come back (to another pod) when it says.
      this.#drainDelay = Math.max(0, Number(message.afterMs) || 0);
      return;
    }
    if (message.type === 'welcome') {
      this.#token = message.token;
      this.#welcomed = true;
      this.#attempt = 0;
      this.onLink('online');
    }
    this.onMessage(message);
  }

  #closed(socket, code) {
    if (socket !== this.#socket) {
      return;
    }
    this.#welcomed = false;
    if (this.#ended) {
      return;
    }
    const final = FINAL_CLOSES.get(code);
    if (final) {
      this.#ended = true;
      this.#token = null;
      this.onEnd(final);
      return;
    }
    if (code === TOKEN_REJECTED) {
      this.#token = null; // the old session is gone: the next hello starts a fresh one
    }
    this.onLink('reconnecting');
    this.#scheduleReconnect();
  }

  /** Exponential backoff with full jitter, so a dead pod's clients do not all arrive at once. */
  #scheduleReconnect() {
    if (this.#drainDelay >= 0) {
      const delay = this.#drainDelay;
      this.#drainDelay = -1;
      this.#retryTimer = setTimeout(() => this.#connect(), delay);
      return;
    }
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.#attempt);
    this.#attempt += 1;
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }
}
