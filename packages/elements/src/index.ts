export { RtcCallStatus } from './rtc-call-status.js';
export { formatDuration } from './components/call-status/call-status.component.js';
