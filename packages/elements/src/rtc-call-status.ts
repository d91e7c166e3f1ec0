import { RtcCallStatus } from './components/call-status/call-status.component.js';

export { RtcCallStatus };

customElements.define('rtc-call-status', RtcCallStatus);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-call-status': RtcCallStatus;
  }
}
