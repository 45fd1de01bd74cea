import "server-only";

/**
 * A webhook URL as logs and errors may show it: scheme and host only. The path of a Slack
 * incoming webhook (https://hooks.slack.com/services/T…/B…/<secret>) is its credential, and
 * other receivers put tokens in the path, the query or the user part: none of it is shown.
 */
export function redactWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "(a malformed URL)";
  }
}

/** A message (an error's, the receiver's answer) with every occurrence of the URL, or of its path, redacted. */
export function withoutWebhookUrl(text: string, url: string): string {
  let out = text.split(url).join(redactWebhookUrl(url));
  try {
    const u = new URL(url);
    const secret = `${u.pathname}${u.search}`;
    if (secret.length > 1) out = out.split(secret).join("/…");
    if (u.password) out = out.split(u.password).join("…");
  } catch {
    // Not a URL: nothing more to find.
  }
  return out;
}
