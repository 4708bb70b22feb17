import { ManualClock } from '../../src/lib/clock';
import { connectMongoStores } from '../../src/stores/mongo/mongo.stores';
import type { MongoUserStore } from '../../src/stores/mongo/mongo-user.store';
import type { Stores } from '../../src/stores/stores';
import { LastAdminError } from '../../src/stores/user.store';
import { mongoAvailability, uniqueDatabaseUri } from '../support/mongo-availability';

// MongoDB only: the admin count document (mongo-admin-count.ts) is created from the admins already stored
// (a database from before it existed), and a count that fell behind refuses rather than allows.
const mongo = mongoAvailability();
const describeMongo = mongo.available ? describe : describe.skip;
const title = `MongoDB admin count${mongo.available ? '' : ` — skipped: ${mongo.reason}`}`;

describeMongo(title, () => {
  const clock = new ManualClock();
  let uri: string;
  let stores: Stores;
  beforeEach(async () => {
    uri = uniqueDatabaseUri(mongo.available ? mongo.uri : '', 'admincount');
    stores = await connectMongoStores(uri, clock);
  });
  afterEach(() => stores?.close());

  const model = () => (stores.users as MongoUserStore).model;
  const counters = () => stores.mongo!.client.db(stores.mongo!.dbName).collection<{ _id: string; count: number }>('counters');
  const insertAdmin = async (email: string) => {
    const now = new Date(clock.now());
    const doc = await model().create({ email, name: null, roles: ['USER', 'ADMIN'], tokenVersion: 0, passwordHash: 'h', createdAt: now, updatedAt: now });
    return String(doc._id);
  };

  test('a database without the count gets one from the admins stored, at the next connect', async () => {
    const first = await insertAdmin('first@example.com'); // written around the store: not counted
    const second = await insertAdmin('second@example.com');
    await counters().deleteMany({});
    await stores.close();
    stores = await connectMongoStores(uri, clock);

    await expect(counters().findOne({ _id: 'admins' })).resolves.toEqual({ _id: 'admins', count: 2 });
    await expect(stores.users.setRoles(first, ['USER'])).resolves.toMatchObject({ roles: ['USER'] });
    await expect(stores.users.setRoles(second, ['USER'])).rejects.toBeInstanceOf(LastAdminError);
  });

  test('a count behind the truth refuses a demotion; allowNoAdmin gets past it', async () => {
    const first = await insertAdmin('first@example.com');
    await insertAdmin('second@example.com');
    await counters().updateOne({ _id: 'admins' }, { $set: { count: 1 } }); // e.g. a process died between two writes
    await expect(stores.users.setRoles(first, ['USER'])).rejects.toBeInstanceOf(LastAdminError);
    await expect(stores.users.setRoles(first, ['USER'], { allowNoAdmin: true })).resolves.toMatchObject({ roles: ['USER'] });
    await expect(counters().findOne({ _id: 'admins' })).resolves.toEqual({ _id: 'admins', count: 0 });
  });

  test('a demotion that finds its user already demoted gives the count back', async () => {
    const [a, b, c] = [await insertAdmin('a@example.com'), await insertAdmin('b@example.com'), await insertAdmin('c@example.com')];
    await counters().updateOne({ _id: 'admins' }, { $set: { count: 3 } }, { upsert: true });
    await Promise.all([stores.users.setRoles(a, ['USER']), stores.users.setRoles(a, ['USER'])]);
    await expect(counters().findOne({ _id: 'admins' })).resolves.toEqual({ _id: 'admins', count: 2 });
    await stores.users.setRoles(b, ['USER']);
    await expect(stores.users.setRoles(c, ['USER'])).rejects.toBeInstanceOf(LastAdminError);
  });
});
