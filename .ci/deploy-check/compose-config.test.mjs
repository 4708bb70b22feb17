// compose.yaml and the Dockerfile cannot run here (no Docker engine); what can be checked without one is that
// they agree with tokengate and with each other: the tokengate services' environment, with the operator's env
// file filled in, passes tokengate's own configuration validation in production (dist/config/config.js), only
// nginx publishes a port, nginx's upstream list names exactly the tokengate services on their port, and the
// image starts what .ci/deploy-check.sh starts. Run by .ci/deploy-check.sh (needs dist/).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'package.json'));
// `yaml` is in the tree through patch-package (a dependency); merge keys (<<) as compose reads them.
const { parse } = require('yaml');
const { loadConfig } = require(path.join(ROOT, 'dist/config/config.js'));

const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
const compose = parse(read('compose.yaml'), { merge: true });
const services = compose.services;
const tokengateServices = Object.entries(services).filter(([, service]) => service.image === 'tokengate:local');
const envFileExample = parseEnv(read('deploy/tokengate.env.example'));

/** What a tokengate container's process sees: the env file, then compose's `environment` (which wins). */
const containerEnv = (service, envFile) => ({ ...envFile, ...service.environment });

test('compose has a MongoDB replica set, its one-shot initiation, two or more tokengate services and nginx', () => {
  assert.equal(services.mongo.image, 'mongo:8');
  assert.deepEqual(services.mongo.command.slice(0, 3), ['mongod', '--replSet', 'rs0']);
  assert.equal(services['mongo-init'].restart, 'no');
  assert.match(services['mongo-init'].command.join(' '), /rs\.initiate\(\{ _id: 'rs0'/);
  assert.ok(tokengateServices.length >= 2, 'at least two tokengate services');
  for (const [name, service] of tokengateServices) {
    assert.equal(service.build, '.', `${name} is built from the Dockerfile`);
    assert.equal(service.env_file, 'deploy/tokengate.env', `${name} reads the operator's env file`);
    assert.equal(service.depends_on['mongo-init'].condition, 'service_completed_successfully');
    assert.match(service.environment.MONGODB_URI, /^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/);
    assert.equal(service.environment.TRUST_PROXY, '1');
  }
});

test("the tokengate services' environment, with the env file filled in, is a valid production configuration", () => {
  const filled = {
    ...envFileExample,
    JWT_SECRET: randomBytes(48).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    MAIL_TRANSPORT: 'disabled',
  };
  for (const [name, service] of tokengateServices) {
    const config = loadConfig(containerEnv(service, filled));
    assert.equal(config.nodeEnv, 'production', name);
    assert.equal(config.store, 'mongodb', name);
    assert.equal(config.http.trustProxy, 1, name);
    assert.equal(config.operations.metrics.mode, 'port', name);
    assert.ok(config.mfa.keys.current, `${name}: two-factor authentication is available`);
  }
});

test('the env file as shipped does not start: the operator must choose the secrets and the mail transport', () => {
  const [, service] = tokengateServices[0];
  assert.throws(() => loadConfig(containerEnv(service, envFileExample)), (error) => {
    assert.match(error.message, /JWT_SECRET is required when NODE_ENV=production/);
    assert.match(error.message, /SMTP_URL is required when NODE_ENV=production/);
    return true;
  });
});

test('only nginx publishes a port (the web example, a profile of its own, aside)', () => {
  for (const [name, service] of Object.entries(services)) {
    if (name === 'nginx' || service.profiles?.includes('web')) continue;
    assert.equal(service.ports, undefined, `${name} publishes no port`);
  }
  assert.deepEqual(services.nginx.ports, ['${TOKENGATE_HTTP_PORT:-8080}:80']);
  assert.equal(read('deploy/nginx/compose/listen.conf').match(/^listen (\d+);$/m)?.[1], '80');
});

test("nginx mounts the checked configuration, and its upstream list is exactly the tokengate services' port", () => {
  assert.deepEqual(services.nginx.volumes, [
    './deploy/nginx/tokengate.conf:/etc/nginx/conf.d/default.conf:ro',
    './deploy/nginx/compose:/etc/nginx/tokengate:ro',
  ]);
  const upstreams = [...read('deploy/nginx/compose/upstream-servers.conf').matchAll(/^server ([\w.-]+):(\d+);$/gm)];
  assert.deepEqual(upstreams.map(([, host]) => host).sort(), tokengateServices.map(([name]) => name).sort());
  for (const [name, service] of tokengateServices) {
    assert.ok(upstreams.every(([, , port]) => port === service.environment.PORT), `${name} listens where nginx sends`);
    assert.equal(services.nginx.depends_on[name].condition, 'service_healthy');
  }
});

test('the image: node:20-bookworm-slim, production install, non-root, liveness probe, the same command as the check', () => {
  const dockerfile = read('Dockerfile');
  assert.match(dockerfile, /^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
  assert.equal(dockerfile.match(/^FROM \$\{NODE_IMAGE\} AS \w+$/gm)?.length, 2, 'two stages on that image');
  assert.match(dockerfile, /^RUN npm ci --omit=dev /m);
  assert.match(dockerfile, /^ENV NODE_ENV=production/m);
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /^HEALTHCHECK .*\n?.*\/health\/live/m);
  assert.match(dockerfile, /^CMD \["node", "dist\/index\.js"\]$/m);
  const exposed = dockerfile.match(/^EXPOSE (\d+)$/m)?.[1];
  for (const [, service] of tokengateServices) assert.equal(service.environment.PORT, exposed);
  // What the runtime stage copies is what the check's production tree holds.
  for (const copied of ['package.json package-lock.json ./', 'patches ./patches', 'assets ./assets', '--from=build /app/dist ./dist']) {
    assert.ok(dockerfile.includes(`COPY ${copied}`), `the image copies ${copied}`);
  }
});
