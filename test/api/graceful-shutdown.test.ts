import http from 'node:http';
import { startTestServer } from '../support/test-server';

/**
 * Starts a POST whose headers the server has taken in (it answered 100 Continue) but whose body is not
 * sent yet: a request in flight, for as long as the test wants. `finish` sends the body and reads the answer.
 */
async function requestInFlight(url: string, body: string): Promise<{ finish(): Promise<{ status: number; body: string }> }> {
  const request = http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    request.once('continue', resolve);
    request.once('error', reject);
    request.flushHeaders();
  });
  return {
    finish: () => {
      request.end(body);
      return answer;
    },
  };
}

describe('graceful shutdown', () => {
  test('stop() lets an in-flight request finish, then refuses new connections', async () => {
    const server = await startTestServer();
    const inFlight = await requestInFlight(server.url, JSON.stringify({ query: '{ __typename }' }));

    const stopped = server.stop();
    // The server is draining: its listening socket is closed, the request it has begun is not.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await inFlight.finish();
    expect(answer).toEqual({ status: 200, body: JSON.stringify({ data: { __typename: 'Query' } }) + '\n' });
    await stopped;

    await expect(fetch(server.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  test('stop() does not wait for idle keep-alive connections', async () => {
    const server = await startTestServer();
    const agent = new http.Agent({ keepAlive: true });
    try {
      // A finished request leaves its connection open and idle in the agent.
      await new Promise<void>((resolve, reject) => {
        const request = http.request(server.url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
          response.resume();
          response.on('end', resolve);
        });
        request.on('error', reject);
        request.end(JSON.stringify({ query: '{ __typename }' }));
      });
      const started = Date.now();
      await server.stop();
      // Well under the 10 s after which the drain cuts connections still open.
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      agent.destroy();
    }
  });
});
