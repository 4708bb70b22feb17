'use strict';
// The environment of the benchmarked servers: tokengate, and the bare server of (6), which must verify the
// very tokens tokengate issues (same secret, algorithm, issuer and audience).
const SECRET = 'bench-secret-that-is-at-least-32-bytes-long-0123456789';
/** tokengate's defaults, set explicitly so that both servers are sure to agree. */
const JWT = { JWT_SECRET: SECRET, JWT_ALGORITHM: 'HS256', JWT_ISSUER: 'tokengate', JWT_AUDIENCE: 'tokengate-api' };

const RATE_LIMITS = [
  'RATE_LIMIT_LOGIN_PER_IP',
  'RATE_LIMIT_LOGIN_PER_EMAIL',
  'RATE_LIMIT_REGISTER_PER_IP',
  'RATE_LIMIT_REGISTER_PER_EMAIL',
  'RATE_LIMIT_REFRESH_PER_IP',
  'RATE_LIMIT_CHANGE_PASSWORD_PER_USER',
];

function tokengateEnv(bcryptCost, extra = {}) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    STORE: 'memory',
    // Production needs SMTP_URL otherwise; the benchmark sends no mail (register's verification mail is skipped).
    MAIL_TRANSPORT: 'disabled',
    // The bench stops servers with SIGTERM: no readiness delay before the drain.
    SHUTDOWN_DELAY: '0',
    ...JWT,
    BCRYPT_COST: String(bcryptCost),
    // Every request comes from one IP: limits would turn logins and refreshes into cheap refusals,
    // and the benchmark measures the work itself.
    ...Object.fromEntries(RATE_LIMITS.map((name) => [name, 'off'])),
    ...extra,
  };
}

function bareEnv() {
  return { NODE_ENV: 'production', ...JWT };
}

module.exports = { tokengateEnv, bareEnv };
