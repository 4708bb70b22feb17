'use strict';
// Preloaded (`node -r`) into a real tokengate process started by test/support/server-process.ts, to stage
// what a test about start-up needs around the in-memory store, without changing the server's code:
//   TOKENGATE_HOOK_SEED_USERS   JSON array of users already in the store (as a previous run left them)
//   TOKENGATE_HOOK_HOLD_LOOKUP  "1": the first findByEmail waits until the parent sends "release"
//                               (after telling it "held"), so a test can act while that lookup is pending.
const path = require('node:path');

const build = process.env.TOKENGATE_HOOK_BUILD;
const memory = require(path.join(build, 'stores/memory/memory.stores.js'));
const createMemoryStores = memory.createMemoryStores;

memory.createMemoryStores = (clock) => {
  const stores = createMemoryStores(clock);
  for (const user of JSON.parse(process.env.TOKENGATE_HOOK_SEED_USERS || '[]')) {
    void stores.users.create({ name: null, ...user }); // the memory store inserts synchronously
  }
  if (process.env.TOKENGATE_HOOK_HOLD_LOOKUP === '1') {
    const findByEmail = stores.users.findByEmail.bind(stores.users);
    let first = true;
    stores.users.findByEmail = async (email) => {
      if (first) {
        first = false;
        await new Promise((resolve) => {
          process.on('message', (message) => message === 'release' && resolve());
          process.send('held');
        });
        process.channel?.unref();
      }
      return findByEmail(email);
    };
  }
  return stores;
};
