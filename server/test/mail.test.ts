import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mailer, OutgoingMail } from '../src/ports/mailer.ts';
import { en } from '../src/services/mail/en.ts';
import { sv } from '../src/services/mail/sv.ts';
import { type MailKey, mailKeys, type MailParams } from '../src/services/mail/mail-catalogue.ts';
import { MailService } from '../src/services/mail/mail-service.ts';
import { escapeHtml, renderMail } from '../src/services/mail/render-mail.ts';

const url = 'https://portal.example.se/auth/confirm?token=abc123&step=2';
const sample: MailParams = {
  signUpCode: { code: '048213', minutes: 10 },
  signUpLink: { url, minutes: 60 },
  invitation: { url, inviterName: 'Karin Berg' },
  emailConfirmation: { url, minutes: 60 },
  passwordReset: { url, minutes: 30 },
  signUpExisting: { url },
  passwordChanged: { reset: true, trustedDevicesForgotten: 2 },
  mfaCode: { code: '731904', minutes: 10 },
  recoveryCodeUsed: { left: 9 },
  securityChanged: { change: 'totp_enabled' },
  customerIdPasswordReset: { url, minutes: 60, customerId: 'NL123421341' },
  customerIdRegistration: { url, minutes: 60, customerId: 'NL123421341' },
  customerIdLink: { url, minutes: 60, customerId: 'NL123421341' },
  accountLoginAdded: { customerId: 'NL123421341', accountName: 'Zeta Hosting BV', email: 'anna@zeta.example' },
  accountOnboarding: {
    url: 'https://portal.example/#portico-link=abc',
    days: 7,
    customerId: 'NL123421341',
    accountName: 'Zeta Hosting BV',
    existingLogin: false,
  },
  accountInvitation: {
    url: 'https://portal.example/#portico-link=abc',
    days: 7,
    customerId: 'NL123421341',
    accountName: 'Zeta Hosting BV',
    inviter: 'Olga Berg',
  },
};

const render = <K extends MailKey>(key: K, product = 'Acme Portal', locale: string | null = 'en') => renderMail(key, locale, sample[key], product);

