/**
 * Whether this page was opened from a mailed link (`#portico-link=…`). An inline script in index.html notes it before
 * any module runs: `<portico-auth>` takes the token out of the address bar as soon as it is defined, and the bundler
 * decides in which order the page's modules and the elements are evaluated.
 */
export const openedFromLink = document.documentElement.dataset.openedFromLink !== undefined;
