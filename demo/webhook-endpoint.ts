/**
 * The merchant's side of webhooks in the demo: one node:http endpoint, `POST /webhooks/<connector>`,
 * with the client's verifying handler for each connector, and what it received.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookEvent } from "../protocol/index.js";
import type { ConnectorName, NodeWebhookHandler, PaymentsClient } from "../client/index.js";
import type { Target } from "./scenario.js";

/** What the merchant's endpoint received, per connector. */
export class WebhookInbox {
  readonly events = new Map<string, WebhookEvent[]>();
  readonly rejected = new Map<string, string[]>();

  add(connector: string, event: WebhookEvent): void {
    this.events.set(connector, [...(this.events.get(connector) ?? []), event]);
  }

  reject(connector: string, reason: string): void {
    this.rejected.set(connector, [...(this.rejected.get(connector) ?? []), reason]);
  }
}

/** The merchant's webhook endpoint: `POST /webhooks/<connector>`, one verifying handler each. */
export async function startWebhookEndpoint(
  client: PaymentsClient,
  inbox: WebhookInbox,
  secrets: Record<string, { webhookSecret?: string }>,
  targetOf: (connector: string) => Target | undefined,
): Promise<{ url: string; close: () => Promise<void> }> {
  // One handler per connector, made at its first delivery (when the processor's URL is known).
  const handlers = new Map<string, Promise<NodeWebhookHandler | undefined>>();
  const handlerFor = (connector: string) => {
    if (!handlers.has(connector)) handlers.set(connector, makeHandler(connector));
    return handlers.get(connector)!;
  };
  const makeHandler = async (connector: string): Promise<NodeWebhookHandler | undefined> => {
    const webhookSecret = secrets[connector]?.webhookSecret;
    if (!webhookSecret) return undefined;
    const common = {
      connector: connector as ConnectorName, // a name listConnectors gave
      onEvent: (event: WebhookEvent) => inbox.add(connector, event),
      onRejected: ({ status, reason }: { status: number; reason: string }) => inbox.reject(connector, `${status} ${reason}`),
    };
    const info = (await client.connectors()).find((c) => c.name === connector);
    if (info?.webhookVerification === "remote") {
      // PayPal: the client asks PayPal (verifyWebhook) with its own access token.
      const target = targetOf(connector);
      return client.webhookHandler({ ...common, verify: { webhookId: webhookSecret, auth: target?.auth ?? {} }, ...(target?.options ? { options: target.options } : {}) });
    }
    return client.webhookHandler({ ...common, secret: webhookSecret, url: `${url}/${connector}` }); // Square signs the URL as registered
  };
  const server: Server = createServer((req, res) => {
    const connector = /^\/webhooks\/([a-z0-9_-]+)/.exec(req.url ?? "")?.[1];
    void (connector ? handlerFor(connector) : Promise.resolve(undefined)).then(
      (handler) => (handler ? handler(req, res) : res.writeHead(404).end()),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
