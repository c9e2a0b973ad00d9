import type { MailCatalogue, SecurityChange } from './mail-catalogue.ts';

const minutes = (n: number) => (n === 1 ? '1 minut' : `${n} minuter`);

const changes: Record<SecurityChange, { subject: string; what: string }> = {
  totp_enabled: { subject: 'Tvåstegsverifiering aktiverad', what: 'Tvåstegsverifiering med autentiseringsapp har aktiverats' },
  totp_disabled: { subject: 'Tvåstegsverifiering avstängd', what: 'Tvåstegsverifiering med autentiseringsapp har stängts av' },
  sms_enabled: { subject: 'Tvåstegsverifiering aktiverad', what: 'Tvåstegsverifiering med sms har aktiverats' },
  sms_disabled: { subject: 'Tvåstegsverifiering avstängd', what: 'Tvåstegsverifiering med sms har stängts av' },
  recovery_phone_added: { subject: 'Reservnummer tillagt', what: 'Ett reservnummer har lagts till' },
  recovery_phone_removed: { subject: 'Reservnummer borttaget', what: 'Reservnumret har tagits bort' },
  recovery_codes_generated: { subject: 'Nya reservkoder', what: 'Nya reservkoder har skapats; de tidigare fungerar inte längre' },
  passkey_added: { subject: 'Passkey tillagd', what: 'En passkey som kan logga in dig har lagts till' },
  passkey_removed: { subject: 'Passkey borttagen', what: 'En passkey har tagits bort (den loggar inte längre in dig)' },
  factors_reset: {
    subject: 'Tvåstegsverifieringen återställd',
    what: 'Tvåstegsverifieringen har återställts av supporten (alla metoder, reservkoder och passkeys borttagna, alla sessioner utloggade)',
  },
};

