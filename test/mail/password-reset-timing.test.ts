import { registerUser, uniqueEmail } from '../support/operations';
import { REQUEST_RESET } from './support/account-operations';
import { type MailTestServer, startMailTestServer } from './support/mail-test-server';

// requestPasswordReset must not tell a known address from an unknown one by its answer or by its time.
const ROUNDS = 3;
const SAMPLES = 25;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

describe('requestPasswordReset timing', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    // Were the lookup, the link's store write or the SMTP round trip done before answering, a known address would stand out.
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  test('known and unknown addresses answer alike, with median times within 0.8–1.25 of each other (best of three)', async () => {
    const known = await registerUser(server);
    const time = async (email: string): Promise<number> => {
      const started = performance.now();
      const response = await server.gql(REQUEST_RESET, { email });
      const elapsed = performance.now() - started;
      expect(response.body).toEqual({ data: { requestPasswordReset: true } });
      return elapsed;
    };
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const knownTimes: number[] = [];
      const unknownTimes: number[] = [];
      // Interleaved, so a burst of load from elsewhere hits both alike.
      for (let i = 0; i < SAMPLES; i++) {
        knownTimes.push(await time(known.email));
        unknownTimes.push(await time(uniqueEmail('unknown')));
      }
      await server.mailIdle();
      const ratio = median(knownTimes) / median(unknownTimes);
      ratios.push(ratio);
      if (ratio >= 0.8 && ratio <= 1.25) break;
    }
    expect(ratios.some((ratio) => ratio >= 0.8 && ratio <= 1.25)).toBe(true);
    // The known address did get its mails: the work happened, after the answers.
    expect(server.smtp.received.some((mail) => mail.to.includes(known.email.toLowerCase()))).toBe(true);
  }, 120_000);
});
