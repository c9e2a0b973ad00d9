/**
 * The strings of BankID sign-in (seed 003), in both languages side by side: BankID's recommended user messages
 * (RFA1 … RFA23) and the `<portico-bankid>` step's own words. Spread into the English and Swedish catalogues.
 *
 * The RFA texts are BankID's own wording (RP guidelines, "recommended user messages"); where BankID has two variants
 * (RFA15, RFA17), the one for the app on a phone, reached by QR code, is used.
 */
export const bankidEn = {
  bankidRfa1: 'Start your BankID app.',
  bankidRfa3: 'The action was cancelled. Please try again.',
  bankidRfa4: 'An identification or signature is already in progress for your personal identity number. Please try again.',
  bankidRfa5: 'Something went wrong. Please try again.',
  bankidRfa6: 'The action was cancelled.',
  bankidRfa8: 'The BankID app is not responding. Please check that it’s started and that you have internet access. Try again.',
  bankidRfa9: 'Enter your security code in the BankID app and select Identify or Sign.',
  bankidRfa13: 'Trying to start your BankID app.',
  bankidRfa15: 'Searching for BankID. Make sure you have a valid BankID on this device.',
  bankidRfa16: 'Your BankID is blocked or too old. Please use another BankID or get a new one from your bank.',
  bankidRfa17: 'Failed to scan the QR code. Start the BankID app and scan the QR code.',
  bankidRfa21: 'An identification or signing is in progress.',
  bankidRfa22: 'Something went wrong. Please try again.',
  bankidRfa23: 'Take a photo of, and scan, your ID document with the BankID app.',

  bankidHeading: 'Sign in with BankID',
  bankidSignInButton: 'Sign in with BankID',
  bankidStarting: 'Starting BankID…',
  bankidScanIntro: 'Open the BankID app on your phone, tap the QR code symbol and scan this code.',
  bankidQrAlt: 'QR code for BankID',
  bankidOpenOnThisDevice: 'Open BankID on this device',
  bankidStatusLabel: 'BankID status',
  bankidTryAgain: 'Try again',
  bankidConnectionLost: 'The connection to the server was lost. Check your internet connection and try again.',

  personalNumberHeading: 'Personnummer for BankID',
  personalNumberIntro: 'Add your Swedish personnummer to sign in with BankID. It is stored encrypted.',
  personalNumberLoading: 'Loading your personnummer…',
  personalNumberCurrent: 'Your personnummer: {masked}',
  personalNumberNone: 'No personnummer added: BankID does not sign you in yet.',
  personalNumberFormLabel: 'Personnummer for BankID',
  personalNumberLabel: 'Personnummer',
  personalNumberHint: 'YYYYMMDD-NNNN',
  personalNumberSaveButton: 'Save personnummer',
  personalNumberSaving: 'Saving…',
  personalNumberRemoveButton: 'Remove personnummer',
  personalNumberSaved: 'Your personnummer has been saved. You can now sign in with BankID.',
  personalNumberRemoved: 'Your personnummer has been removed. BankID no longer signs you in.',
  personalNumberConflict: 'Another login already has this personnummer.',

  errorInvalidPersonalNumber: 'This is not a valid personnummer. Check the digits and enter it as YYYYMMDD-NNNN.',
  errorBankIdUnknownUser:
    'No account has this personnummer. Sign in with your e-mail and password and add it under My details.',
  errorBankIdUnavailable: 'BankID cannot be reached right now. Please try again in a while, or sign in with your e-mail and password.',
} as const;

export const bankidSv: { readonly [Key in keyof typeof bankidEn]: string } = {
  bankidRfa1: 'Starta BankID-appen.',
  bankidRfa3: 'Åtgärden avbröts. Försök igen.',
  bankidRfa4: 'En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.',
  bankidRfa5: 'Något gick fel. Försök igen.',
  bankidRfa6: 'Åtgärden avbröts.',
  bankidRfa8: 'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.',
  bankidRfa9: 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.',
  bankidRfa13: 'Försöker starta BankID-appen.',
  bankidRfa15: 'Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här enheten.',
  bankidRfa16: 'Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
  bankidRfa17: 'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.',
  bankidRfa21: 'En identifiering eller underskrift pågår.',
  bankidRfa22: 'Något gick fel. Försök igen.',
  bankidRfa23: 'Fotografera och läs av din ID-handling med BankID-appen.',

  bankidHeading: 'Logga in med BankID',
  bankidSignInButton: 'Logga in med BankID',
  bankidStarting: 'Startar BankID…',
  bankidScanIntro: 'Öppna BankID-appen i din mobil, tryck på QR-symbolen och läs av den här koden.',
  bankidQrAlt: 'QR-kod för BankID',
  bankidOpenOnThisDevice: 'Öppna BankID på den här enheten',
  bankidStatusLabel: 'Status för BankID',
  bankidTryAgain: 'Försök igen',
  bankidConnectionLost: 'Anslutningen till servern bröts. Kontrollera din internetanslutning och försök igen.',

  personalNumberHeading: 'Personnummer för BankID',
  personalNumberIntro: 'Lägg till ditt personnummer för att kunna logga in med BankID. Det lagras krypterat.',
  personalNumberLoading: 'Hämtar ditt personnummer…',
  personalNumberCurrent: 'Ditt personnummer: {masked}',
  personalNumberNone: 'Inget personnummer tillagt: du kan inte logga in med BankID ännu.',
  personalNumberFormLabel: 'Personnummer för BankID',
  personalNumberLabel: 'Personnummer',
  personalNumberHint: 'ÅÅÅÅMMDD-NNNN',
  personalNumberSaveButton: 'Spara personnummer',
  personalNumberSaving: 'Sparar…',
  personalNumberRemoveButton: 'Ta bort personnummer',
  personalNumberSaved: 'Ditt personnummer har sparats. Nu kan du logga in med BankID.',
  personalNumberRemoved: 'Ditt personnummer har tagits bort. Du kan inte längre logga in med BankID.',
  personalNumberConflict: 'En annan inloggning har redan det här personnumret.',

  errorInvalidPersonalNumber: 'Det här är inte ett giltigt personnummer. Kontrollera siffrorna och skriv det som ÅÅÅÅMMDD-NNNN.',
  errorBankIdUnknownUser:
    'Inget konto har det här personnumret. Logga in med e-post och lösenord och lägg till det under Mina uppgifter.',
  errorBankIdUnavailable: 'BankID går inte att nå just nu. Försök igen om en stund, eller logga in med e-post och lösenord.',
};
