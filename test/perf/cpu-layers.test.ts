import path from 'node:path';
import { pathToFileURL } from 'node:url';

// bench/ is plain JavaScript run without a build step: loaded untyped, with the shape the test relies on.
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
const { aggregate } = require('../../bench/cpu-layers') as {
  aggregate: (profile: Profile, windows: { from: number; to: number }[]) => { perLayer: Record<string, number> };
};

const ROOT = path.resolve(__dirname, '../..');
const modules = (file: string) => pathToFileURL(path.join(ROOT, 'node_modules', file)).href;
const frame = (functionName: string, url = ''): CallFrame => ({ functionName, url, lineNumber: 0 });

// A call tree shaped like a `me` request: [id, parent, frame].
const TREE: [number, number | undefined, CallFrame][] = [
  [1, undefined, frame('(root)')],
  [2, 1, frame('processTicksAndRejections', 'node:internal/process/task_queues')],
  [3, 2, frame('handle', modules('router/index.js'))],
  [4, 3, frame('processGraphQLRequest', modules('@apollo/server/dist/cjs/requestPipeline.js'))],
  [5, 4, frame('preferredMediaTypes', modules('negotiator/index.js'))], // a helper: Apollo's when Apollo calls it
  [6, 4, frame('execute', modules('graphql/execution/execute.js'))],
  [7, 6, frame('me', pathToFileURL(path.join(ROOT, 'dist/graphql/resolvers/auth.resolver.js')).href)],
  [8, 7, frame('digest', 'node:internal/crypto/hash')], // node core: the caller's layer
  [9, 3, frame('writeGeneric', 'node:internal/stream_base_commons')],
  [10, 9, frame('writev')], // native: the caller's layer
  [11, 1, frame('(garbage collector)')],
  [12, 1, frame('(program)')],
  [13, 1, frame('(idle)')],
  [14, 2, frame('runMicrotasks')],
  [15, 3, frame('verify', modules('jsonwebtoken/verify.js'))],
];

function profileOf(samples: number[]): Profile {
  const nodes = TREE.map(([id, , callFrame]) => ({ id, callFrame, children: TREE.filter(([, parent]) => parent === id).map(([child]) => child) }));
  // One sample every 10 µs from t = 1000; the last sample only closes the one before it.
  return { nodes, startTime: 1000, samples: [...samples, 13], timeDeltas: [...samples, 13].map(() => 10) };
}

describe('CPU profile by layer (bench/profile-layers.js)', () => {
  test('gives each frame the layer of its package, and helpers, node core and natives the layer of their caller', () => {
    const { perLayer } = aggregate(profileOf([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), [{ from: 0, to: 1e9 }]);
    expect(perLayer).toEqual({
      http: 30, // router, writeGeneric, writev
      apollo: 20, // processGraphQLRequest, negotiator under it
      graphql: 10,
      app: 30, // our resolver, crypto under it, jsonwebtoken
      node: 10, // runMicrotasks at the bottom of a stack
      gc: 10,
      other: 10, // (program)
    });
  });

  test('counts only the samples inside the windows of load', () => {
    // Samples at 1010, 1020, 1030, 1040: only the middle two are in [1015, 1035).
    const { perLayer } = aggregate(profileOf([3, 6, 11, 7]), [{ from: 1015, to: 1035 }]);
    expect(perLayer).toMatchObject({ http: 0, graphql: 10, gc: 10, app: 0 });
  });
});
