/**
 * A webhook receiver on 127.0.0.1 for notification tests: records each delivered JSON body,
 * answers each POST with the next scripted answer (then 200), or never ("hang"). Its URL ends
 * in a secret-looking path, which logs must never show.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A webhook receiver: answers each POST with the next scripted answer (then 200), or never. */
export interface WebhookReceiver {
  url: string;
  bodies: unknown[];
  attempts: number;
  answers: Array<{ status: number; headers?: Record<string, string> } | "hang">;
  close(): Promise<void>;
}

export async function webhookReceiver(secretPath = "/services/T000/B000/s3cr3t-token"): Promise<WebhookReceiver> {
  const hanging: http.ServerResponse[] = [];
  const r: Omit<WebhookReceiver, "url" | "close"> = { bodies: [], attempts: 0, answers: [] };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      r.attempts++;
      const answer = r.answers.shift() ?? { status: 200 };
      if (answer === "hang") {
        hanging.push(res);
        return;
      }
      if (answer.status === 200) r.bodies.push(JSON.parse(text));
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.status === 200 ? "ok" : `refused at ${secretPath}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}${secretPath}`,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

