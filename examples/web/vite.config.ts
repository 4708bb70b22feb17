import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` proxies /graphql to a tokengate on :4000, so the app and the API share an origin:
// no CORS, and the SameSite=Strict refresh cookie of cookie mode is sent. `ws`: the subscriptions' WebSocket
// takes the same path (tokengate must list this origin in CORS_ORIGINS, see README).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': { target: process.env.TOKENGATE_URL ?? 'http://localhost:4000', ws: true } },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
