import { beforeAll, describe, expect, it } from 'vitest';
import { createMailto, REPLY_HINTS } from './invite-email.js';
import { createInviteLink, parseInviteLink } from './invite-link.js';
import { sampleBundles, unwrap } from './invite.test-util.js';

let offer: string;
let answer: string;
beforeAll(async () => ({ offer, answer } = await sampleBundles()));

/** What a mail client reads from a mailto: URL (RFC 6068). */
function readMailto(url: string): { to: string; subject: string; body: string } {
  const [head, query = ''] = url.slice('mailto:'.length).split('?');
  const params = new Map(query.split('&').map((p) => p.split('=').map(decodeURIComponent) as [string, string]));
  return { to: decodeURIComponent(head!), subject: params.get('subject')!, body: params.get('body')! };
}

describe('createMailto', () => {
  it('an offer mail: the link, and how to send the answer back; the link survives the trip', () => {
    const link = unwrap(createInviteLink(offer, { base: 'https://parley.example/join/', role: 'offer' }));
    const url = unwrap(createMailto({ to: 'bob@example.org, carol@example.org', link }));
    expect(url).toMatch(/^mailto:bob@example\.org,%20carol@example\.org\?subject=/);
    expect(url).not.toMatch(/[\s<>"]/);
    const mail = readMailto(url);
    expect(mail.to).toBe('bob@example.org, carol@example.org');
    expect(mail.subject).toBe('Parley call invite');
    expect(mail.body.split('\r\n')).toContain(link);
    expect(mail.body).toContain(REPLY_HINTS.offer);
    expect(mail.body).toMatch(/Reply to this email with the answer link/);
    // What the recipient pastes from the body is the invite.
    expect(unwrap(parseInviteLink(mail.body))).toEqual({ role: 'offer', bundle: offer });
  });

  it('an answer mail tells the offering side where to open it; subject and hint can be set', () => {
    const link = unwrap(createInviteLink(answer, { base: 'https://parley.example/join/', role: 'answer' }));
    const mail = readMailto(unwrap(createMailto({ link })));
    expect(mail.to).toBe('');
    expect(mail.subject).toBe('Parley call answer');
    expect(mail.body).toContain(REPLY_HINTS.answer);
    expect(unwrap(parseInviteLink(mail.body))).toEqual({ role: 'answer', bundle: answer });
    const custom = readMailto(
      unwrap(createMailto({ link, subject: 'Re: call (50% off!)', replyHint: 'Paste it & press Connect.' })),
    );
    expect(custom.subject).toBe('Re: call (50% off!)');
    expect(custom.body).toContain('Paste it & press Connect.');
  });

  it('refuses a link without an invite and header injection', () => {
    const link = unwrap(createInviteLink(answer, { base: 'https://parley.example/join/', role: 'answer' }));
    for (const bad of [
      createMailto({ link: 'https://parley.example/join/' }),
      createMailto({ link, to: 'a@b.c\r\nBcc: x@y.z' }),
      createMailto({ link, to: '<a@b.c>' }),
      createMailto({ link, subject: 'hi\nBcc: x@y.z' }),
    ]) {
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.code).toBe('bad-encoding');
    }
  });
});
