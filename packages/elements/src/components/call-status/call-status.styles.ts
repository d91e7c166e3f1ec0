import { css } from 'lit';

export default css`
  :host {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    font: var(--rtc-font, inherit);
    color: var(--rtc-call-status-color, inherit);
  }

  [part='indicator'] {
    inline-size: 0.6em;
    block-size: 0.6em;
    border-radius: 50%;
    background: var(--rtc-call-status-idle-color, #8a8f98);
  }

  :host([state='outgoing']) [part='indicator'],
  :host([state='incoming']) [part='indicator'],
  :host([state='connecting']) [part='indicator'] {
    background: var(--rtc-call-status-pending-color, #d9a400);
  }

  :host([state='connected']) [part='indicator'] {
    background: var(--rtc-call-status-connected-color, #1f9d55);
  }

  :host([state='ended']) [part='indicator'] {
    background: var(--rtc-call-status-ended-color, #c53030);
  }

  [part='duration'] {
    font-variant-numeric: tabular-nums;
  }

  @media (prefers-reduced-motion: no-preference) {
    :host([state='incoming']) [part='indicator'] {
      animation: rtc-pulse 1s ease-in-out infinite alternate;
    }
  }

  @keyframes rtc-pulse {
    to {
      opacity: 0.3;
    }
  }
`;
