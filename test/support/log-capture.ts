/**
 * Import FIRST in a test file (before test-app) to read what the app logs: turns the api's JSON
 * logs on (the test environment silences them) and keeps each line here instead of printing it.
 * pino writes to `process.stdout` itself when its `write` has been replaced (as here), so every
 * log line passes through this; anything else written to standard output is printed as usual.
 */
export const capturedLogs: string[] = [];

process.env.LOG_LEVEL = 'info';

const print = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (!text.startsWith('{"level"')) return print(chunk, ...rest);
  capturedLogs.push(...text.split('\n').filter((line) => line !== ''));
  return true;
}) as typeof process.stdout.write;
