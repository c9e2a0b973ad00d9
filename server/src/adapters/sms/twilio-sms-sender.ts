import { SmsDeliveryError, type SmsSender } from '../../ports/sms-sender.ts';

export interface TwilioSmsOptions {
  /**
   * `https://<account SID>:<auth token>@api.twilio.com` (SMS_URL). Another host speaking the same API (a regional
   * edge, a compatible gateway, a test's server) works alike.
   */
  url: string;
  /** Sender: a Twilio number in E.164, an alphanumeric sender ID, or a messaging service SID (`MG…`). */
  from: string;
  /** Gives up on a gateway that does not answer within this time; the flow then answers with an error. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Sends SMS through Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, HTTP
 * Basic auth): the one real-protocol SMS adapter. Resolves once Twilio accepted the message (201).
 */
export function createTwilioSmsSender(options: TwilioSmsOptions): SmsSender {
  const url = new URL(options.url);
  const accountSid = decodeURIComponent(url.username);
  const authToken = decodeURIComponent(url.password);
  if (!accountSid || !authToken) throw new Error('SMS_URL must carry the account SID and auth token: https://SID:TOKEN@api.twilio.com');
  const endpoint = `${url.protocol}//${url.host}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${accountSid}:${authToken}`)}`;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const senderField = options.from.startsWith('MG') ? 'MessagingServiceSid' : 'From';

  return {
    async send(sms) {
      let response: Response;
      try {
        response = await fetchFn(endpoint, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ To: sms.to, Body: sms.text, [senderField]: options.from }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new SmsDeliveryError(`The SMS gateway ${url.host} could not be reached`, { cause: error });
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.status !== 201 && response.status !== 200) {
        // Twilio's error body: { code, message, more_info, status }. Never the message text or the number.
        const detail = body && typeof body === 'object' && 'message' in body ? `: ${String(body.message)}` : '';
        throw new SmsDeliveryError(`The SMS gateway refused the message (${response.status})${detail}`);
      }
    },
  };
}

/** SMS_URL without its credentials, for the start banner. */
export function describeSmsUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}`;
}