describe('mail templates', () => {
  it('the English catalogue has every mail', () => {
    assert.deepEqual(
      Object.keys(en)
        .filter((k) => k !== 'common')
        .sort(),
      [...mailKeys].sort(),
    );
  });

  for (const key of mailKeys) {
    it(`${key}: subject, text and HTML name the configured product`, () => {
      const mail = render(key);
      assert.match(mail.subject, /Acme Portal/);
      assert.doesNotMatch(mail.subject, /[\r\n]/);
      assert.match(mail.text, /Acme Portal/);
      assert.match(mail.html, /Acme Portal/);
      assert.doesNotMatch(mail.text, /Portico/);
      assert.match(mail.html, /^<!doctype html>\n<html lang="en"/);
      assert.match(mail.html, /<title>[^<]*Acme Portal[^<]*<\/title>/);
    });
  }

  it('puts the code in both parts, large and monospace in HTML, and not in the subject', () => {
    const mail = render('signUpCode');
    assert.match(mail.text, /^ {4}048213$/m);
    assert.match(mail.text, /10 minutes/);
    assert.match(mail.html, /<code style="[^"]*font-family:[^"]*monospace[^"]*font-size:32px[^"]*">048213<\/code>/);
    assert.doesNotMatch(mail.subject, /048213/);
  });

  for (const key of [
    'signUpLink',
    'invitation',
    'emailConfirmation',
    'passwordReset',
    'customerIdPasswordReset',
    'customerIdRegistration',
    'customerIdLink',
  ] as const) {
    it(`${key}: the link is in both parts, with real link text in HTML`, () => {
      const mail = render(key);
      assert.ok(mail.text.includes(url), 'text part has the raw URL');
      const escaped = escapeHtml(url);
      const anchors = [...mail.html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)];
      assert.equal(anchors.length, 2, 'a button and the copyable address');
      assert.ok(anchors.every(([, href]) => href === escaped));
      const label = anchors[0]![2]!;
      assert.ok(label.length > 8 && !/click here|^here$/i.test(label), `descriptive link text: ${label}`);
      assert.ok(!mail.html.includes(url), 'the & of the URL is escaped in HTML');
    });
  }

  it('names the inviter when there is one', () => {
    assert.match(render('invitation').text, /Karin Berg has created an? Acme Portal account for you/);
    const anonymous = renderMail('invitation', 'en', { url }, 'Acme Portal');
    assert.doesNotMatch(anonymous.text, /undefined|Karin/);
  });

  it('says "minute" for one minute', () => {
    assert.match(renderMail('passwordReset', 'en', { url, minutes: 1 }, 'P').text, /for 1 minute\./);
  });

  it('HTML-escapes the product name and every parameter', () => {
    const product = '<script>alert(1)</script> & "Co"';
    for (const key of mailKeys) {
      const mail = render(key, product);
      assert.ok(!mail.html.includes('<script>'), `${key}: no raw script tag`);
      assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;'), `${key}: escaped product`);
      // The text part is plain text: shown as typed.
      assert.ok(mail.text.includes(product));
    }
    const hostile = renderMail(
      'invitation',
      'en',
      { url: 'https://x.example/?a="><img src=x onerror=alert(1)>', inviterName: '<b onmouseover=alert(1)>Eve</b>' },
      'P',
    );
    assert.ok(!hostile.html.includes('<img'));
    assert.ok(!hostile.html.includes('<b '));
    assert.ok(hostile.html.includes('&lt;b onmouseover=alert(1)&gt;Eve&lt;/b&gt;'));
    const code = renderMail('signUpCode', 'en', { code: '<i>1</i>', minutes: 5 }, 'P');
    assert.ok(code.html.includes('&lt;i&gt;1&lt;/i&gt;'));
  });

  it('refuses links that are not http(s)', () => {
    assert.throws(() => renderMail('passwordReset', 'en', { url: 'javascript:alert(1)', minutes: 5 }, 'P'), TypeError);
    assert.throws(() => renderMail('passwordReset', 'en', { url: '/relative', minutes: 5 }, 'P'), TypeError);
  });

  it('keeps the subject on one line whatever the product name holds', () => {
    assert.equal(renderMail('passwordChanged', 'en', { reset: false, trustedDevicesForgotten: 0 }, 'Evil\r\nBcc: x@example.com').subject.includes('\n'), false);
  });

  it('the Swedish catalogue has every mail, each written in Swedish', () => {
    assert.deepEqual(
      Object.keys(sv)
        .filter((k) => k !== 'common')
        .sort(),
      [...mailKeys].sort(),
    );
    for (const key of mailKeys) {
      const swedish = renderMail(key, 'sv', sample[key], 'Leasify');
      const english = renderMail(key, 'en', sample[key], 'Leasify');
      assert.equal(swedish.locale, 'sv');
      assert.match(swedish.html, /^<!doctype html>\n<html lang="sv"/);
      assert.notEqual(swedish.subject, english.subject, `${key}: a subject of its own`);
      assert.match(swedish.subject, /Leasify/);
      // Swedish words, and none of the English mail's own sentences.
      assert.match(swedish.text, /\b(och|för|din|ditt|dina|du|har|en|ett)\b/, `${key}: Swedish text`);
      assert.doesNotMatch(swedish.text, /\b(the|your|you|this|if|with)\b/i, `${key}: no English left`);
    }
  });

  it('calls 2-step verification by the name the screens use, never another', () => {
    const changes = ['totp_enabled', 'totp_disabled', 'sms_enabled', 'sms_disabled'] as const;
    for (const locale of ['en', 'sv'] as const) {
      const mails = [
        ...mailKeys.map((key) => renderMail(key, locale, sample[key], 'P')),
        ...changes.map((change) => renderMail('securityChanged', locale, { change }, 'P')),
      ];
      for (const mail of mails) {
        assert.doesNotMatch(`${mail.subject}\n${mail.text}`, /two[- ](step|factor)|2fa|second factor|tvåfaktor/i, mail.subject);
      }
    }
    for (const change of changes) {
      assert.match(renderMail('securityChanged', 'en', { change }, 'P').subject, /^2-step verification turned (on|off) for your P account$/);
      assert.match(renderMail('securityChanged', 'sv', { change }, 'P').subject, /^Tvåstegsverifiering (aktiverad|avstängd)/);
    }
  });

  it('says "set your credentials" only where the next step is "Set credentials": a new e-mail login of a customer ID or an order, an invitation', () => {
    assert.match(render('customerIdRegistration').text, /You then set your credentials: the password you will sign in with\./);
    assert.match(renderMail('customerIdRegistration', 'sv', sample.customerIdRegistration, 'P').text, /väljer du dina inloggningsuppgifter/);
    assert.match(render('accountOnboarding').text, /set your credentials: the password you will sign in with\./);
    assert.doesNotMatch(
      renderMail('accountOnboarding', 'en', { ...sample.accountOnboarding, existingLogin: true }, 'P').text,
      /credentials/,
      'a login with a password confirms with it',
    );
    assert.match(renderMail('accountOnboarding', 'sv', sample.accountOnboarding, 'P').text, /välja dina inloggningsuppgifter/);
    assert.match(render('accountInvitation').text, /you set your credentials there/);
    assert.match(renderMail('accountInvitation', 'sv', sample.accountInvitation, 'P').text, /väljer du dina inloggningsuppgifter/);
    const setsCredentials = ['customerIdRegistration', 'accountOnboarding', 'accountInvitation'];
    for (const key of mailKeys.filter((other) => !setsCredentials.includes(other))) {
      assert.doesNotMatch(render(key).text, /credentials/i, key);
      assert.doesNotMatch(renderMail(key, 'sv', sample[key], 'P').text, /inloggningsuppgifter/, key);
    }
    // A sign-up link leads to "Choose your password".
    assert.match(render('signUpLink').text, /then choose your password/);
  });

  it('writes a Swedish reset mail', () => {
    const mail = renderMail('passwordReset', 'sv-SE', { url, minutes: 30 }, 'Leasify');
    assert.equal(mail.subject, 'Återställ ditt lösenord för Leasify');
    assert.match(mail.text, /Välj ett nytt lösenord:\n/);
    assert.match(mail.text, /gäller i 30 minuter\./);
    assert.match(mail.html, />Välj ett nytt lösenord</);
    assert.match(renderMail('passwordReset', 'sv', { url, minutes: 1 }, 'P').text, /gäller i 1 minut\./);
  });

  it("uses the default language (the policy's) for an unknown or missing one", () => {
    for (const locale of [null, undefined, '', 'de']) {
      assert.equal(renderMail('passwordChanged', locale, { reset: false, trustedDevicesForgotten: 0 }, 'P', 'sv').locale, 'sv');
    }
    assert.equal(renderMail('passwordChanged', 'en', { reset: false, trustedDevicesForgotten: 0 }, 'P', 'sv').locale, 'en', "the user's own language wins");
    assert.equal(
      renderMail('passwordChanged', null, { reset: false, trustedDevicesForgotten: 0 }, 'P', 'de').locale,
      'en',
      'English when the default has no catalogue',
    );
  });

  it('falls back to English for a language without a catalogue, and reads region tags', () => {
    for (const locale of [null, undefined, '', 'de', 'EN-gb']) {
      const mail = renderMail('passwordChanged', locale, { reset: false, trustedDevicesForgotten: 0 }, 'P');
      assert.equal(mail.locale, 'en');
      assert.match(mail.html, /<html lang="en"/);
    }
  });
});

