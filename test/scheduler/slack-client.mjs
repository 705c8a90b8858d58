/* global fetch, URLSearchParams */
// The Slack Web API client of the test bots (crash-bot.mjs, replica-bot.mjs): a small fetch client
// for the two methods the notifier calls. Loading Bolt's WebClient would triple a bot's start-up
// time, and the crash test starts its bot 50+ times.

/** A client posting to the recording fake Slack at `apiUrl` (ends with `/`), as `token`. */
export function slackClient(apiUrl, token) {
  async function call(method, params) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined) body.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    const res = await fetch(`${apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body,
    });
    const json = await res.json();
    // The shape of the Slack client's platform error, which the notifier turns into a DeliveryError.
    if (!json.ok) throw Object.assign(new Error(json.error), { code: 'slack_webapi_platform_error', data: json });
    return json;
  }
  return {
    chat: { postMessage: (p) => call('chat.postMessage', p) },
    conversations: { history: (p) => call('conversations.history', p) },
  };
}
