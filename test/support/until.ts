/** Reads until `done` holds or the time runs out (then fails, saying what it waited for and what it last saw). */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20000): Promise<T> {
  const stop = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}
