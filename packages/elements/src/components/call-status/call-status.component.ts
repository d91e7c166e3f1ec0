import { describeEndReason, isEndReason, type CallState } from '@parley/core';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import styles from './call-status.styles.js';

const LABELS: Record<Exclude<CallState, 'ended'>, string> = {
  idle: 'No call',
  outgoing: 'Calling…',
  incoming: 'Incoming call',
  connecting: 'Connecting…',
  connected: 'Connected',
};

/** Formats a duration as m:ss, or h:mm:ss from one hour on. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * @summary Shows where a call is: ringing, connecting, connected with its
 * running duration, or ended with the reason.
 *
 * @csspart indicator - The coloured dot.
 * @csspart label - The state text.
 * @csspart duration - The elapsed time while connected.
 *
 * @cssproperty --rtc-font - Font shorthand for the text.
 * @cssproperty --rtc-call-status-color - Text colour.
 * @cssproperty --rtc-call-status-idle-color - Dot colour when idle.
 * @cssproperty --rtc-call-status-pending-color - Dot colour while ringing or connecting.
 * @cssproperty --rtc-call-status-connected-color - Dot colour while connected.
 * @cssproperty --rtc-call-status-ended-color - Dot colour once ended.
 */
export class RtcCallStatus extends LitElement {
  static override styles = styles;

  /** The call's state, as `CallSession` reports it. */
  @property({ reflect: true }) state: CallState = 'idle';

  /** Why the call ended (an `EndReason`); read when `state` is `ended`. */
  @property() reason = '';

  /** When the call connected, in ms since the epoch; drives the duration. */
  @property({ type: Number, attribute: 'connected-at' }) connectedAt = 0;

  @state() private now = Date.now();

  private timer: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state') || changed.has('connectedAt')) {
      if (this.state === 'connected' && this.connectedAt > 0) this.startTimer();
      else this.stopTimer();
    }
  }

  private startTimer(): void {
    if (this.timer !== undefined) return;
    this.now = Date.now();
    this.timer = setInterval(() => (this.now = Date.now()), 1000);
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The text shown for the current state. */
  get label(): string {
    if (this.state === 'ended') return isEndReason(this.reason) ? describeEndReason(this.reason) : 'Call ended';
    return LABELS[this.state] ?? LABELS.idle;
  }

  override render() {
    const showDuration = this.state === 'connected' && this.connectedAt > 0;
    return html`<span part="indicator" aria-hidden="true"></span
      ><span part="label" role="status" aria-live="polite">${this.label}</span>${
        showDuration ? html`<span part="duration">${formatDuration(this.now - this.connectedAt)}</span>` : nothing
      }`;
  }
}
