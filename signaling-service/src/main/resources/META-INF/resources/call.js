// One WebRTC call with one stranger: media both ways, trickle ICE, the chat data channel, ICE restart.
// Every handshake message goes to the partner as a `signal` payload: {sdp} or {candidate}.

const CHAT_LABEL = 'chat';
export const MAX_CHAT_CHARS = 1000;

export class Call {
  #pc;
  #polite;
  #channel = null;
  #pendingCandidates = [];
  #closed = false;

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
  async start() {
    if (this.role === 'offerer') {
      await this.#sendOffer({});
    }
  }

  /** After a resume, or when ICE failed: new candidates on the same call (the offerer drives it). */
  async restartIce() {
    if (this.role === 'offerer' && !this.#closed && this.#pc.signalingState === 'stable') {
      await this.#sendOffer({ iceRestart: true });
    }
  }

  async receive(payload) {
    if (this.#closed || payload === null || typeof payload !== 'object') {
      return;
    }
    if (payload.sdp && typeof payload.sdp === 'object') {
      await this.#receiveDescription(payload.sdp);
    } else if (payload.candidate && typeof payload.candidate === 'object') {
      if (this.#pc.remoteDescription) {
        await this.#addCandidate(payload.candidate);
      } else {
        this.#pendingCandidates.push(payload.candidate);
      }
    }
  }

  updateIceServers(rtcConfig) {
    if (!this.#closed) {
      this.#pc.setConfiguration(rtcConfig);
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

  /** What the page's debug hook reports: candidate types and frame counts, never addresses or SDP. */
  async stats() {
    const report = await this.#pc.getStats();
    const result = { connectionState: this.#pc.connectionState, framesDecoded: 0, framesSent: 0 };
    let pairId = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        pairId = s.selectedCandidatePairId;
      }
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        result.framesDecoded += s.framesDecoded || 0;
      }
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        result.framesSent += s.framesSent || 0;
      }
    });
    const pair = pairId ? report.get(pairId) : null;
    if (pair) {
      result.localCandidateType = report.get(pair.localCandidateId)?.candidateType ?? null;
      result.remoteCandidateType = report.get(pair.remoteCandidateId)?.candidateType ?? null;
    }
    return result;
  }

  async #sendOffer(options) {
    const offer = await this.#pc.createOffer(options);
    await this.#pc.setLocalDescription(offer);
    this.events.onSignal({ sdp: { type: offer.type, sdp: offer.sdp } });
  }

  async #receiveDescription(description) {
    if (description.type === 'offer' && !this.#polite) {
      return; // only the answerer takes offers: roles come from the matchmaker, so there is no glare
    }
    await this.#pc.setRemoteDescription(description);
    for (const candidate of this.#pendingCandidates.splice(0)) {
      await this.#addCandidate(candidate);
    }
    if (description.type === 'offer') {
      const answer = await this.#pc.createAnswer();
      await this.#pc.setLocalDescription(answer);
      this.events.onSignal({ sdp: { type: answer.type, sdp: answer.sdp } });
    }
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
    if (state === 'failed') {
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
