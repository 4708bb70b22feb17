// Some registry mirrors serve only a package's Linux native bindings, so `npm install` writes a
// package-lock.json without the other platforms' optional packages and `npm ci` then refuses it as out
// of sync. This adds the missing optional entries (platform-guarded, so no platform installs another's)
// from the parent package's optionalDependencies. Run after `npm install`: node scripts/complete-lockfile.js
const fs = require('node:fs');

const LOCK = 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

// os / cpu / libc from binding names such as resolver-binding-linux-arm-musleabihf or -win32-x64-msvc.
function platformOf(name) {
  const match = /-(android|darwin|freebsd|linux|openharmony|win32)-([a-z0-9]+)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi))?$/.exec(name);
  if (!match) return undefined;
  const [, os, cpu, abi] = match;
  const entry = { os: [os], cpu: [cpu] };
  if (abi && abi.startsWith('musl')) entry.libc = ['musl'];
  if (abi && abi.startsWith('gnu')) entry.libc = ['glibc'];
  return entry;
}

let added = 0;
for (const [location, meta] of Object.entries(packages)) {
  for (const [dependency, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const target = `node_modules/${dependency}`;
    if (packages[target] || packages[`${location}/${target}`]) continue;
    const platform = platformOf(dependency);
    if (!platform) continue;
    packages[target] = { version, dev: meta.dev || undefined, optional: true, ...platform };
    added += 1;
  }
}
fs.writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform-specific optional entries`);
