import { describeMongoUri } from '../../src/stores/mongo/mongo.stores';

// The description is logged at start and shown by /health: no credential may survive it.
test.each([
  ['mongodb://user:s3cret@db.example.com:27017/tokengate', 'mongodb://db.example.com:27017/tokengate'],
  ['mongodb+srv://user:s3cret@cluster0.example.net/tokengate?retryWrites=true', 'mongodb+srv://cluster0.example.net/tokengate'],
  [
    'mongodb://db1,db2/tokengate?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:s3cret',
    'mongodb://db1,db2/tokengate',
  ],
  ['mongodb://db/tokengate?tls=true&tlsCertificateKeyFilePassword=s3cret', 'mongodb://db/tokengate'],
  ['mongodb://127.0.0.1:27017/tokengate', 'mongodb://127.0.0.1:27017/tokengate'],
])('%s is described as %s', (uri, described) => {
  expect(describeMongoUri(uri)).toBe(described);
  expect(describeMongoUri(uri)).not.toContain('s3cret');
});
