import type { NewLinkToken } from '../../src/stores/link-token.store';
import type { MongoUserStore } from '../../src/stores/mongo/mongo-user.store';
import type { RevocationStamp, RevokedToken } from '../../src/stores/revoked-token.store';
import type { Stores } from '../../src/stores/stores';
import { DuplicateEmailError, LastAdminError, type NewUser } from '../../src/stores/user.store';
import { describeBackend, ManualClock, storeBackends } from '../support/test-stores';
import { sessionStoreContract } from './contracts/session-store.contract';
import { signInDeviceStoreContract } from './contracts/sign-in-device-store.contract';
import { liveEventStoreContract } from './contracts/live-event-store.contract';

// One contract, every backend: what the services rely on, whatever keeps the data.
const UNKNOWN_IDS = ['nope', '0123456789abcdef01234567'];
const MINUTE_MS = 60_000;
/** The jtis of a revocation feed, sorted. */
const jtisOf = (feed: RevocationStamp[]): string[] => feed.map((entry) => entry.jti).sort();
const idsOf = (feed: Array<{ id: string }>): string[] => feed.map((entry) => entry.id);

let counter = 0;
const newUser = (overrides: Partial<NewUser> = {}): NewUser => ({
  email: `contract-${++counter}@example.com`,
  name: 'Ada',
  roles: ['USER'],
  passwordHash: '$2b$04$hash-of-the-first-password',
  ...overrides,
});

/** Settles every promise and counts the outcomes, so a race can be judged as a whole. */
async function settle<T>(promises: Array<Promise<T>>): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    values: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])),
  };
}

