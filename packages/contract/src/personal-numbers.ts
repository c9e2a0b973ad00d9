// Swedish personal identity numbers, checked alike by the server and the browser (so free of zod).

/** The Luhn check over the 10-digit form (YYMMDDNNNC). */
function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    let digit = Number(tenDigits[i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * The personnummer in its 12-digit form (YYYYMMDDNNNC), or null if it is not one: wrong shape, no such date (a
 * samordningsnummer's day is the real day plus 60), or a failed check digit. A 10-digit number gets its century
 * from `today`: the latest year not in the future, one century earlier with `+`.
 */
export function parsePersonalNumber(input: string, today: Date = new Date()): string | null {
  const match = /^(\d{2})?(\d{6})([-+]?)(\d{4})$/.exec(input.trim());
  if (!match) return null;
  const [, century, yymmdd = '', separator, last4 = ''] = match;
  let year: number;
  if (century !== undefined) {
    year = Number(`${century}${yymmdd.slice(0, 2)}`);
  } else {
    const thisYear = today.getUTCFullYear();
    const yy = Number(yymmdd.slice(0, 2));
    year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear) year -= 100;
    if (separator === '+') year -= 100;
  }
  const month = Number(yymmdd.slice(2, 4));
  const rawDay = Number(yymmdd.slice(4, 6));
  const day = rawDay > 60 ? rawDay - 60 : rawDay;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (date.getTime() > today.getTime()) return null;
  if (!luhnValid(`${yymmdd}${last4}`)) return null;
  return `${String(year).padStart(4, '0')}${yymmdd.slice(2)}${last4}`;
}
