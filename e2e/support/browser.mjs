// Debian's Chromium driven by playwright-core: no browser download, a fresh profile each run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** @returns {Promise<{ context: import('playwright-core').BrowserContext, close: () => Promise<void> }>} */
export async function openBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'tokengate-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1000, height: 800 },
  });
  // Every step takes well under a second here; a failing one should not wait 30 s to say so.
  context.setDefaultTimeout(10_000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Watches a page's /graphql traffic: which operations were sent, and the tokens the server handed out
 * (the app keeps its access token in memory, so the test reads it off the wire to try it afterwards).
 */
export function watchGraphql(page) {
  const traffic = { requests: [], latestPair: undefined };
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    const body = request.postDataJSON() ?? {};
    traffic.requests.push({
      operationName: body.operationName,
      isRefresh: /\brefresh\s*\(/.test(body.query ?? ''),
      authorization: request.headers().authorization,
      at: Date.now(),
    });
  });
  page.on('response', async (response) => {
    if (!response.url().endsWith('/graphql')) return;
    try {
      const data = (await response.json())?.data ?? {};
      const pair = data.register ?? data.login ?? data.refresh;
      if (pair?.accessToken) traffic.latestPair = { ...pair, receivedAt: Date.now() };
    } catch {
      // Not JSON (or the page went away): not a token response.
    }
  });
  return {
    traffic,
    refreshCount: () => traffic.requests.filter((request) => request.isRefresh).length,
    /** Refresh requests sent after `time` (ms since the epoch). */
    refreshesSince: (time) => traffic.requests.filter((request) => request.isRefresh && request.at > time).length,
  };
}

/**
 * Watches a page's GraphQL WebSockets (graphql-transport-ws): for each socket, the connection_init payload it
 * sent, when it was acknowledged, when `sessionEvents` was subscribed, the events it delivered and when it closed.
 */
export function watchSockets(page) {
  const sockets = [];
  page.on('websocket', (ws) => {
    if (!new URL(ws.url()).pathname.endsWith('/graphql')) return;
    const socket = { url: ws.url(), openedAt: Date.now(), init: undefined, ackedAt: undefined, subscribedAt: undefined, events: [], closedAt: undefined };
    sockets.push(socket);
    ws.on('framesent', ({ payload }) => {
      const message = parseFrame(payload);
      if (message?.type === 'connection_init') socket.init = message.payload ?? {};
      if (message?.type === 'subscribe' && /sessionEvents/.test(message.payload?.query ?? '')) socket.subscribedAt ??= Date.now();
    });
    ws.on('framereceived', ({ payload }) => {
      const message = parseFrame(payload);
      if (message?.type === 'connection_ack') socket.ackedAt ??= Date.now();
      const event = message?.type === 'next' ? message.payload?.data?.sessionEvents : undefined;
      if (event) socket.events.push(event);
    });
    ws.on('close', () => {
      socket.closedAt = Date.now();
    });
  });
  return {
    sockets,
    open: () => sockets.filter((socket) => socket.closedAt === undefined),
  };
}

function parseFrame(payload) {
  try {
    return JSON.parse(String(payload));
  } catch {
    return undefined;
  }
}

/** Polls `probe` until it returns something truthy (returned), or fails after `timeoutMs` naming `what`. */
export async function waitUntil(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