for (const backend of storeBackends()) {
  describeBackend(backend, 'store contract', () => {
    // The clock starts at the real now: MongoDB's TTL monitor runs on real time and must not
    // remove revocations that the test still expects to find.
    let clock: ManualClock;
    let stores: Stores;
    beforeEach(async () => {
      clock = new ManualClock();
      stores = await backend.open(clock, 'contract');
    });
    afterEach(() => stores?.close());

    test('isHealthy answers true while open', async () => {
      await expect(stores.isHealthy()).resolves.toBe(true);
    });

    describe('users', () => {
      test('create returns the stored record, and findById and findByEmail return the same', async () => {
        const input = newUser({ name: null, roles: ['USER', 'ADMIN'] });
        const created = await stores.users.create(input);
        expect(created).toEqual({
          ...input,
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          tokenVersion: 0,
          createdAt: new Date(clock.now()),
          emailVerified: false,
        });
        await expect(stores.users.findById(created.id)).resolves.toEqual(created);
        await expect(stores.users.findByEmail(input.email)).resolves.toEqual(created);
      });

      test('records are copies: mutating a returned record or the input never changes the store', async () => {
        const input = newUser({ roles: ['USER'] });
        const created = await stores.users.create(input);
        input.roles.push('INPUT');
        created.roles.push('CREATED');
        const found = await stores.users.findById(created.id);
        found!.roles.push('FOUND');
        found!.createdAt.setTime(0);
        const updated = await stores.users.setRoles(created.id, ['EDITOR']);
        updated!.roles.push('UPDATED');

        const fresh = await stores.users.findByEmail(input.email);
        expect(fresh!.roles).toEqual(['EDITOR']);
        expect(fresh!.createdAt).toEqual(new Date(clock.now()));
      });

      test('a second create with the same email throws DuplicateEmailError and changes nothing', async () => {
        const first = await stores.users.create(newUser({ email: 'taken@example.com' }));
        await expect(stores.users.create(newUser({ email: 'taken@example.com', name: 'Eve' }))).rejects.toBeInstanceOf(
          DuplicateEmailError,
        );
        await expect(stores.users.findByEmail('taken@example.com')).resolves.toEqual(first);
        await expect(stores.users.list({ limit: 10, offset: 0 })).resolves.toHaveLength(1);
      });

      test('20 concurrent creates of one email: exactly one succeeds, the rest get DuplicateEmailError', async () => {
        const email = 'race@example.com';
        const { values, errors } = await settle(
          Array.from({ length: 20 }, (_, i) => stores.users.create(newUser({ email, name: `racer ${i}` }))),
        );
        expect(values).toHaveLength(1);
        expect(errors).toHaveLength(19);
        for (const error of errors) expect(error).toBeInstanceOf(DuplicateEmailError);
        await expect(stores.users.findByEmail(email)).resolves.toEqual(values[0]);
        await expect(stores.users.list({ limit: 50, offset: 0 })).resolves.toHaveLength(1);
      });

      test.each(UNKNOWN_IDS)('findById(%p) returns null', async (id) => {
        await stores.users.create(newUser());
        await expect(stores.users.findById(id)).resolves.toBeNull();
      });

      test('an existing id in another spelling (upper case, 12-byte string) finds nothing', async () => {
        const user = await stores.users.create(newUser());
        await expect(stores.users.findById(user.id.toUpperCase())).resolves.toBeNull();
        await expect(stores.users.findById('abcdefghijkl')).resolves.toBeNull();
      });

      test('findByEmail of an unknown email returns null', async () => {
        await expect(stores.users.findByEmail('nobody@example.com')).resolves.toBeNull();
      });

      test('list pages through users oldest first with limit and offset', async () => {
        const emails: string[] = [];
        for (let i = 0; i < 5; i++) {
          emails.push((await stores.users.create(newUser())).email);
          clock.advanceSeconds(1);
        }
        const page = async (limit: number, offset: number) =>
          (await stores.users.list({ limit, offset })).map((user) => user.email);

        await expect(page(2, 0)).resolves.toEqual(emails.slice(0, 2));
        await expect(page(2, 2)).resolves.toEqual(emails.slice(2, 4));
        await expect(page(10, 4)).resolves.toEqual(emails.slice(4));
        await expect(page(10, 5)).resolves.toEqual([]);
        await expect(page(10, 0)).resolves.toEqual(emails);
      });

      test('setRoles replaces the roles and returns the updated record', async () => {
        const user = await stores.users.create(newUser({ roles: ['USER'] }));
        const updated = await stores.users.setRoles(user.id, ['ADMIN', 'USER']);
        expect(updated).toEqual({ ...user, roles: ['ADMIN', 'USER'] });
        await expect(stores.users.findById(user.id)).resolves.toEqual(updated);
        await stores.users.create(newUser({ roles: ['ADMIN'] })); // another admin, so this one may lose ADMIN
        await expect(stores.users.setRoles(user.id, [])).resolves.toEqual({ ...user, roles: [] });
      });

      test('incrementTokenVersion raises the version by one each call and returns the updated record', async () => {
        const user = await stores.users.create(newUser());
        await expect(stores.users.incrementTokenVersion(user.id)).resolves.toEqual({ ...user, tokenVersion: 1 });
        await expect(stores.users.incrementTokenVersion(user.id)).resolves.toEqual({ ...user, tokenVersion: 2 });
        await expect(stores.users.findById(user.id)).resolves.toEqual({ ...user, tokenVersion: 2 });
      });

      test('changePassword replaces the hash and raises the token version in one step', async () => {
        const user = await stores.users.create(newUser());
        const changed = await stores.users.changePassword(user.id, '$2b$04$hash-of-the-second-password');
        expect(changed).toEqual({ ...user, passwordHash: '$2b$04$hash-of-the-second-password', tokenVersion: 1 });
        await expect(stores.users.findById(user.id)).resolves.toEqual(changed);
      });

      test('replacePasswordHash replaces the hash only while it is the expected one, and keeps the token version', async () => {
        const user = await stores.users.create(newUser());
        clock.advanceSeconds(10);
        const since = new Date(clock.now());
        await expect(stores.users.replacePasswordHash(user.id, '$2b$04$not-the-stored-hash', '$argon2id$v=19$new')).resolves.toBe(false);
        await expect(stores.users.findById(user.id)).resolves.toEqual(user);
        await expect(stores.users.replacePasswordHash(user.id, user.passwordHash, '$argon2id$v=19$new')).resolves.toBe(true);
        await expect(stores.users.findById(user.id)).resolves.toEqual({ ...user, passwordHash: '$argon2id$v=19$new' });
        // Not on the change feed: the same password, so a cached copy of the old hash still checks it.
        await expect(stores.users.changedSince(since)).resolves.toEqual([]);
        // The old hash is no longer the expected one: a second upgrade from it is refused.
        await expect(stores.users.replacePasswordHash(user.id, user.passwordHash, '$argon2id$v=19$other')).resolves.toBe(false);
        for (const id of UNKNOWN_IDS) await expect(stores.users.replacePasswordHash(id, user.passwordHash, 'x')).resolves.toBe(false);
      });

      test('replacePasswordHash racing a password change: the change is never undone', async () => {
        const user = await stores.users.create(newUser());
        const [replaced, changed] = await Promise.all([
          stores.users.replacePasswordHash(user.id, user.passwordHash, '$argon2id$v=19$upgrade'),
          stores.users.changePassword(user.id, '$argon2id$v=19$changed'),
        ]);
        expect(changed).not.toBeNull();
        const stored = await stores.users.findById(user.id);
        // Either order is possible; what is impossible is the upgrade of the old password landing after the change.
        expect(stored!.passwordHash).toBe('$argon2id$v=19$changed');
        expect(stored!.tokenVersion).toBe(1);
        expect(typeof replaced).toBe('boolean');
        await expect(stores.users.replacePasswordHash(user.id, user.passwordHash, '$argon2id$v=19$late')).resolves.toBe(false);
        await expect(stores.users.findById(user.id)).resolves.toEqual(stored);
      });

      test('replacePasswordHash answers by the expected hash, not by whether the stored bytes changed', async () => {
        const user = await stores.users.create(newUser());
        // MongoDB's modifiedCount is 0 for a write of the same value: the answer must come from the match.
        await expect(stores.users.replacePasswordHash(user.id, user.passwordHash, user.passwordHash)).resolves.toBe(true);
        await expect(stores.users.findById(user.id)).resolves.toEqual(user);
      });

      test('hasPasswordHashWithPrefix tells whether any stored hash starts with one of the prefixes', async () => {
        await expect(stores.users.hasPasswordHashWithPrefix(['$2a$', '$2b$'])).resolves.toBe(false);
        const user = await stores.users.create(newUser({ passwordHash: '$argon2id$v=19$m=1024,t=1,p=1$salt$hash' }));
        await expect(stores.users.hasPasswordHashWithPrefix(['$2a$', '$2b$'])).resolves.toBe(false);
        await expect(stores.users.hasPasswordHashWithPrefix(['$argon2id$'])).resolves.toBe(true);
        // Prefixes are literals, not patterns: "$" and "." match only themselves, and only at the start.
        await expect(stores.users.hasPasswordHashWithPrefix(['$argon2'.slice(1), 'argon2id', '.*'])).resolves.toBe(false);
        await stores.users.create(newUser({ passwordHash: '$2b$04$hash-of-the-first-password' }));
        await expect(stores.users.hasPasswordHashWithPrefix(['$2a$', '$2b$'])).resolves.toBe(true);
        await stores.users.replacePasswordHash(user.id, user.passwordHash, '$2y$04$now-bcrypt');
        await expect(stores.users.hasPasswordHashWithPrefix(['$2y$'])).resolves.toBe(true);
        await expect(stores.users.hasPasswordHashWithPrefix([])).resolves.toBe(false);
      });

      test.each(UNKNOWN_IDS)('updates of unknown id %p return null and create nothing', async (id) => {
        await expect(stores.users.setRoles(id, ['ADMIN'])).resolves.toBeNull();
        await expect(stores.users.incrementTokenVersion(id)).resolves.toBeNull();
        await expect(stores.users.changePassword(id, 'hash')).resolves.toBeNull();
        await expect(stores.users.list({ limit: 10, offset: 0 })).resolves.toEqual([]);
      });

      test('changedSince lists users created or changed at or after the time, and no others', async () => {
        const old = await stores.users.create(newUser());
        const untouched = await stores.users.create(newUser());
        clock.advanceSeconds(10);
        const since = new Date(clock.now());
        const created = await stores.users.create(newUser());
        await stores.users.setRoles(old.id, ['ADMIN']);
        const feed = await stores.users.changedSince(since);
        expect(feed.map((entry) => entry.id).sort()).toEqual([created.id, old.id].sort());
        expect(feed.map((entry) => entry.id)).not.toContain(untouched.id);
        // Each with its stamp: the clock of the write (cache-sync lag is measured from it).
        expect(feed.map((entry) => entry.updatedAt.getTime())).toEqual([since.getTime(), since.getTime()]);
        await expect(stores.users.changedSince(new Date(clock.now() + 1))).resolves.toEqual([]);
      });

      test.each(['incrementTokenVersion', 'changePassword'] as const)('%s puts the user on the change feed', async (method) => {
        const user = await stores.users.create(newUser());
        clock.advanceSeconds(10);
        const since = new Date(clock.now());
        await expect(stores.users.changedSince(since)).resolves.toEqual([]);
        if (method === 'incrementTokenVersion') await stores.users.incrementTokenVersion(user.id);
        else await stores.users.changePassword(user.id, '$2b$04$another-hash');
        await expect(stores.users.changedSince(since)).resolves.toEqual([{ id: user.id, updatedAt: since }]);
      });
    });

    // Two-factor authentication: every transition is one conditional update, so races have one winner.
    describe('TOTP factor and recovery codes', () => {
      const SEALED = 'v1.kid.iv.first-secret.tag';
      const enrolled = async (hashes = ['h1', 'h2', 'h3']) => {
        const user = await stores.users.create(newUser());
        await stores.users.startTotpEnrollment(user.id, SEALED);
        return (await stores.users.enableTotp(user.id, { encryptedSecret: SEALED, step: 100, recoveryCodeHashes: hashes }))!;
      };

      test('a new user has no factor; startTotpEnrollment stores a pending one, and starting again replaces it', async () => {
        const user = await stores.users.create(newUser());
        expect(user.totp).toBeUndefined();
        expect(user.recoveryCodeHashes).toBeUndefined();
        const pending = await stores.users.startTotpEnrollment(user.id, SEALED);
        expect(pending).toEqual({ ...user, totp: { encryptedSecret: SEALED, enabledAt: null, lastUsedStep: 0 } });
        await expect(stores.users.findById(user.id)).resolves.toEqual(pending);
        const again = await stores.users.startTotpEnrollment(user.id, 'v1.kid.iv.second.tag');
        expect(again?.totp?.encryptedSecret).toBe('v1.kid.iv.second.tag');
      });

      test('enableTotp turns on the pending factor with that secret, spends the step and stores the hashes', async () => {
        const user = await stores.users.create(newUser());
        await stores.users.startTotpEnrollment(user.id, SEALED);
        await expect(stores.users.enableTotp(user.id, { encryptedSecret: 'v1.other', step: 5, recoveryCodeHashes: ['h'] })).resolves.toBeNull();
        const enabled = await stores.users.enableTotp(user.id, { encryptedSecret: SEALED, step: 5, recoveryCodeHashes: ['h1', 'h2'] });
        expect(enabled).toEqual({ ...user, totp: { encryptedSecret: SEALED, enabledAt: new Date(clock.now()), lastUsedStep: 5 }, recoveryCodeHashes: ['h1', 'h2'] });
        await expect(stores.users.findById(user.id)).resolves.toEqual(enabled);
        // Confirmed twice: the second finds nothing pending.
        await expect(stores.users.enableTotp(user.id, { encryptedSecret: SEALED, step: 6, recoveryCodeHashes: ['x'] })).resolves.toBeNull();
        // Enrolling again while on: refused, nothing replaced.
        await expect(stores.users.startTotpEnrollment(user.id, 'v1.kid.iv.new.tag')).resolves.toBeNull();
        await expect(stores.users.findById(user.id)).resolves.toEqual(enabled);
      });

      test('enableTotp without a pending factor returns null', async () => {
        const user = await stores.users.create(newUser());
        await expect(stores.users.enableTotp(user.id, { encryptedSecret: SEALED, step: 5, recoveryCodeHashes: [] })).resolves.toBeNull();
      });

      test('recordTotpStep accepts only a step after the last one used', async () => {
        const user = await enrolled();
        await expect(stores.users.recordTotpStep(user.id, 100)).resolves.toBeNull();
        await expect(stores.users.recordTotpStep(user.id, 99)).resolves.toBeNull();
        await expect(stores.users.recordTotpStep(user.id, 101)).resolves.toMatchObject({ totp: { lastUsedStep: 101 } });
        await expect(stores.users.findById(user.id)).resolves.toMatchObject({ totp: { lastUsedStep: 101 } });
      });

      test('recordTotpStep: 10 concurrent uses of one step, exactly one wins', async () => {
        const user = await enrolled();
        const { values } = await settle(Array.from({ length: 10 }, () => stores.users.recordTotpStep(user.id, 200)));
        expect(values.filter(Boolean)).toHaveLength(1);
      });

      test('recordTotpStep of a pending (not enabled) factor returns null', async () => {
        const user = await stores.users.create(newUser());
        await stores.users.startTotpEnrollment(user.id, SEALED);
        await expect(stores.users.recordTotpStep(user.id, 500)).resolves.toBeNull();
      });

      test('useRecoveryCode removes that hash once; 10 concurrent uses of one code, exactly one wins', async () => {
        const user = await enrolled(['h1', 'h2', 'h3']);
        await expect(stores.users.useRecoveryCode(user.id, 'h2')).resolves.toMatchObject({ recoveryCodeHashes: ['h1', 'h3'] });
        await expect(stores.users.useRecoveryCode(user.id, 'h2')).resolves.toBeNull();
        await expect(stores.users.useRecoveryCode(user.id, 'unknown')).resolves.toBeNull();
        const { values } = await settle(Array.from({ length: 10 }, () => stores.users.useRecoveryCode(user.id, 'h3')));
        expect(values.filter(Boolean)).toHaveLength(1);
        await expect(stores.users.findById(user.id)).resolves.toMatchObject({ recoveryCodeHashes: ['h1'] });
      });

      test('replaceRecoveryCodes replaces the list while 2FA is on, and returns null otherwise', async () => {
        const user = await enrolled(['h1']);
        await expect(stores.users.replaceRecoveryCodes(user.id, ['n1', 'n2'])).resolves.toMatchObject({ recoveryCodeHashes: ['n1', 'n2'] });
        const plain = await stores.users.create(newUser());
        await expect(stores.users.replaceRecoveryCodes(plain.id, ['n1'])).resolves.toBeNull();
        await expect(stores.users.findById(plain.id)).resolves.toEqual(plain);
      });

      test('reencryptTotpSecret replaces the sealed secret only when it is still the one read', async () => {
        const user = await enrolled();
        await expect(stores.users.reencryptTotpSecret(user.id, 'v1.stale', 'v1.new')).resolves.toBeNull();
        await expect(stores.users.reencryptTotpSecret(user.id, SEALED, 'v1.new')).resolves.toMatchObject({ totp: { encryptedSecret: 'v1.new', lastUsedStep: 100 } });
        await expect(stores.users.reencryptTotpSecret(user.id, SEALED, 'v1.newer')).resolves.toBeNull();
      });

      test('a pending factor (enabledAt null) is not 2FA on: no step, code, new codes or disabling', async () => {
        const user = await stores.users.create(newUser());
        const pending = await stores.users.startTotpEnrollment(user.id, SEALED);
        // A stored null, unlike a missing factor: on MongoDB { $ne: null } must refuse both.
        expect(pending!.totp).toEqual({ encryptedSecret: SEALED, enabledAt: null, lastUsedStep: 0 });
        await expect(stores.users.recordTotpStep(user.id, 1)).resolves.toBeNull();
        await expect(stores.users.useRecoveryCode(user.id, 'h1')).resolves.toBeNull();
        await expect(stores.users.replaceRecoveryCodes(user.id, ['n1'])).resolves.toBeNull();
        await expect(stores.users.disableTotp(user.id)).resolves.toBeNull();
        await expect(stores.users.findById(user.id)).resolves.toEqual(pending);
      });

      test('after disableTotp the user can enrol again from nothing', async () => {
        const user = await enrolled(['h1']);
        await stores.users.disableTotp(user.id);
        // The factor is gone (not a stored null): a new enrollment starts, and confirms with its own secret.
        await expect(stores.users.startTotpEnrollment(user.id, 'v1.kid.iv.again.tag')).resolves.toMatchObject({
          totp: { encryptedSecret: 'v1.kid.iv.again.tag', enabledAt: null, lastUsedStep: 0 },
        });
        const again = await stores.users.enableTotp(user.id, { encryptedSecret: 'v1.kid.iv.again.tag', step: 50, recoveryCodeHashes: ['n1'] });
        expect(again).toMatchObject({ totp: { lastUsedStep: 50 }, recoveryCodeHashes: ['n1'] });
        await expect(stores.users.useRecoveryCode(user.id, 'h1')).resolves.toBeNull();
      });

      test('disableTotp removes the factor and the recovery codes; a second call returns null', async () => {
        const plain = await stores.users.create(newUser());
        const user = await enrolled();
        const disabled = await stores.users.disableTotp(user.id);
        expect(disabled).toEqual({ ...plain, id: user.id, email: user.email, createdAt: user.createdAt });
        expect(disabled).not.toHaveProperty('totp');
        expect(disabled).not.toHaveProperty('recoveryCodeHashes');
        await expect(stores.users.disableTotp(user.id)).resolves.toBeNull();
        await expect(stores.users.recordTotpStep(user.id, 1000)).resolves.toBeNull();
      });

      test.each(UNKNOWN_IDS)('2FA updates of unknown id %p return null', async (id) => {
        await expect(stores.users.startTotpEnrollment(id, SEALED)).resolves.toBeNull();
        await expect(stores.users.enableTotp(id, { encryptedSecret: SEALED, step: 1, recoveryCodeHashes: [] })).resolves.toBeNull();
        await expect(stores.users.recordTotpStep(id, 1)).resolves.toBeNull();
        await expect(stores.users.useRecoveryCode(id, 'h')).resolves.toBeNull();
        await expect(stores.users.replaceRecoveryCodes(id, [])).resolves.toBeNull();
        await expect(stores.users.reencryptTotpSecret(id, SEALED, 'x')).resolves.toBeNull();
        await expect(stores.users.disableTotp(id)).resolves.toBeNull();
        await expect(stores.users.list({ limit: 10, offset: 0 })).resolves.toEqual([]);
      });

      test('every 2FA change puts the user on the change feed (step-up decisions read the cached user)', async () => {
        const user = await stores.users.create(newUser());
        clock.advanceSeconds(10);
        const since = new Date(clock.now());
        await stores.users.startTotpEnrollment(user.id, SEALED);
        await expect(stores.users.changedSince(since).then(idsOf)).resolves.toEqual([user.id]);
        clock.advanceSeconds(10);
        const later = new Date(clock.now());
        await stores.users.enableTotp(user.id, { encryptedSecret: SEALED, step: 3, recoveryCodeHashes: [] });
        await expect(stores.users.changedSince(later).then(idsOf)).resolves.toEqual([user.id]);
        clock.advanceSeconds(10);
        const last = new Date(clock.now());
        await stores.users.disableTotp(user.id);
        await expect(stores.users.changedSince(last).then(idsOf)).resolves.toEqual([user.id]);
      });
    });

    // Issue 11, item 10: "is another user ADMIN?" is decided atomically by the store, never count-then-write.
    describe('the last ADMIN', () => {
      const admin = () => stores.users.create(newUser({ roles: ['USER', 'ADMIN'] }));
      const adminIds = async () => (await stores.users.listAdmins()).map((user) => user.id).sort();

      test('setRoles refuses to take ADMIN from the only admin with LastAdminError, and changes nothing', async () => {
        const only = await admin();
        await expect(stores.users.setRoles(only.id, ['USER'])).rejects.toBeInstanceOf(LastAdminError);
        await expect(stores.users.findById(only.id)).resolves.toEqual(only);
      });

      test('with another admin, ADMIN can be taken; then the other is the last one', async () => {
        const [first, second] = [await admin(), await admin()];
        await expect(stores.users.setRoles(first.id, ['USER'])).resolves.toEqual({ ...first, roles: ['USER'] });
        await expect(stores.users.setRoles(second.id, ['USER'])).rejects.toBeInstanceOf(LastAdminError);
        await expect(adminIds()).resolves.toEqual([second.id]);
      });

      test('allowNoAdmin takes ADMIN from the last admin (the CLI\'s demote --force)', async () => {
        const only = await admin();
        await expect(stores.users.setRoles(only.id, ['USER'], { allowNoAdmin: true })).resolves.toMatchObject({ roles: ['USER'] });
        await expect(stores.users.listAdmins()).resolves.toEqual([]);
      });

      test('users without ADMIN change roles freely, and an unknown id is null, while one admin exists', async () => {
        await admin();
        const user = await stores.users.create(newUser({ roles: ['USER'] }));
        await expect(stores.users.setRoles(user.id, ['USER'])).resolves.toMatchObject({ roles: ['USER'] });
        await expect(stores.users.setRoles(user.id, [])).resolves.toMatchObject({ roles: [] });
        for (const id of UNKNOWN_IDS) await expect(stores.users.setRoles(id, ['USER'])).resolves.toBeNull();
      });

      test('promoting one user twice at once counts one admin, and a created admin counts as one', async () => {
        const first = await admin();
        const promoted = await stores.users.create(newUser({ roles: ['USER'] }));
        await Promise.all([1, 2].map(() => stores.users.setRoles(promoted.id, ['USER', 'ADMIN'])));
        await expect(stores.users.setRoles(first.id, ['USER'])).resolves.toMatchObject({ roles: ['USER'] });
        await expect(stores.users.setRoles(promoted.id, ['USER'])).rejects.toBeInstanceOf(LastAdminError);
      });

      test('listAdmins returns the admins only, oldest first', async () => {
        const first = await admin();
        await stores.users.create(newUser({ roles: ['USER'] }));
        clock.advanceSeconds(1);
        const second = await admin();
        await expect(stores.users.listAdmins()).resolves.toEqual([first, second]);
      });

      test.each([1, 2, 3, 4, 5])('race %i: two admins demoting each other at once: exactly one wins, one admin remains', async () => {
        const [a, b] = [await admin(), await admin()];
        const { values, errors } = await settle([stores.users.setRoles(a.id, ['USER']), stores.users.setRoles(b.id, ['USER'])]);
        expect(values).toHaveLength(1);
        expect(errors).toEqual([expect.any(LastAdminError)]);
        await expect(stores.users.listAdmins()).resolves.toHaveLength(1);
      });

      test('race: five admins demoted at once: four succeed, one admin remains', async () => {
        const admins = [];
        for (let i = 0; i < 5; i++) admins.push(await admin());
        const { values, errors } = await settle(admins.map((user) => stores.users.setRoles(user.id, ['USER'])));
        expect(values).toHaveLength(4);
        expect(errors).toEqual([expect.any(LastAdminError)]);
        await expect(stores.users.listAdmins()).resolves.toHaveLength(1);
      });

      test('race: demoting the only admin while another user is promoted never leaves zero admins', async () => {
        const only = await admin();
        const promoted = await stores.users.create(newUser({ roles: ['USER'] }));
        await settle([stores.users.setRoles(promoted.id, ['USER', 'ADMIN']), stores.users.setRoles(only.id, ['USER'])]);
        const remaining = await adminIds();
        expect(remaining).toContain(promoted.id);
        // Whether the demotion saw the promotion is timing; what it must not do is leave the promoted one uncounted.
        if (!remaining.includes(only.id)) await expect(stores.users.setRoles(promoted.id, ['USER'])).rejects.toBeInstanceOf(LastAdminError);
      });
    });

    describe('revoked tokens', () => {
      const revocation = (overrides: Partial<RevokedToken> = {}): RevokedToken => ({
        jti: `jti-${++counter}`,
        userId: '0123456789abcdef01234567',
        reason: 'logout',
        expiresAt: new Date(clock.now() + MINUTE_MS),
        ...overrides,
      });

      test('revoke returns true the first time and false for the same jti again', async () => {
        const entry = revocation();
        await expect(stores.revokedTokens.revoke(entry)).resolves.toBe(true);
        await expect(stores.revokedTokens.revoke({ ...entry, reason: 'reuse' })).resolves.toBe(false);
        await expect(stores.revokedTokens.find(entry.jti)).resolves.toEqual(entry);
      });

      test('20 concurrent revokes of one jti: exactly one returns true', async () => {
        const entry = revocation({ reason: 'rotated' });
        const { values, errors } = await settle(
          Array.from({ length: 20 }, () => stores.revokedTokens.revoke({ ...entry })),
        );
        expect(errors).toEqual([]);
        expect(values.filter(Boolean)).toHaveLength(1);
        expect(values.filter((won) => !won)).toHaveLength(19);
      });

      test.each(['rotated', 'logout', 'reuse'] as const)('find returns the %s entry with userId and expiresAt', async (reason) => {
        const entry = revocation({ reason });
        await stores.revokedTokens.revoke(entry);
        await expect(stores.revokedTokens.find(entry.jti)).resolves.toEqual({
          jti: entry.jti,
          userId: entry.userId,
          reason,
          expiresAt: entry.expiresAt,
        });
      });

      test('find returns null for a jti never revoked', async () => {
        await stores.revokedTokens.revoke(revocation());
        await expect(stores.revokedTokens.find('never-revoked')).resolves.toBeNull();
      });

      test('find returns null once the clock reaches expiresAt, before any clean-up', async () => {
        const entry = revocation();
        await stores.revokedTokens.revoke(entry);
        clock.advanceSeconds(59);
        await expect(stores.revokedTokens.find(entry.jti)).resolves.toEqual(entry);
        clock.advanceSeconds(1);
        await expect(stores.revokedTokens.find(entry.jti)).resolves.toBeNull();
        clock.advanceSeconds(3600);
        await expect(stores.revokedTokens.find(entry.jti)).resolves.toBeNull();
      });

      describe('with a rotation successor', () => {
        const successor = () => ({
          rotatedAt: new Date(clock.now()),
          // Key order matters: signing these again must give byte-identical tokens.
          access: { sub: 'u1', ver: 2, iat: 1700000000, typ: 'access', jti: 'a-jti', exp: 1700000900, roles: ['USER'], email: 'a@example.com' },
          refresh: { sub: 'u1', ver: 2, iat: 1700000000, typ: 'refresh', jti: 'r-jti', exp: 1700604800 },
          client: { subnet: '203.0.113.0/24', userAgentHash: 'c'.repeat(64) },
        });

        test('find returns the successor claims as stored, keys in the same order', async () => {
          const entry = revocation({ reason: 'rotated', successor: successor() });
          await expect(stores.revokedTokens.revoke(entry)).resolves.toBe(true);
          const found = await stores.revokedTokens.find(entry.jti);
          expect(found).toEqual(entry);
          expect(JSON.stringify(found!.successor!.access)).toBe(JSON.stringify(entry.successor!.access));
          expect(JSON.stringify(found!.successor!.refresh)).toBe(JSON.stringify(entry.successor!.refresh));
        });

        test('a successor recorded without a client (before clients were kept) is found without one', async () => {
          const { client: _client, ...legacy } = successor();
          const entry = revocation({ reason: 'rotated', successor: legacy });
          await stores.revokedTokens.revoke(entry);
          const found = await stores.revokedTokens.find(entry.jti);
          expect(found).toEqual(entry);
          expect(found!.successor).not.toHaveProperty('client');
        });

        test('an entry revoked without a successor is found without one', async () => {
          const entry = revocation({ reason: 'rotated' });
          await stores.revokedTokens.revoke(entry);
          expect(await stores.revokedTokens.find(entry.jti)).not.toHaveProperty('successor');
        });

        test('only the winning revoke stores its successor', async () => {
          const entry = revocation({ reason: 'rotated', successor: successor() });
          await stores.revokedTokens.revoke(entry);
          const loser = { ...entry, successor: { ...successor(), access: { jti: 'the-loser' } } };
          await expect(stores.revokedTokens.revoke(loser)).resolves.toBe(false);
          await expect(stores.revokedTokens.find(entry.jti)).resolves.toEqual(entry);
        });

        test('a returned successor is a copy: mutating it changes nothing stored', async () => {
          const entry = revocation({ reason: 'rotated', successor: successor() });
          await stores.revokedTokens.revoke(entry);
          const found = await stores.revokedTokens.find(entry.jti);
          (found!.successor!.access.roles as string[]).push('ADMIN');
          found!.successor!.rotatedAt.setTime(0);
          found!.successor!.client!.subnet = '198.51.100.0/24';
          await expect(stores.revokedTokens.find(entry.jti)).resolves.toEqual(entry);
        });
      });

      test('a returned entry is a copy: mutating its expiresAt changes nothing stored', async () => {
        const entry = revocation();
        await stores.revokedTokens.revoke(entry);
        entry.expiresAt.setTime(0);
        const found = await stores.revokedTokens.find(entry.jti);
        found!.expiresAt.setTime(0);
        await expect(stores.revokedTokens.find(entry.jti)).resolves.toMatchObject({
          expiresAt: new Date(clock.now() + MINUTE_MS),
        });
      });
      test('revokedSince lists live entries recorded at or after the time, not older or expired ones', async () => {
        const before = revocation();
        await stores.revokedTokens.revoke(before);
        clock.advanceSeconds(10);
        const since = new Date(clock.now());
        const after = revocation();
        const shortLived = revocation({ expiresAt: new Date(clock.now() + 5_000) });
        await stores.revokedTokens.revoke(after);
        await stores.revokedTokens.revoke(shortLived);
        await expect(stores.revokedTokens.revokedSince(since).then(jtisOf)).resolves.toEqual(
          [after.jti, shortLived.jti].sort(),
        );
        clock.advanceSeconds(5);
        // Each with its stamp: when the store recorded it (cache-sync lag is measured from it).
        await expect(stores.revokedTokens.revokedSince(since)).resolves.toEqual([{ jti: after.jti, revokedAt: since }]);
        await expect(stores.revokedTokens.revokedSince(new Date(clock.now() + 1))).resolves.toEqual([]);
      });

      test('the feed follows the recording time, even when entries were recorded out of clock order', async () => {
        const start = clock.now();
        const first = revocation();
        await stores.revokedTokens.revoke(first);
        clock.advanceSeconds(30);
        const later = revocation();
        await stores.revokedTokens.revoke(later);
        clock.advanceSeconds(-20); // another host's slower clock, as far as the store can tell
        const stampedBetween = revocation();
        await stores.revokedTokens.revoke(stampedBetween);
        const feed = async (secondsAfterStart: number) =>
          jtisOf(await stores.revokedTokens.revokedSince(new Date(start + secondsAfterStart * 1000)));
        await expect(feed(0)).resolves.toEqual([first.jti, later.jti, stampedBetween.jti].sort());
        await expect(feed(5)).resolves.toEqual([later.jti, stampedBetween.jti].sort());
        await expect(feed(15)).resolves.toEqual([later.jti]);
      });

      test('the feed drops entries the clean-up removed and keeps the rest', async () => {
        const since = new Date(clock.now());
        const shortLived = revocation({ expiresAt: new Date(clock.now() + 5_000) });
        const longLived = revocation({ expiresAt: new Date(clock.now() + 10 * MINUTE_MS) });
        await stores.revokedTokens.revoke(shortLived);
        await stores.revokedTokens.revoke(longLived);
        clock.advanceSeconds(120);
        const afterCleanUp = revocation({ expiresAt: new Date(clock.now() + MINUTE_MS) });
        await stores.revokedTokens.revoke(afterCleanUp); // the memory store sweeps expired entries on a write
        await expect(stores.revokedTokens.revokedSince(since).then(jtisOf)).resolves.toEqual(
          [longLived.jti, afterCleanUp.jti].sort(),
        );
      });

      test('rotations are not on the feed: they spend refresh tokens, which no cache holds', async () => {
        const since = new Date(clock.now());
        const rotated = revocation({ reason: 'rotated' });
        const reused = revocation({ reason: 'reuse' });
        const loggedOut = revocation({ reason: 'logout' });
        for (const entry of [rotated, reused, loggedOut]) await stores.revokedTokens.revoke(entry);
        await expect(stores.revokedTokens.revokedSince(since).then(jtisOf)).resolves.toEqual(
          [reused.jti, loggedOut.jti].sort(),
        );
        await expect(stores.revokedTokens.find(rotated.jti)).resolves.toMatchObject({ reason: 'rotated' });
      });

      test('a losing revoke of an existing jti does not move it on the feed', async () => {
        const entry = revocation();
        await stores.revokedTokens.revoke(entry);
        clock.advanceSeconds(10);
        const since = new Date(clock.now());
        await expect(stores.revokedTokens.revoke(entry)).resolves.toBe(false);
        await expect(stores.revokedTokens.revokedSince(since)).resolves.toEqual([]);
      });
    });

    describe('users: email verification and change', () => {
      test('a new user is unverified unless created verified (operators); markEmailVerified needs the current address', async () => {
        const user = await stores.users.create(newUser());
        expect(user.emailVerified).toBe(false);
        await expect(stores.users.create(newUser({ emailVerified: true }))).resolves.toMatchObject({ emailVerified: true });
        await expect(stores.users.markEmailVerified(user.id, 'another@example.com')).resolves.toBeNull();
        await expect(stores.users.findById(user.id)).resolves.toMatchObject({ emailVerified: false });
        const verified = await stores.users.markEmailVerified(user.id, user.email);
        expect(verified).toMatchObject({ id: user.id, emailVerified: true, tokenVersion: 0 });
        await expect(stores.users.findById(user.id)).resolves.toEqual(verified);
        for (const id of UNKNOWN_IDS) await expect(stores.users.markEmailVerified(id, user.email)).resolves.toBeNull();
      });

      test('a user stored before verification existed (no field) reads as verified', async () => {
        const created = await stores.users.create(newUser());
        if (stores.kind === 'mongodb') {
          // What an earlier version left: the document without emailVerified.
          await (stores.users as MongoUserStore).model.collection.updateOne({ email: created.email }, { $unset: { emailVerified: '' } });
          await expect(stores.users.findById(created.id)).resolves.toMatchObject({ emailVerified: true });
          await expect(stores.users.findByEmail(created.email)).resolves.toMatchObject({ emailVerified: true });
        } else {
          // The memory store holds no data from earlier versions: every record has the field.
          expect(created.emailVerified).toBe(false);
        }
      });

      test('resetPassword replaces the hash, verifies the address and raises the token version in one write', async () => {
        const user = await stores.users.create(newUser());
        const reset = await stores.users.resetPassword(user.id, '$2b$04$the-reset-hash');
        expect(reset).toMatchObject({ passwordHash: '$2b$04$the-reset-hash', emailVerified: true, tokenVersion: 1 });
        await expect(stores.users.findById(user.id)).resolves.toEqual(reset);
        await expect(stores.users.changedSince(new Date(clock.now())).then(idsOf)).resolves.toContain(user.id);
        for (const id of UNKNOWN_IDS) await expect(stores.users.resetPassword(id, 'x')).resolves.toBeNull();
      });

      test('changeEmail switches the address (verified), raises the version and keeps the asking session', async () => {
        const user = await stores.users.create(newUser());
        await stores.users.incrementTokenVersion(user.id);
        const changed = await stores.users.changeEmail(user.id, 'moved-contract@example.com', 'session-1');
        expect(changed).toMatchObject({
          email: 'moved-contract@example.com',
          emailVerified: true,
          tokenVersion: 2,
          keptSession: { sid: 'session-1', fromVersion: 1, toVersion: 2 },
        });
        await expect(stores.users.findByEmail('moved-contract@example.com')).resolves.toEqual(changed);
        await expect(stores.users.findByEmail(user.email)).resolves.toBeNull();
        // The old address is free again.
        await expect(stores.users.create(newUser({ email: user.email }))).resolves.toMatchObject({ email: user.email });
        // Without a session to keep, none is kept.
        const again = await stores.users.changeEmail(user.id, 'moved-again@example.com');
        expect(again).toMatchObject({ email: 'moved-again@example.com', tokenVersion: 3 });
        expect(again!.keptSession).toBeUndefined();
        for (const id of UNKNOWN_IDS) await expect(stores.users.changeEmail(id, 'nobody-contract@example.com')).resolves.toBeNull();
      });

      test('changeEmail of an unknown id is null, even to a taken address', async () => {
        const owner = await stores.users.create(newUser());
        for (const id of UNKNOWN_IDS) await expect(stores.users.changeEmail(id, owner.email, 's')).resolves.toBeNull();
        await expect(stores.users.findByEmail(owner.email)).resolves.toEqual(owner);
      });

      test('changeEmail to a taken address throws DuplicateEmailError and changes nothing; of two racing for one address, one wins', async () => {
        const [a, b, c] = [await stores.users.create(newUser()), await stores.users.create(newUser()), await stores.users.create(newUser())];
        await expect(stores.users.changeEmail(a.id, b.email, 's')).rejects.toBeInstanceOf(DuplicateEmailError);
        await expect(stores.users.findById(a.id)).resolves.toEqual(a);
        const { values, errors } = await settle([
          stores.users.changeEmail(a.id, 'contested-contract@example.com', 'sa'),
          stores.users.changeEmail(c.id, 'contested-contract@example.com', 'sc'),
        ]);
        expect(values).toHaveLength(1);
        expect(errors).toEqual([expect.any(DuplicateEmailError)]);
        await expect(stores.users.findByEmail('contested-contract@example.com')).resolves.toEqual(values[0]);
      });
    });

    describe('link tokens', () => {
      const link = (overrides: Partial<NewLinkToken> = {}): NewLinkToken => ({
        tokenHash: `hash-${++counter}`,
        purpose: 'password_reset',
        userId: `user-${counter}`,
        email: `link-${counter}@example.com`,
        expiresAt: new Date(clock.now() + 30 * MINUTE_MS),
        ...overrides,
      });

      test('issue stores it; find reports it without spending it; consume spends it once', async () => {
        const token = link({ purpose: 'email_change', sid: 'the-asking-session' });
        await stores.linkTokens.issue(token);
        const expected = { ...token, createdAt: new Date(clock.now()), used: false };
        await expect(stores.linkTokens.find(token.tokenHash, 'email_change')).resolves.toEqual({ outcome: 'consumed', record: expected });
        await expect(stores.linkTokens.find(token.tokenHash, 'email_change')).resolves.toMatchObject({ outcome: 'consumed' });
        await expect(stores.linkTokens.consume(token.tokenHash, 'email_change')).resolves.toEqual({ outcome: 'consumed', record: { ...expected, used: true } });
        await expect(stores.linkTokens.consume(token.tokenHash, 'email_change')).resolves.toEqual({ outcome: 'used' });
        await expect(stores.linkTokens.find(token.tokenHash, 'email_change')).resolves.toEqual({ outcome: 'used' });
      });

      test('unknown hashes and other purposes are unknown; expiry is decided on read', async () => {
        const token = link();
        await stores.linkTokens.issue(token);
        await expect(stores.linkTokens.consume('no-such-hash', 'password_reset')).resolves.toEqual({ outcome: 'unknown' });
        await expect(stores.linkTokens.consume(token.tokenHash, 'email_verification')).resolves.toEqual({ outcome: 'unknown' });
        clock.advanceSeconds(30 * 60);
        await expect(stores.linkTokens.find(token.tokenHash, 'password_reset')).resolves.toEqual({ outcome: 'expired' });
        await expect(stores.linkTokens.consume(token.tokenHash, 'password_reset')).resolves.toEqual({ outcome: 'expired' });
      });

      test('a newer token of the same user and purpose replaces the older; other purposes and users keep theirs', async () => {
        const first = link();
        const verification = link({ userId: first.userId, purpose: 'email_verification' });
        const otherUser = link();
        for (const token of [first, verification, otherUser]) await stores.linkTokens.issue(token);
        const second = link({ userId: first.userId });
        await stores.linkTokens.issue(second);
        await expect(stores.linkTokens.consume(first.tokenHash, 'password_reset')).resolves.toEqual({ outcome: 'unknown' });
        for (const [token, purpose] of [[second, 'password_reset'], [verification, 'email_verification'], [otherUser, 'password_reset']] as const) {
          await expect(stores.linkTokens.consume(token.tokenHash, purpose)).resolves.toMatchObject({ outcome: 'consumed' });
        }
      });

      test('a newer token replaces a used one too: the old hash is then unknown, the new one works', async () => {
        const first = link({ purpose: 'email_change', sid: 'first-session' });
        await stores.linkTokens.issue(first);
        await stores.linkTokens.consume(first.tokenHash, 'email_change');
        const second = link({ purpose: 'email_change', userId: first.userId });
        await stores.linkTokens.issue(second);
        await expect(stores.linkTokens.find(first.tokenHash, 'email_change')).resolves.toEqual({ outcome: 'unknown' });
        // Replaced whole: nothing of the first (its sid) stays on the second.
        await expect(stores.linkTokens.consume(second.tokenHash, 'email_change')).resolves.toEqual({
          outcome: 'consumed',
          record: { ...second, createdAt: new Date(clock.now()), used: true },
        });
      });

      test('racing issues for one user and purpose leave exactly one token', async () => {
        const userId = `racer-${++counter}`;
        const tokens = Array.from({ length: 6 }, () => link({ userId }));
        const { errors } = await settle(tokens.map((token) => stores.linkTokens.issue(token)));
        expect(errors).toEqual([]);
        const outcomes = await Promise.all(tokens.map((token) => stores.linkTokens.find(token.tokenHash, 'password_reset')));
        expect(outcomes.filter((found) => found.outcome === 'consumed')).toHaveLength(1);
      });

      test('of racing consumes of one token exactly one wins', async () => {
        const token = link();
        await stores.linkTokens.issue(token);
        const { values, errors } = await settle(Array.from({ length: 8 }, () => stores.linkTokens.consume(token.tokenHash, 'password_reset')));
        expect(errors).toEqual([]);
        expect(values.filter((found) => found.outcome === 'consumed')).toHaveLength(1);
        expect(values.filter((found) => found.outcome === 'used')).toHaveLength(7);
      });

      test('voidUnused removes the unused tokens of that user and purpose only; a used one still answers used', async () => {
        const unused = link();
        const used = link({ purpose: 'email_verification', userId: unused.userId });
        const otherPurpose = link({ purpose: 'email_change', userId: unused.userId });
        for (const token of [unused, used, otherPurpose]) await stores.linkTokens.issue(token);
        await stores.linkTokens.consume(used.tokenHash, 'email_verification');
        await expect(stores.linkTokens.voidUnused(unused.userId, 'password_reset')).resolves.toBe(1);
        await expect(stores.linkTokens.voidUnused(unused.userId, 'email_verification')).resolves.toBe(0);
        await expect(stores.linkTokens.find(unused.tokenHash, 'password_reset')).resolves.toEqual({ outcome: 'unknown' });
        await expect(stores.linkTokens.find(used.tokenHash, 'email_verification')).resolves.toEqual({ outcome: 'used' });
        await expect(stores.linkTokens.find(otherPurpose.tokenHash, 'email_change')).resolves.toMatchObject({ outcome: 'consumed' });
      });
    });
    describe('sessions', () => sessionStoreContract(() => ({ stores, clock })));
    describe('sign-in devices', () => signInDeviceStoreContract(() => ({ stores, clock })));

    describe('live events', () => liveEventStoreContract(() => ({ stores, clock })));

    describe('signing keys', () => {
      const keyId = () => `key-fingerprint-${++counter}`;

      test('the first retirement recorded wins: later starts get the first time back', async () => {
        const key = keyId();
        const first = new Date(clock.now());
        await expect(stores.signingKeys.recordRetirement(key, first)).resolves.toEqual(first);
        await expect(stores.signingKeys.recordRetirement(key, new Date(first.getTime() + 86_400_000))).resolves.toEqual(first);
        // Other keys have records of their own.
        const other = new Date(first.getTime() + MINUTE_MS);
        await expect(stores.signingKeys.recordRetirement(keyId(), other)).resolves.toEqual(other);
      });

      test('instances starting at once keep one retirement time', async () => {
        const key = keyId();
        const times = Array.from({ length: 8 }, (_, i) => new Date(clock.now() + i * 1000));
        const { values, errors } = await settle(times.map((time) => stores.signingKeys.recordRetirement(key, time)));
        expect(errors).toEqual([]);
        expect(new Set(values.map((value) => value.getTime())).size).toBe(1);
        await expect(stores.signingKeys.recordRetirement(key, new Date(0))).resolves.toEqual(values[0]);
      });

      test('a key that signs again loses its record; retiring it again records the new time', async () => {
        const key = keyId();
        const first = new Date(clock.now());
        await stores.signingKeys.recordRetirement(key, first);
        await expect(stores.signingKeys.forgetRetirement(key)).resolves.toBe(true);
        await expect(stores.signingKeys.forgetRetirement(key)).resolves.toBe(false);
        const again = new Date(first.getTime() + 10 * MINUTE_MS);
        await expect(stores.signingKeys.recordRetirement(key, again)).resolves.toEqual(again);
      });
    });
  });
}
