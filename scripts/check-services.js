#!/usr/bin/env node
// Checks that PostgreSQL and Redis answer before a start or a test run, and says how to start
// whichever does not. Reads DATABASE_URL / TEST_DATABASE_SERVER_URL and REDIS_URL.
const net = require('node:net');

if (process.argv.includes('--help')) {
  console.log('Usage: node scripts/check-services.js\nExits 1, naming the service and how to start it, if PostgreSQL or Redis does not answer.');
  process.exit(0);
}

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || defaultPort) }, () => {
      socket.end();
      resolve(true);
    });
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

(async () => {
  const postgres = process.env.TEST_DATABASE_SERVER_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/dhr';
  const redis = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const missing = [];
  if (!(await reachable(postgres, 5432))) {
    missing.push(
      `PostgreSQL does not answer at ${new URL(postgres).host}. Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  if (!(await reachable(redis, 6379))) {
    missing.push(
      `Redis does not answer at ${new URL(redis).host}. Start it, e.g.: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no`,
    );
  }
  if (missing.length) {
    console.error(missing.join('\n'));
    process.exit(1);
  }
})();
