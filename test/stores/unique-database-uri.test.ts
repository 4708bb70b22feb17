import { uniqueDatabaseUri } from '../support/mongo-availability';

// The MongoDB tests run against MONGODB_TEST_URI, each file in a database of its own: whatever shape the
// given URI has, the rewritten one must reach the same server as the same user.
const NAME = /tg_contract_[0-9a-z]+/;

test.each([
  ['mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017/NAME'],
  ['mongodb://127.0.0.1:27017/', 'mongodb://127.0.0.1:27017/NAME'],
  ['mongodb://127.0.0.1:27017/tokengate?directConnection=true', 'mongodb://127.0.0.1:27017/NAME?directConnection=true'],
  // A replica set lists its hosts with commas, which no URL parser takes as an authority.
  ['mongodb://db1:27017,db2:27017/tokengate?replicaSet=rs0', 'mongodb://db1:27017,db2:27017/NAME?replicaSet=rs0'],
  // Credentials: the user lives in the database the URI named (or admin), not in the new one.
  ['mongodb://user:s3cret@db:27017/', 'mongodb://user:s3cret@db:27017/NAME?authSource=admin'],
  ['mongodb://user:s3cret@db:27017/accounts?tls=true', 'mongodb://user:s3cret@db:27017/NAME?tls=true&authSource=accounts'],
  ['mongodb://user:s3cret@db:27017/tokengate?authSource=users', 'mongodb://user:s3cret@db:27017/NAME?authSource=users'],
  ['mongodb+srv://user:s3cret@cluster0.example.net/?retryWrites=true', 'mongodb+srv://user:s3cret@cluster0.example.net/NAME?retryWrites=true&authSource=admin'],
])('%s becomes %s', (base, expected) => {
  const uri = uniqueDatabaseUri(base, 'contract');
  expect(uri.replace(NAME, 'NAME')).toBe(expected);
});

test('every call names another database', () => {
  const names = new Set(Array.from({ length: 20 }, () => uniqueDatabaseUri('mongodb://127.0.0.1:27017', 'contract')));
  expect(names.size).toBe(20);
});

test('a URI of another scheme is refused with a clear message', () => {
  expect(() => uniqueDatabaseUri('http://127.0.0.1:27017', 'contract')).toThrow('MONGODB_TEST_URI is not a mongodb:// or mongodb+srv:// URI');
});
