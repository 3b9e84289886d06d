// The call's signals in both directions, numbered per match (docs/protocol.md, "Sequence numbers"), so that a
// dropped socket or a dead pod costs the handshake nothing: the server replays what the stranger sent after
// our `lastSeq`, and its resumed `welcome` says in `lastSentSeq` which of ours it relayed, so the rest go out
// again with their own numbers. One log per match, in memory only, holding nothing but the call's own payloads.
// A server that numbers nothing (it sends no `seq` and no `lastSentSeq`) gets the page's older behaviour: the
// signals made while offline wait, and the caller decides whether they are stale.

export class SignalLog {
  #transmit;
  // Every signal of this match the server may not have relayed yet, in order: {seq, payload, sent}.
  #kept = [];
  #nextSeq = 1;
  // From the first signal the socket could not take, and from a resumed welcome, until the resume is settled:
  // a signal sent before the older ones are out again would carry a higher seq, and the server would then drop
  // the older ones as re-sends it had already relayed.
  #holding = false;
  #resuming = false;
  // The resumed welcome's lastSentSeq; null when it had none, i.e. the server numbers nothing.
  #lastSentSeq = null;
  #lost = false;
  /** The seq of the last signal received in this match (0 before the first); null when it had none. */
  lastSeq = 0;

  /** @param transmit (message) => true when the socket took it */
  constructor(transmit) {
    this.#transmit = transmit;
  }

  /** One of the call's own signals: numbered, kept for the match, and sent unless the page is holding. */
  send(payload) {
    const entry = { seq: this.#nextSeq, payload, sent: false };
    this.#nextSeq += 1;
    this.#kept.push(entry);
    if (!this.#holding) {
      this.#holding = !this.#sendEntry(entry);
    }
  }

  /** A signal from the stranger: remembers its seq for the next resume (numbers start at 1). */
  received(message) {
    this.lastSeq = Number.isInteger(message.seq) && message.seq >= 1 ? message.seq : null;
  }

  /**
   * A resumed welcome. What the server relayed (seq up to lastSentSeq) is forgotten; everything else waits
   * until the resumed `matched` says the same match goes on.
   */
  resumed(lastSentSeq) {
    this.#holding = true;
    this.#resuming = true;
    this.#lastSentSeq = Number.isInteger(lastSentSeq) ? lastSentSeq : null;
    if (this.#lastSentSeq !== null) {
      this.#kept = this.#kept.filter((entry) => entry.seq > lastSentSeq);
    }
  }

  /** Whether the last resume said lastSentSeq, i.e. the server replays what the drop cost both ways. */
  get numbered() {
    return this.#lastSentSeq !== null;
  }

  /** Between a resumed welcome and the resumed `matched` (or the end of the match). */
  get resuming() {
    return this.#resuming;
  }

  /**
   * After the resumed `matched`: with numbering, every kept signal the server has not relayed goes out again
   * with its own seq; without, the ones never sent go out. Then new signals go straight out.
   */
  flush() {
    this.#resuming = false;
    this.#holding = false;
    for (const entry of this.#kept) {
      if (this.numbered || !entry.sent) {
        if (!this.#sendEntry(entry)) {
          this.#holding = true; // the socket dropped again: the next resume picks up from here
          return;
        }
      }
    }
  }

  /** Without numbering, what waited while the media path broke is stale: the caller restarts ICE instead. */
  dropUnsent() {
    this.#resuming = false;
    this.#holding = false;
    this.#kept = this.#kept.filter((entry) => entry.sent);
  }

  /**
   * `signals-lost`: some of the stranger's signals are gone for good. Returns true when the caller should
   * restart ICE now; during a resume the restart waits for flush(), and takeLost() says so then.
   */
  lost() {
    this.#lost = this.#resuming;
    return !this.#resuming;
  }

  /** Whether a `signals-lost` came during the resume just settled; asks once. */
  takeLost() {
    const lost = this.#lost;
    this.#lost = false;
    return lost;
  }

  #sendEntry(entry) {
    entry.sent = this.#transmit({ type: 'signal', seq: entry.seq, payload: entry.payload });
    return entry.sent;
  }
}
