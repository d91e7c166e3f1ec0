import { expect, fixture, html } from '@open-wc/testing';
import '../../rtc-call-status.js';
import type { RtcCallStatus } from './call-status.component.js';
import { formatDuration } from './call-status.component.js';

describe('<rtc-call-status>', () => {
  it('says there is no call by default, and is accessible', async () => {
    const el = await fixture<RtcCallStatus>(html`<rtc-call-status></rtc-call-status>`);
    expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('No call');
    await expect(el).to.be.accessible();
  });

  it('shows the end reason in words', async () => {
    const el = await fixture<RtcCallStatus>(html`<rtc-call-status state="ended" reason="declined"></rtc-call-status>`);
    expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Call declined');
  });

  it('counts the duration while connected and stops once ended', async () => {
    const el = await fixture<RtcCallStatus>(
      html`<rtc-call-status state="connected" connected-at=${Date.now() - 65_000}></rtc-call-status>`,
    );
    expect(el.shadowRoot!.querySelector('[part=duration]')!.textContent).to.equal('1:05');
    el.state = 'ended';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=duration]')).to.equal(null);
  });

  it('formats long durations with hours', () => {
    expect(formatDuration(3_723_000)).to.equal('1:02:03');
    expect(formatDuration(-5)).to.equal('0:00');
  });
});
