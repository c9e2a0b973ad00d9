/**
 * Whether this page was opened from a mailed link (`#portico-link=…`). Read in a module of its own, imported before
 * `@portico/elements`: `<portico-auth>` takes the token out of the address bar as soon as it is defined.
 */
export const openedFromLink = location.hash.includes('portico-link=');
