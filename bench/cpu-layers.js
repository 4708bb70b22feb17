'use strict';
// Aggregates a V8 .cpuprofile (`node --cpu-prof`) by layer of the server, from each frame's URL: the self
// time of every sample taken inside the given time windows goes to the layer of its frame.
//
// A frame of an "anchor" package or file (below) is that layer. Any other frame (node core, helper packages
// such as negotiator, lodash.* or qs, native functions) belongs to the layer that called it: crypto called
// by jsonwebtoken is the application's, negotiator called by Apollo is Apollo's and by Express is the HTTP
// stack's. Node core at the bottom of a stack (event loop, microtask queue, timers) is "node core".
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

const LAYERS = [
  ['http', 'HTTP stack: node:http/net/streams + Express and its middleware, @as-integrations (or Fastify and its plugins)'],
  ['apollo', 'Apollo pipeline: @apollo/*'],
  ['graphql', 'graphql-js: parse, validate, execute (graphql, graphql-scalars)'],
  ['app', 'application: tokengate dist/, type-graphql, jsonwebtoken (bare: its own file, jsonwebtoken)'],
  ['node', 'node core not called from a layer above (event loop, microtasks, timers, async hooks)'],
  ['gc', 'GC: (garbage collector)'],
  ['other', 'other: (program), i.e. V8/native work with no JS frame'],
];

const HTTP_PACKAGES = /^(express|router|body-parser|raw-body|cors|helmet|@as-integrations\/.*|fastify|@fastify\/.*|find-my-way|avvio|light-my-request)$/;
const APP_PACKAGES = /^(type-graphql|jsonwebtoken|jws|jwa|pino|rate-limiter-flexible|bcryptjs|mongoose|mongodb)$/;
const HTTP_BUILTINS = /^node:(_http_\w+|http|https|net|stream|internal\/(http|streams\/|stream_base_commons|js_stream_socket))/;
const BARE_SERVER = path.join(__dirname, 'bare-apollo-express.js');

/** The package a file belongs to (last node_modules segment, scoped names whole), or undefined. */
function packageOf(file) {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const [first, second] = file.slice(at + '/node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** The layer a frame anchors, or undefined when it takes its caller's. */
function anchorLayer({ functionName, url }) {
  if (!url) {
    if (functionName === '(garbage collector)') return 'gc';
    if (functionName === '(program)') return 'other';
    return undefined; // native functions, called from JS
  }
  if (url.startsWith('node:')) return HTTP_BUILTINS.test(url) ? 'http' : undefined;
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const pkg = packageOf(file);
  if (pkg === undefined) {
    if (file.startsWith(path.join(ROOT, 'dist') + path.sep) || file === BARE_SERVER) return 'app';
    return undefined;
  }
  if (/^@apollo\//.test(pkg)) return 'apollo';
  if (pkg === 'graphql' || pkg === 'graphql-scalars') return 'graphql';
  if (HTTP_PACKAGES.test(pkg)) return 'http';
  if (APP_PACKAGES.test(pkg)) return 'app';
  return undefined;
}

/** Layer of every node of the profile's call tree (by node id). */
function layersOf(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const layers = new Map();
  const layerOf = (id) => {
    if (layers.has(id)) return layers.get(id);
    const node = byId.get(id);
    const parent = parentOf.get(id);
    const layer = anchorLayer(node.callFrame) ?? (parent === undefined ? 'node' : layerOf(parent));
    layers.set(id, layer);
    return layer;
  };
  // Parents first, so the recursion stays shallow.
  for (const node of profile.nodes) layerOf(node.id);
  return { layers, byId };
}

/**
 * Self time (µs) per layer of the samples inside `windows` ([{ from, to }], µs of the monotonic clock that
 * V8 and process.hrtime share), and the heaviest functions. (idle) and (root) are left out.
 */
function aggregate(profile, windows) {
  const { layers, byId } = layersOf(profile);
  const perLayer = Object.fromEntries(LAYERS.map(([key]) => [key, 0]));
  const perFunction = new Map();
  let t = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (t += delta));
  for (let i = 0; i < profile.samples.length - 1; i++) {
    if (!windows.some((w) => times[i] >= w.from && times[i] < w.to)) continue;
    const node = byId.get(profile.samples[i]);
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(root)') continue;
    const duration = times[i + 1] - times[i]; // a sample stands for the time until the next one
    const layer = layers.get(node.id);
    perLayer[layer] += duration;
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''} [${layer}]`;
    perFunction.set(name, (perFunction.get(name) ?? 0) + duration);
  }
  const topFunctions = [...perFunction].sort((a, b) => b[1] - a[1]);
  return { perLayer, topFunctions };
}

function shortUrl(url) {
  if (!url) return '';
  const at = url.lastIndexOf('/node_modules/');
  if (at >= 0) return url.slice(at + '/node_modules/'.length);
  return url.replace(`file://${ROOT}/`, '');
}

module.exports = { LAYERS, anchorLayer, aggregate };