/** Swedish mails (leasing portal: the welcome mail, the confirmation mail, "Glömt lösenord"). */
export const sv: MailCatalogue = {
  common: {
    linkFallback: 'Om knappen inte fungerar, kopiera den här adressen till din webbläsare:',
    signature: (product) => `Hälsningar, ${product}`,
  },

  signUpCode: ({ code, minutes: m }, product) => ({
    // The code stays out of the subject: subjects show on lock screens and in notification previews.
    subject: `Din verifieringskod för ${product}`,
    intro: [`Ange den här koden för att bekräfta din e-postadress och fortsätta skapa ditt konto hos ${product}.`],
    action: { kind: 'code', label: 'Din verifieringskod:', code },
    outro: [
      `Koden fungerar en gång och gäller i ${minutes(m)}.`,
      'Om du inte har försökt skapa ett konto kan du bortse från det här mejlet: ingenting händer utan koden.',
    ],
  }),

  signUpLink: ({ url, minutes: m }, product) => ({
    subject: `Bekräfta din e-postadress för ${product}`,
    intro: [`Bekräfta din e-postadress och välj sedan ditt lösenord för att slutföra ditt konto hos ${product}.`],
    action: { kind: 'link', label: 'Bekräfta din e-postadress', url },
    outro: [
      `Länken fungerar en gång och gäller i ${minutes(m)}.`,
      'Om du inte har bett om ett konto kan du bortse från det här mejlet: ingenting händer om länken inte används.',
    ],
  }),

  invitation: ({ url, inviterName }, product) => ({
    subject: `Välkommen till ${product}`,
    intro: [
      inviterName ? `${inviterName} har skapat ett konto åt dig hos ${product}.` : `Ett konto har skapats åt dig hos ${product}.`,
      'Följ länken och fyll i din e-postadress. Vi skickar ett andra mejl för att bekräfta den, och sedan väljer du ditt lösenord.',
    ],
    action: { kind: 'link', label: `Kom igång med ditt konto hos ${product}`, url },
    outro: ['Om du inte väntade dig det här mejlet kan du bortse från det.'],
  }),

  emailConfirmation: ({ url, minutes: m }, product) => ({
    subject: `Bekräfta din e-postadress för ${product}`,
    intro: [`Följ länken för att bekräfta att det här är din e-postadress och fortsätta med ditt konto hos ${product}.`],
    action: { kind: 'link', label: 'Bekräfta din e-postadress', url },
    outro: [`Länken fungerar en gång och gäller i ${minutes(m)}.`, 'Om du inte har bett om detta kan du bortse från det här mejlet.'],
  }),

  passwordReset: ({ url, minutes: m }, product) => ({
    subject: `Återställ ditt lösenord för ${product}`,
    intro: [`Någon har bett om att återställa lösenordet till ditt konto hos ${product}. Om det var du, välj ett nytt lösenord.`],
    action: { kind: 'link', label: 'Välj ett nytt lösenord', url },
    outro: [
      `Länken fungerar en gång och gäller i ${minutes(m)}.`,
      'Om du inte har bett om detta kan du bortse från det här mejlet: ditt lösenord förblir oförändrat.',
    ],
  }),

  signUpExisting: ({ url }, product) => ({
    subject: `Du har redan ett konto hos ${product}`,
    intro: [
      `Någon försökte skapa ett konto hos ${product} med den här e-postadressen, men det finns redan ett.`,
      'Om det var du, logga in i stället. Om du har glömt ditt lösenord, välj ”Glömt lösenord?” på inloggningssidan.',
    ],
    action: { kind: 'link', label: `Logga in på ${product}`, url },
    outro: ['Om det inte var du kan du bortse från det här mejlet: ingenting har ändrats.'],
  }),

  passwordChanged: ({ reset, trustedDevicesForgotten }, product) => ({
    subject: `Ditt lösenord för ${product} har bytts`,
    intro: [
      reset
        ? `Lösenordet till ditt konto hos ${product} har just återställts, och du har loggats ut överallt.`
        : `Lösenordet till ditt konto hos ${product} har just bytts, och du har loggats ut överallt annars.`,
      ...(trustedDevicesForgotten > 0
        ? [
            trustedDevicesForgotten === 1
              ? 'Enheten som du hade litat på för att hoppa över tvåstegsverifieringen kommer att fråga efter en kod igen.'
              : `De ${trustedDevicesForgotten} enheter som du hade litat på för att hoppa över tvåstegsverifieringen kommer att fråga efter en kod igen.`,
          ]
        : []),
    ],
    outro: [
      'Om det var du behöver du inte göra något mer.',
      `Om det inte var du, återställ genast ditt lösenord med ”Glömt lösenord” på inloggningssidan för ${product}.`,
    ],
  }),

  mfaCode: ({ code, minutes: m }, product) => ({
    subject: `Din inloggningskod för ${product}`,
    intro: [`Ange den här koden för att bekräfta att det är du som loggar in på ${product}.`],
    action: { kind: 'code', label: 'Din kod:', code },
    outro: [
      `Koden fungerar en gång och gäller i ${minutes(m)}.`,
      'Om du inte just har loggat in känner någon annan till ditt lösenord: byt det nu. De kan inte logga in utan den här koden.',
    ],
  }),

  recoveryCodeUsed: ({ left }, product) => ({
    subject: `En reservkod har använts för att logga in på ${product}`,
    intro: [
      `Någon har just loggat in på ditt konto hos ${product} med en av dina reservkoder.`,
      left === 0 ? 'Det var din sista: skapa nya reservkoder i din profil nu.' : `${left === 1 ? '1 reservkod' : `${left} reservkoder`} återstår.`,
    ],
    outro: [
      'Om det var du kan du överväga att ställa in din autentiseringsapp eller telefon igen.',
      'Om det inte var du, byt genast lösenord och skapa nya reservkoder.',
    ],
  }),

  securityChanged: ({ change }, product) => ({
    subject: `${changes[change].subject} för ditt konto hos ${product}`,
    intro: [`${changes[change].what} för ditt konto hos ${product}.`],
    outro: ['Om det var du behöver du inte göra något mer.', `Om det inte var du, byt genast ditt lösenord för ${product}.`],
  }),

  customerIdPasswordReset: ({ url, minutes: m, customerId }, product) => ({
    subject: `Återställ lösenordet för kundnummer ${customerId} hos ${product}`,
    intro: [
      `Någon har bett om att återställa lösenordet till inloggningen med kundnummer ${customerId} hos ${product}. Den här adressen är kontots huvudkontakt, därför kommer länken hit.`,
      'Om det var du eller en kollega, välj ett nytt lösenord och logga sedan in med kundnumret för att registrera din egen e-postinloggning.',
    ],
    action: { kind: 'link', label: `Välj ett nytt lösenord för ${customerId}`, url },
    outro: [
      `Länken fungerar en gång och gäller i ${minutes(m)}.`,
      'Om ingen har bett om detta kan du bortse från det här mejlet: lösenordet förblir oförändrat.',
    ],
  }),

  customerIdRegistration: ({ url, minutes: m, customerId }, product) => ({
    subject: `Bekräfta din e-postadress för ${product}`,
    intro: [
      `Bekräfta den här adressen för att göra den till din inloggning hos ${product} för kundnummer ${customerId}. Sedan väljer du dina inloggningsuppgifter: lösenordet du ska logga in med.`,
    ],
    action: { kind: 'link', label: 'Bekräfta din e-postadress', url },
    outro: [
      `Länken fungerar en gång och gäller i ${minutes(m)}.`,
      'Om du inte har bett om detta kan du bortse från det här mejlet: ingenting händer om länken inte används.',
    ],
  }),

  customerIdLink: ({ url, minutes: m, customerId }, product) => ({
    subject: `Koppla kundnummer ${customerId} till din inloggning hos ${product}`,
    intro: [
      `Någon loggade in med kundnummer ${customerId} och registrerade den här adressen, som redan har en inloggning hos ${product}.`,
      'Om det var du, bekräfta med lösenordet till din inloggning: kundkontot kopplas då till den, och du ser det efter inloggningen. Inget andra lösenord skapas.',
    ],
    action: { kind: 'link', label: `Koppla ${customerId} till min inloggning`, url },
    outro: [
      `Länken fungerar en gång och gäller i ${minutes(m)}.`,
      'Om det inte var du kan du bortse från det här mejlet: ingenting kopplas om länken inte används.',
    ],
  }),

  accountOnboarding: ({ url, days: d, customerId, accountName, existingLogin }, product) => ({
    subject: `Bekräfta din e-postadress för ${product}`,
    intro: [
      `Din beställning för ${accountName} (kundnummer ${customerId}) angav den här adressen. Den är din inloggning till kundportalen hos ${product}.`,
      existingLogin
        ? 'Följ länken och bekräfta med lösenordet till din inloggning: sedan ser du kontot när du loggar in.'
        : 'Följ länken för att bekräfta adressen och välja dina inloggningsuppgifter: lösenordet du ska logga in med.',
    ],
    action: { kind: 'link', label: 'Bekräfta', url },
    outro: [
      `Länken fungerar en gång och gäller i ${d === 1 ? '1 dag' : `${d} dagar`}.`,
      'Om du inte har beställt något kan du bortse från mejlet och meddela oss.',
    ],
  }),

  accountInvitation: ({ url, days: d, customerId, accountName, inviter }, product) => ({
    subject: `${inviter} har bjudit in dig till ${accountName} hos ${product}`,
    intro: [
      `${inviter} har bjudit in dig att arbeta i ${accountName} (kundnummer ${customerId}) hos ${product}.`,
      'Följ länken för att tacka ja. Om du inte har någon inloggning än väljer du dina inloggningsuppgifter där.',
    ],
    action: { kind: 'link', label: `Gå med i ${accountName}`, url },
    outro: [
      `Länken fungerar en gång och gäller i ${d === 1 ? '1 dag' : `${d} dagar`}.`,
      'Om du inte känner avsändaren kan du bortse från mejlet: ingenting händer om länken inte används.',
    ],
  }),

  accountLoginAdded: ({ customerId, accountName, email }, product) => ({
    subject: `En ny inloggning har lagts till för ${customerId} hos ${product}`,
    intro: [
      `${email} kan nu logga in på ${accountName} (kundnummer ${customerId}) hos ${product}.`,
      `Du får meddelandet som kontots huvudkontakt eller en av dess ägare. Kundnummer ${customerId} loggar inte längre in på egen hand: kontots personer loggar in med sina egna e-postinloggningar.`,
    ],
    outro: [`Om du inte känner till ${email}, kontakta oss genast.`],
  }),
};
