import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundProblem } from '@app/common';
import { DocumentVersion } from './entities/document.entity';

/** `n` of a version in a path: a whole number from 1, or the version does not exist. */
export function versionNumber(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new NotFoundProblem('This document has no version with that number.');
  return Number(value);
}

/**
 * Streams a version's content as an attachment (the API and the web pages alike): its sniffed
 * type, its size, `nosniff`, its SHA-256 as the ETag, never cached. Express's `res.attachment`
 * writes the Content-Disposition (RFC 6266, with the UTF-8 name).
 */
export async function sendVersion(res: Response, download: { version: DocumentVersion; filename: string; content: Readable }): Promise<void> {
  const { version, filename, content } = download;
  res.status(200);
  res.attachment(filename);
  res.setHeader('Content-Type', version.mediaType);
  res.setHeader('Content-Length', String(version.size));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('ETag', `"${version.sha256}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  try {
    await pipeline(content, res);
  } catch {
    // The reader went away, or the store failed mid-way: the response is already under way, so it is cut short.
    res.destroy();
  }
}
