import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Clock } from '@app/common';

/** Whose content it is: storage keeps it apart per partnership and review, for tenancy and disposal. */
export interface StorageOwner {
  partnershipId: string;
  reviewId: string;
}

/**
 * Where documents' content lives, behind one interface, so an object store can take over at
 * scale without changing the rest. `write` runs in the caller's transaction where the store
 * takes part in one (PostgreSQL does: the content commits with the document's rows, or not at
 * all); `open` is asked for in the request's own context and the stream it returns reads the
 * content in order, a piece at a time, never the whole file in memory.
 */
export abstract class DocumentStorage {
  /** Stores the content as it arrives; the key to read it back by. */
  abstract write(owner: StorageOwner, content: AsyncIterable<Buffer>): Promise<string>;
  /** The content stored under this key, as a stream. */
  abstract open(key: string): Promise<Readable>;
  /** Removes the content stored under this key (disposal); nothing if it is already gone. */
  abstract delete(key: string): Promise<void>;
  /**
   * Content written in the caller's transaction and not committed yet, read in that transaction
   * (to scan an upload before something else in the same transaction relies on it).
   */
  abstract openUncommitted(key: string): Promise<Readable>;
}

/** A PostgreSQL chunk's size: big enough to keep the rows few, small enough to stream. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Document storage in PostgreSQL (the default: nothing else to install). A blob is a row of
 * `document_blobs` and its content rows of `document_chunks` (256 KiB bytea each, numbered from
 * 0), inserted as the upload arrives, in the caller's transaction, and read back one row at a
 * time on a connection of the reader's own.
 */
@Injectable()
export class PostgresDocumentStorage extends DocumentStorage {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {
    super();
  }

  async write(owner: StorageOwner, content: AsyncIterable<Buffer>): Promise<string> {
    const tx = this.txHost.tx;
    const id = randomUUID();
    await tx.query(`INSERT INTO document_blobs (id, partnership_id, review_id, size, created_at) VALUES ($1, $2, $3, 0, $4)`, [
      id,
      owner.partnershipId,
      owner.reviewId,
      this.clock.now(),
    ]);
    let seq = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending);
        const piece = joined.subarray(0, CHUNK_BYTES);
        const rest = joined.subarray(piece.length);
        await tx.query(`INSERT INTO document_chunks (blob_id, partnership_id, review_id, seq, data) VALUES ($1, $2, $3, $4, $5)`, [
          id,
          owner.partnershipId,
          owner.reviewId,
          seq++,
          piece,
        ]);
        pending = rest.length ? [Buffer.from(rest)] : [];
        pendingBytes = rest.length;
      }
    };
    for await (const chunk of content) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      size += chunk.length;
      await flush(false);
    }
    await flush(true);
    await tx.query(`UPDATE document_blobs SET size = $2 WHERE id = $1`, [id, size]);
    return id;
  }

  async open(key: string): Promise<Readable> {
    // The connection is taken now, in the reader's context, so it carries the reader's scope.
    const runner = this.txHost.tx.connection.createQueryRunner();
    await runner.connect();
    let seq = 0;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await runner.release();
    };
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        for (;;) {
          const rows: { data: Buffer }[] = await runner.query(`SELECT data FROM document_chunks WHERE blob_id = $1 AND seq = $2`, [key, seq++]);
          if (rows.length === 0) return;
          yield rows[0].data;
        }
      } finally {
        await release();
      }
    }
    const stream = Readable.from(chunks(), { objectMode: false });
    stream.once('close', () => void release());
    return stream;
  }

  async delete(key: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM document_blobs WHERE id = $1`, [key]);
  }

  async openUncommitted(key: string): Promise<Readable> {
    const tx = this.txHost.tx;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = 0; ; seq += 1) {
        const rows: { data: Buffer }[] = await tx.query(`SELECT data FROM document_chunks WHERE blob_id = $1 AND seq = $2`, [key, seq]);
        if (rows.length === 0) return;
        yield rows[0].data;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }
}
