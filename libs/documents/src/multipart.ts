import busboy from 'busboy';
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { inputProblems, stringProblem, ValidationProblem } from '@app/common';

export interface UploadedPart {
  /** The name the sender gave the file (not trusted: sanitised before it is kept). */
  filename: string;
  /** The media type the sender declared (not trusted: the content is sniffed). */
  declaredMediaType: string;
  stream: Readable & { truncated: boolean };
}

export interface ParsedUpload<T> {
  fields: Record<string, string>;
  /** What `store` made of the part named `file`; null when the request had none. */
  stored: T | null;
}

/**
 * Reads a multipart/form-data request as it arrives (busboy): the text fields, and the one part
 * named `file` handed to `store` as a stream, never held whole in memory. The file may come
 * before or after the fields; every field is known once this resolves. A second file, or a file
 * under another name, is read and dropped. `maxFileBytes` truncates the file (its stream's
 * `truncated` says so), reading on to the end of the request so the answer reaches the sender.
 * `checkFields` (e.g. a web form's CSRF token, its first field) runs on the fields that came
 * before the file, before anything of it is stored, or at the end when there is no file.
 */
export function parseMultipart<T>(
  req: IncomingMessage,
  maxFileBytes: number,
  store: (part: UploadedPart) => Promise<T>,
  checkFields?: (fields: Record<string, string>) => void,
): Promise<ParsedUpload<T>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes, files: 2, fields: 20, fieldSize: 8 * 1024 }, defParamCharset: 'utf8' });
    } catch {
      reject(ValidationProblem.field('file', 'must be sent as multipart/form-data'));
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<T> | null = null;
    let checked = false;
    const check = () => {
      checked = true;
      // The JSON body's hygiene (no NUL, no lone surrogate) for the form's fields too.
      const problems = inputProblems(fields);
      if (problems.length > 0) throw new ValidationProblem(problems);
      checkFields?.(fields);
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || stored) {
        stream.resume();
        return;
      }
      try {
        check();
        const nameProblem = stringProblem(info.filename ?? '');
        if (nameProblem) throw ValidationProblem.field('file', `its file name ${nameProblem}`);
        stored = store({ filename: info.filename ?? '', declaredMediaType: info.mimeType, stream });
      } catch (error) {
        stored = Promise.reject(error as Error);
      }
      // Whatever storing made of it, the rest of the part is read so the request ends.
      stored.catch(() => stream.resume());
    });
    parser.on('error', (error) => {
      req.unpipe(parser);
      req.resume();
      reject(ValidationProblem.field('file', `could not be read as multipart/form-data (${error.message})`));
    });
    parser.on('close', () => {
      if (!stored) {
        try {
          if (!checked) check();
        } catch (error) {
          return reject(error as Error);
        }
        return resolve({ fields, stored: null });
      }
      stored.then((value) => resolve({ fields, stored: value }), reject);
    });
    req.pipe(parser);
  });
}

/** Reads and drops the rest of a request, so a refusal made before reading it still reaches the sender. */
export async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  await new Promise<void>((resolve) => {
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.resume();
  });
}
