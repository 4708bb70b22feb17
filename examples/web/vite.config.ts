import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` proxies /graphql to a tokengate on :4000, so the app and the API share an origin:
// no CORS, and the SameSite=Strict refresh cookie of cookie mode is sent.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': process.env.TOKENGATE_URL ?? 'http://localhost:4000' },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
