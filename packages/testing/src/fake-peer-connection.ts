/**
 * A scripted stand-in for RTCPeerConnection, for unit tests of the call state
 * machine's logic (timeouts, transitions, hostile signals). Connection state
 * changes only when the test says so. Real peers are covered by the
 * `*.real.test.ts` files.
 */
export class FakeDataChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  readonly sent: string[] = [];
  constructor(readonly label: string) {
    super();
  }
  send(text: string): void {
    this.sent.push(text);
  }
  open(): void {
    this.readyState = 'open';
    this.onopen?.(new Event('open'));
  }
  close(): void {
    this.readyState = 'closed';
  }
}

let counter = 0;

export class FakePeerConnection extends EventTarget {
  static instances: FakePeerConnection[] = [];
  readonly id = ++counter;
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly addedCandidates: RTCIceCandidateInit[] = [];
  readonly channels: FakeDataChannel[] = [];
  restarts = 0;
  closed = false;
  config: RTCConfiguration;

  onicecandidate: ((e: { candidate: RTCIceCandidate | null }) => void) | null = null;
  ontrack: ((e: RTCTrackEvent) => void) | null = null;
  onnegotiationneeded: ((e: Event) => void) | null = null;
  onconnectionstatechange: ((e: Event) => void) | null = null;
  oniceconnectionstatechange: ((e: Event) => void) | null = null;

  constructor(config: RTCConfiguration) {
    super();
    this.config = config;
    FakePeerConnection.instances.push(this);
  }

  static reset(): void {
    FakePeerConnection.instances = [];
  }

  async createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: `v=0\r\no=- ${this.id} ${options?.iceRestart ? 'restart' : 'offer'}\r\n` };
  }
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: `v=0\r\no=- ${this.id} answer\r\n` };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (description.type === 'rollback') {
      this.signalingState = 'stable';
      this.localDescription = null;
      return;
    }
    this.localDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (!description.sdp?.startsWith('v=0')) throw new DOMException('bad sdp', 'InvalidAccessError');
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    this.addedCandidates.push(candidate);
  }
  createDataChannel(label: string): RTCDataChannel {
    const channel = new FakeDataChannel(label);
    this.channels.push(channel);
    return channel as unknown as RTCDataChannel;
  }
  addTrack(): RTCRtpSender {
    return {} as RTCRtpSender;
  }
  addTransceiver(): RTCRtpTransceiver {
    return {} as RTCRtpTransceiver;
  }
  getSenders(): RTCRtpSender[] {
    return [];
  }
  getConfiguration(): RTCConfiguration {
    return this.config;
  }
  setConfiguration(config: RTCConfiguration): void {
    this.config = config;
  }
  restartIce(): void {
    this.restarts++;
    queueMicrotask(() => this.onnegotiationneeded?.(new Event('negotiationneeded')));
  }
  async getStats(): Promise<RTCStatsReport> {
    return new Map() as unknown as RTCStatsReport;
  }
  close(): void {
    this.closed = true;
    this.signalingState = 'closed';
  }

  /** Emits a local candidate (or the end of candidates with null). */
  emitCandidate(candidate: string | null, mid = '0'): void {
    this.onicecandidate?.({
      candidate: candidate === null ? null : ({ candidate, sdpMid: mid } as RTCIceCandidate),
    });
  }

  /** Moves ICE and the connection to a state, as the engine would. */
  setConnection(state: 'connected' | 'disconnected' | 'failed' | 'closed'): void {
    this.iceConnectionState = state;
    this.connectionState = state;
    this.oniceconnectionstatechange?.(new Event('iceconnectionstatechange'));
    this.onconnectionstatechange?.(new Event('connectionstatechange'));
  }

  /** Connects, and opens the data channels. */
  connect(): void {
    this.setConnection('connected');
    for (const channel of this.channels) channel.open();
  }
}

export const createFakePeerConnection = (config: RTCConfiguration): RTCPeerConnection =>
  new FakePeerConnection(config) as unknown as RTCPeerConnection;
