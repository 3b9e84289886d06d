// One WebRTC call with one stranger: media both ways, trickle ICE, the chat data channel, ICE restart.
// Every handshake message goes to the partner as a `signal` payload: {sdp, round}, {candidate}, or {restart}
// (the answerer asking the offerer for an ICE restart). Roles come from the matchmaker, so there is no glare;
// `round` numbers the offerer's offers, and an answer to an offer that was since replaced is ignored.

const CHAT_LABEL = 'chat';
export const MAX_CHAT_CHARS = 1000;

export class Call {
  #pc;
  #polite;
  #channel = null;
  #pendingCandidates = [];
  #closed = false;
  #round = 0;
  // Every change to the connection's descriptions runs after the previous one has finished, so a restart
  // never interleaves with an answer being applied.
  #chain = Promise.resolve();

  /**
   * @param rtcConfig {iceServers, iceTransportPolicy} from welcome
   * @param role 'offerer' | 'answerer' from matched
   * @param stream the local camera and microphone
   * @param events onSignal(payload), onRemoteStream(stream), onState(connectionState), onChat(text),
   *        onChatOpen(open)
   */
  constructor(rtcConfig, role, stream, events) {
    this.role = role;
    this.events = events;
    this.#polite = role === 'answerer';
    this.#pc = new RTCPeerConnection(rtcConfig);
    stream.getTracks().forEach((track) => this.#pc.addTrack(track, stream));
    this.#pc.addEventListener('icecandidate', (event) => {
      if (event.candidate) {
        this.events.onSignal({ candidate: event.candidate.toJSON() });
      }
    });
    this.#pc.addEventListener('track', (event) => {
      this.events.onRemoteStream(event.streams[0] || new MediaStream([event.track]));
    });
    this.#pc.addEventListener('connectionstatechange', () => this.#connectionChanged());
    this.#pc.addEventListener('datachannel', (event) => this.#useChannel(event.channel));
    if (role === 'offerer') {
      this.#useChannel(this.#pc.createDataChannel(CHAT_LABEL, { ordered: true }));
    }
  }

  get connectionState() {
    return this.#pc.connectionState;
  }

  /** The offerer opens the handshake; the answerer waits for the offer. */
  start() {
    return this.#serial(() => (this.role === 'offerer' ? this.#sendOffer({}) : undefined));
  }

  /**
   * New candidates on the same call: when ICE failed, when the server says signals were lost for good, or
   * after a resume on a server that replays nothing. The offerer makes a fresh offer, which replaces one still
   * waiting for its answer (that answer may never come: it may be among the lost); the answerer asks the
   * offerer to do so. The waiting offer is replaced, not rolled back: after a rollback of the very first offer,
   * Chromium's next one was never answered by an answerer that had applied the first, and the call stalled.
   */
  restartIce() {
    return this.#serial(async () => {
      if (this.role !== 'offerer') {
        this.events.onSignal({ restart: true });
        return;
      }
      await this.#sendOffer({ iceRestart: true });
    });
  }

  receive(payload) {
    if (payload === null || typeof payload !== 'object') {
      return Promise.resolve();
    }
    if (payload.restart === true && this.role === 'offerer') {
      return this.restartIce();
    }
    return this.#serial(async () => {
      if (payload.sdp && typeof payload.sdp === 'object') {
        await this.#receiveDescription(payload.sdp, payload.round);
      } else if (payload.candidate && typeof payload.candidate === 'object') {
        if (this.#pc.remoteDescription) {
          await this.#addCandidate(payload.candidate);
        } else {
          this.#pendingCandidates.push(payload.candidate);
        }
      }
    });
  }

  /** Fresh TURN credentials (refresh-ice, a resumed welcome): the next ICE restart gathers with them. */
  updateIceServers(rtcConfig) {
    if (this.#closed) {
      return;
    }
    try {
      this.#pc.setConfiguration(rtcConfig);
    } catch {
      // A browser that refuses the change keeps the servers it has; the call itself is unaffected.
    }
  }

  /** Sends one chat message peer to peer; the servers never see it. */
  sendChat(text) {
    if (this.#channel && this.#channel.readyState === 'open') {
      this.#channel.send(text.slice(0, MAX_CHAT_CHARS));
      return true;
    }
    return false;
  }

  /** Replaces the camera or microphone track in place, without a new handshake. */
  async replaceTrack(track) {
    const sender = this.#pc.getSenders().find((s) => s.track && s.track.kind === track.kind);
    if (sender) {
      await sender.replaceTrack(track);
    }
  }

  close() {
    this.#closed = true;
    if (this.#channel) {
      this.#channel.close();
    }
    this.#pc.close();
  }

  /**
   * What the page's debug hook reports: candidate types, the selected local candidate's stats id (an opaque
   * name that changes when ICE restarts) and frame counts; never an address or SDP.
   */
  async stats() {
    const report = await this.#pc.getStats();
    const result = { connectionState: this.#pc.connectionState, framesDecoded: 0, framesSent: 0,
      remoteCandidateTypes: [] };
    let pairId = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        pairId = s.selectedCandidatePairId;
      } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
        result.framesDecoded += s.framesDecoded || 0;
      } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
        result.framesSent += s.framesSent || 0;
      } else if (s.type === 'remote-candidate') {
        result.remoteCandidateTypes.push(s.candidateType);
      }
    });
    const pair = pairId ? report.get(pairId) : null;
    if (pair) {
      result.localCandidateId = pair.localCandidateId;
      result.localCandidateType = report.get(pair.localCandidateId)?.candidateType ?? null;
      result.remoteCandidateType = report.get(pair.remoteCandidateId)?.candidateType ?? null;
    }
    return result;
  }

  /** Runs `operation` once every earlier one has settled; a closed call runs nothing more. */
  #serial(operation) {
    const run = this.#chain.then(() => (this.#closed ? undefined : operation()));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #sendOffer(options) {
    this.#round += 1;
    const offer = await this.#pc.createOffer(options);
    await this.#pc.setLocalDescription(offer);
    this.events.onSignal({ sdp: { type: offer.type, sdp: offer.sdp }, round: this.#round });
  }

  async #receiveDescription(description, round) {
    if (description.type === 'offer' && !this.#polite) {
      return; // only the answerer takes offers
    }
    if (description.type === 'answer' && !this.#answersCurrentOffer(round)) {
      return;
    }
    await this.#pc.setRemoteDescription(description);
    for (const candidate of this.#pendingCandidates.splice(0)) {
      await this.#addCandidate(candidate);
    }
    if (description.type === 'offer') {
      const answer = await this.#pc.createAnswer();
      await this.#pc.setLocalDescription(answer);
      this.events.onSignal({ sdp: { type: answer.type, sdp: answer.sdp }, round });
    }
  }

  /** An answer counts only while its offer is the one waiting; a page that numbers nothing is believed. */
  #answersCurrentOffer(round) {
    return this.#pc.signalingState === 'have-local-offer' && (typeof round !== 'number' || round === this.#round);
  }

  async #addCandidate(candidate) {
    try {
      await this.#pc.addIceCandidate(candidate);
    } catch {
      // a candidate from an earlier ICE generation is harmless to drop
    }
  }

  #connectionChanged() {
    const state = this.#pc.connectionState;
    this.events.onState(state);
    if (state === 'failed' && this.role === 'offerer') {
      this.restartIce().catch(() => this.events.onState('failed'));
    }
  }

  #useChannel(channel) {
    if (channel.label !== CHAT_LABEL) {
      channel.close();
      return;
    }
    this.#channel = channel;
    channel.addEventListener('open', () => this.events.onChatOpen(true));
    channel.addEventListener('close', () => this.events.onChatOpen(false));
    channel.addEventListener('message', (event) => {
      if (typeof event.data === 'string') {
        this.events.onChat(event.data.slice(0, MAX_CHAT_CHARS));
      }
    });
  }
}
