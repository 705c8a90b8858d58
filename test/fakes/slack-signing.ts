import { createHmac } from 'node:crypto';

/** Slack's request signature: v0= hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Override the signature header (forgeries); null leaves it out. */
  signature?: string | null;
}

/** POSTs a form-encoded body to the bot as Slack would, signed. Returns the status and the body text. */
export function signedPost(url: string, form: Record<string, string>, opts: SignedPostOptions): Promise<{ status: number; body: string; json: unknown }> {
  return postSigned(url, new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded', opts);
}

/** POSTs a JSON body (Events API callbacks) to the bot as Slack would, signed; extra headers such as X-Slack-Retry-Num. */
export function signedJsonPost(
  url: string,
  payload: unknown,
  opts: SignedPostOptions & { headers?: Record<string, string> },
): Promise<{ status: number; body: string; json: unknown }> {
  return postSigned(url, JSON.stringify(payload), 'application/json', opts, opts.headers);
}

async function postSigned(
  url: string,
  body: string,
  contentType: string,
  opts: SignedPostOptions,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: string; json: unknown }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), ...extra };
  if (opts.signature !== null) headers['x-slack-signature'] = opts.signature ?? slackSignature(opts.secret, ts, body);
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: text, json };
}
