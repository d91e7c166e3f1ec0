import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import '../../rtc-call-status.js';
import type { RtcCallStatus } from './call-status.component.js';

const meta: Meta = {
  title: 'Call/Call status',
  component: 'rtc-call-status',
  args: { state: 'connected', reason: '', connectedAt: Date.now() - 42_000 },
  argTypes: {
    state: { control: 'select', options: ['idle', 'outgoing', 'incoming', 'connecting', 'connected', 'ended'] },
    reason: {
      control: 'select',
      options: ['', 'hangup', 'declined', 'busy', 'invite-timeout', 'ice-failed', 'unsupported', 'error'],
    },
  },
  render: (args) =>
    html`<rtc-call-status
      state=${args['state']}
      reason=${args['reason']}
      connected-at=${args['connectedAt']}
    ></rtc-call-status>`,
};
export default meta;

type Story = StoryObj;

export const Connected: Story = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<RtcCallStatus>('rtc-call-status')!;
    await el.updateComplete;
    await expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).toBe('Connected');
    await expect(el.shadowRoot!.querySelector('[part=duration]')!.textContent).toMatch(/^0:4\d$/);
  },
};

export const Ringing: Story = { args: { state: 'incoming' } };

export const Declined: Story = {
  args: { state: 'ended', reason: 'declined' },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<RtcCallStatus>('rtc-call-status')!;
    await el.updateComplete;
    await expect(el.label).toBe('Call declined');
  },
};
