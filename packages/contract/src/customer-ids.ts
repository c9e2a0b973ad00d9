// The legacy customer-ID format (see accounts.ts), for the server and the browser alike (so free of zod).

export const customerIdPattern = /^[A-Z]{2,3}\d{9,10}$/;

/** Whether a sign-in identifier is a customer ID rather than an e-mail address. */
export function isCustomerId(identifier: string): boolean {
  return customerIdPattern.test(identifier.replace(/\s/g, '').toUpperCase());
}