describe('MailService', () => {
  it('renders in the recipient language and hands the mail to the Mailer', async () => {
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = { send: async (mail) => void sent.push(mail) };
    await new MailService(mailer, { productName: 'Acme Portal' }).send('ada@example.se', 'signUpCode', { code: '123456', minutes: 10 }, 'en');
    assert.equal(sent.length, 1);
    const [mail] = sent;
    assert.equal(mail!.to, 'ada@example.se');
    assert.equal(mail!.subject, 'Your Acme Portal verification code');
    assert.match(mail!.text, /123456/);
    assert.match(mail!.html, />123456</);
  });

  it('writes to people of unknown language in the default language', async () => {
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = { send: async (mail) => void sent.push(mail) };
    const service = new MailService(mailer, { productName: 'Leasify', defaultLocale: 'sv' });
    await service.send('ada@example.se', 'passwordChanged', { reset: false, trustedDevicesForgotten: 0 }, null);
    await service.send('bo@example.se', 'passwordChanged', { reset: false, trustedDevicesForgotten: 0 }, 'en');
    assert.equal(sent[0]!.subject, 'Ditt lösenord för Leasify har bytts');
    assert.equal(sent[1]!.subject, 'Your Leasify password was changed');
  });

  it('passes a failed send on to the flow', async () => {
    const mailer: Mailer = { send: async () => Promise.reject(new Error('down')) };
    await assert.rejects(
      new MailService(mailer, { productName: 'P' }).send('a@example.se', 'passwordChanged', { reset: false, trustedDevicesForgotten: 0 }),
      /down/,
    );
  });
});
