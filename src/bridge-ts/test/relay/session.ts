// A relay session as the relay page opens one, for tests: serve() on one end of a real MessageChannel, the page's end
// played by the test (harness/client-end.ts), the service by a fetch the test answers by hand (harness/fake-fetch.ts).

import { after, before, type TestContext } from "node:test";

import { PROTOCOL_VERSION } from "../../src/protocol/messages.js";
import { serve } from "../../src/relay/serve.js";
import type { StorageAccess } from "../../src/relay/storage-access.js";
import type { SitePolicy } from "../../src/relay/config.js";
import { stats, type RelayStats } from "../../src/relay/stats.js";
import { ClientEnd } from "../harness/client-end.js";
import { FetchStub, type FetchCall } from "../harness/fake-fetch.js";
import { FakeLocation, replaceGlobals } from "../harness/fake-window.js";
import { HEADER_RULES, PAGE_ORIGIN, SERVICE_ORIGIN, requestMessage, sitePolicy } from "./fixtures.js";

export const RELAY_PAGE = `${SERVICE_ORIGIN}/bridge/relay.html`;

/** Gives the calling file's tests the relay page's location: serve() allows only URLs on location's origin. */
export function withRelayLocation(): void {
  let restore = (): void => undefined;
  before(() => {
    restore = replaceGlobals({ location: new FakeLocation(RELAY_PAGE) });
  });
  after(() => restore());
}

export interface SessionOptions {
  readonly policy?: SitePolicy;
  readonly transferStreams?: boolean;
  readonly leaving?: () => boolean;
  /** What the relay's document can see of the service's cookies. Default: granted (a same-site frame). */
  readonly storageAccess?: () => Promise<StorageAccess>;
  /** The protocol version the session speaks. Default: this build's own. */
  readonly version?: number;
  /** What the session posts through instead of the channel's own port (a port that cannot transfer streams). */
  readonly wrapPort?: (port: MessagePort) => MessagePort;
}

export interface Session {
  readonly client: ClientEnd;
  readonly service: FetchStub;
  /** Ends the session, as the relay page does when its document leaves. */
  readonly end: () => void;
}

/** A session for a page on PAGE_ORIGIN, ended after the test. */
export function startSession(t: TestContext, options: SessionOptions = {}): Session {
  const channel = new MessageChannel();
  const service = new FetchStub();
  const { end } = serve({
    version: options.version ?? PROTOCOL_VERSION,
    port: options.wrapPort?.(channel.port1) ?? channel.port1,
    fetch: service.fetch,
    parentOrigin: PAGE_ORIGIN,
    policy: options.policy ?? sitePolicy(),
    headers: HEADER_RULES,
    transferStreams: options.transferStreams ?? true,
    leaving: options.leaving ?? (() => false),
    storageAccess: options.storageAccess ?? (async () => "granted"),
  });
  const client = new ClientEnd(channel.port2, options.version);
  t.after(() => {
    end();
    client.close();
  });
  return { client, service, end };
}

/** Sends a request and waits for the fetch it makes. */
export async function requested(session: Session, overrides: Parameters<typeof requestMessage>[0] = {}): Promise<FetchCall> {
  session.client.request(requestMessage(overrides));
  return session.service.nextCall();
}

/** The relay's counters of messages and requests from now on. */
export function counters(): () => Pick<RelayStats, "ignoredMessages" | "refusedRequests" | "relayedRequests"> {
  const start = { ...stats };
  return () => ({
    ignoredMessages: stats.ignoredMessages - start.ignoredMessages,
    refusedRequests: stats.refusedRequests - start.refusedRequests,
    relayedRequests: stats.relayedRequests - start.relayedRequests,
  });
}
