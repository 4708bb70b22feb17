import Bowser from 'bowser';

/** User agents longer than this are not parsed (nothing real is): a bound on the work a header can cause. */
const MAX_USER_AGENT_LENGTH = 1024;
/** A non-browser client's first product token: "curl/8.5.0", "okhttp/4.12.0", "MyApp/2.1 (iOS)". */
const PRODUCT_TOKEN = /^([A-Za-z][\w.-]{0,49})(?:\/([\w.-]{1,30}))?/;

interface ParsedAgent {
  browser?: string;
  browserVersion?: string;
  os?: string;
  osVersion?: string;
}

function parse(userAgent: string | null | undefined): ParsedAgent {
  if (!userAgent || userAgent.trim() === '' || userAgent.length > MAX_USER_AGENT_LENGTH) return {};
  const { browser, os } = Bowser.parse(userAgent);
  if (browser.name || os.name) {
    return { browser: browser.name || undefined, browserVersion: browser.version, os: os.name, osVersion: os.versionName ?? os.version };
  }
  const product = PRODUCT_TOKEN.exec(userAgent.trim());
  return product ? { browser: product[1], browserVersion: product[2] } : {};
}

const major = (version: string | undefined): string | undefined => version?.split('.')[0] || undefined;

/** A readable label for a session list: "Chrome 120 on Windows 10", "curl 8", or "Unknown device". */
export function deviceLabel(userAgent: string | null | undefined): string {
  const agent = parse(userAgent);
  if (!agent.browser && !agent.os) return 'Unknown device';
  const browser = [agent.browser ?? 'Unknown browser', major(agent.browserVersion)].filter(Boolean).join(' ');
  return agent.os ? `${browser} on ${[agent.os, agent.osVersion].filter(Boolean).join(' ')}` : browser;
}

/**
 * What SESSION_BINDING=user-agent compares: the browser family and the operating system, without versions
 * (the raw string changes with every browser update). "Firefox on Linux", "curl on unknown".
 */
export function userAgentFamily(userAgent: string | null | undefined): string {
  const agent = parse(userAgent);
  return `${agent.browser ?? 'unknown'} on ${agent.os ?? 'unknown'}`;
}

/** The device label of the client that acted (events' `device`), when the change came with a User-Agent. */
export const actingDevice = (request: { userAgent?: string } | undefined): string | null =>
  request?.userAgent ? deviceLabel(request.userAgent) : null;
