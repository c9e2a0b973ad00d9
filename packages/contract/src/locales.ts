/** The languages Portico speaks: its components, mails and texts. */
export const locales = ['en', 'sv'] as const;
