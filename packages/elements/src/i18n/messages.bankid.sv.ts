import type { bankidEn } from './en/bankid.ts';

/** The strings of BankID sign-in in Swedish: BankID's own recommended wording for the RFA messages. */
export const bankidSv: { readonly [Key in keyof typeof bankidEn]: string } = {
  bankidRfa1: 'Starta BankID-appen.',
  bankidRfa3: 'Åtgärden avbröts. Försök igen.',
  bankidRfa4: 'En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.',
  bankidRfa5: 'Något gick fel. Försök igen.',
  bankidRfa6: 'Åtgärden avbröts.',
  bankidRfa8:
    'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
  bankidRfa9: 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.',
  bankidRfa13: 'Försöker starta BankID-appen.',
  bankidRfa15:
    'Söker efter BankID, det kan ta en liten stund… Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank.',
  bankidRfa15Qr:
    'Söker efter BankID, det kan ta en liten stund… Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen i telefonen du skannade QR-koden med. Om du inte har något BankID kan du skaffa ett hos din bank.',
  bankidRfa16: 'Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
  bankidRfa17:
    'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.',
  bankidRfa21: 'En identifiering eller underskrift pågår.',
  bankidRfa22: 'Något gick fel. Försök igen.',
  bankidRfa23: 'Fotografera och läs av din ID-handling med BankID-appen.',

  bankidScanIntro: 'Starta BankID-appen i din mobil och tryck på Skanna QR-kod. Rikta kameran mot QR-koden här nedanför.',
  bankidQrAlt: 'QR-kod för BankID',
  bankidOpenOnThisDevice: 'Öppna BankID på den här enheten',
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
};
