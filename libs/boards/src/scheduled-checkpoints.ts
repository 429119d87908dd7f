import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { AuditService } from '@app/audit';
import { Clock, CORRELATION_KEY } from '@app/common';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { OutboxService } from '@app/notifications';
import { Board, PartnershipsService } from '@app/partnerships';
import { BoardCheckpoints, CHECKPOINT_AUDIT_ACTIONS } from './board-checkpoints';
import { BoardCheckpoint } from './entities/board-checkpoint.entity';

/** The note a scheduled checkpoint carries (it is also the one recorded by nobody). */
export const SCHEDULED_CHECKPOINT_NOTE = 'Recorded on schedule';

/** What one round did. */
export interface CheckpointRound {
  /** The start of the period the round ran in (UTC). */
  period: string;
  /** Checkpoints recorded, one per board whose trail had moved. */
  recorded: number;
  /** Boards whose latest checkpoint no longer matched the chain (each warned, then checkpointed afresh). */
  mismatched: number;
  /** Partnerships whose round failed (logged; the next round tries again). */
  failed: number;
}

interface LatestCheckpointRow {
  board_id: string;
  id: string | null;
  seq: string | null;
  hash: string | null;
  recorded_at: Date | null;
  scheduled_this_period: boolean;
}

interface DueBoard {
  board: Board;
  /** The board's latest checkpoint, and the hash its entry has now (null: the entry is gone). */
  latest: { checkpoint: BoardCheckpoint; found: string | null } | null;
  mismatch: boolean;
}

/**
 * The audit chain's tail anchored by itself: once in every period of AUDIT_CHECKPOINT_EVERY_MINUTES
 * (counted from midnight UTC on the product's clock), the head is recorded as a checkpoint of
 * every board of every partnership whose trail has moved since its latest checkpoint, by the same
 * code as a board member's checkpoint (`BoardCheckpoints.record`): a row, an entry in the chain
 * and a mail to the board's members. Before that, each board's latest checkpoint is checked
 * against the chain (one index read), and a mismatch is reported loudly.
 *
 * Several workers, or a restart, make no second checkpoint in a period: which boards are due is
 * decided again under the chain's lock, in the transaction that records them, and a board with a
 * scheduled checkpoint (recorded by nobody) in this period is not due. The schedule itself is the
 * worker's own (`CheckpointSchedule`); nothing of it is in Redis.
 */
@Injectable()
export class ScheduledCheckpoints {
  private readonly logger = new Logger(ScheduledCheckpoints.name);

  constructor(
    private readonly env: Environment,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly tenancy: Tenancy,
    private readonly clock: Clock,
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly checkpoints: BoardCheckpoints,
    private readonly outbox: OutboxService,
  ) {}

  /** One round, for the period the product's clock is in now. */
  run(): Promise<CheckpointRound> {
    const every = this.env.AUDIT_CHECKPOINT_EVERY_MINUTES * 60_000;
    const periodStart = new Date(Math.floor(this.clock.now().getTime() / every) * every);
    return this.cls.run(() => {
      this.cls.set(CORRELATION_KEY, `audit-checkpoints.${periodStart.toISOString()}`);
      // Every partnership's boards, and the chain, which spans them all.
      return this.tenancy.asSystem(() => this.round(periodStart));
    });
  }

  private async round(periodStart: Date): Promise<CheckpointRound> {
    const result: CheckpointRound = { period: periodStart.toISOString(), recorded: 0, mismatched: 0, failed: 0 };
    // A first look without the chain's lock, so that partnerships with nothing due cost no lock.
    const due = await this.dueBoards(await this.partnerships.listEveryBoard(), periodStart);
    for (const boards of byPartnership(due.map((entry) => entry.board))) {
      try {
        // One transaction per partnership: a partnership's boards anchor the same head, and the
        // chain's lock is held for a few statements at a time, not for the whole round.
        const { recorded, mismatched, outboxIds } = await this.txHost.withTransaction(async () => {
          const head = await this.audit.head();
          const counts = { recorded: 0, mismatched: 0, outboxIds: [] as string[] };
          if (!head) return counts;
          // Again under the lock: another worker may have done these boards meanwhile.
          for (const { board, latest, mismatch } of await this.dueBoards(boards, periodStart)) {
            if (mismatch && latest) {
              counts.outboxIds.push(...(await this.checkpoints.reportMismatch(board, latest.checkpoint, latest.found)));
              counts.mismatched += 1;
            }
            const recorded = await this.checkpoints.record(board, head, { recordedBy: null, note: SCHEDULED_CHECKPOINT_NOTE });
            counts.outboxIds.push(...recorded.outboxIds);
            counts.recorded += 1;
          }
          return counts;
        });
        await this.outbox.queueDelivery(outboxIds);
        result.recorded += recorded;
        result.mismatched += mismatched;
      } catch (error) {
        result.failed += 1;
        this.logger.error(
          { err: error, partnershipId: boards[0].partnershipId },
          'Scheduled audit checkpoints failed for a partnership; the next round tries again',
        );
      }
    }
    return result;
  }

  /**
   * The boards to checkpoint now: those whose latest checkpoint no longer matches the chain, and
   * those with no scheduled checkpoint yet in this period whose trail has moved since their
   * latest (by anything but checkpoints themselves, which would otherwise move it every round).
   */
  private async dueBoards(boards: Board[], periodStart: Date): Promise<DueBoard[]> {
    if (boards.length === 0) return [];
    const rows: LatestCheckpointRow[] = await this.txHost.tx.query(
      `SELECT b.id AS board_id, c.id, c.seq, c.hash, c.recorded_at,
              EXISTS (SELECT 1 FROM board_checkpoints s WHERE s.board_id = b.id AND s.recorded_by IS NULL AND s.recorded_at >= $2) AS scheduled_this_period
       FROM unnest($1::uuid[]) AS b(id)
       LEFT JOIN LATERAL (
         SELECT id, seq, hash, recorded_at FROM board_checkpoints WHERE board_id = b.id ORDER BY recorded_at DESC, seq DESC LIMIT 1
       ) c ON true`,
      [boards.map((board) => board.id), periodStart],
    );
    const latestMoved = await this.audit.latestSeqExcept(CHECKPOINT_AUDIT_ACTIONS);
    const hashes = await this.audit.hashesAt(rows.filter((row) => row.seq !== null).map((row) => Number(row.seq)));
    const byId = new Map(rows.map((row) => [row.board_id, row]));
    const due: DueBoard[] = [];
    for (const board of boards) {
      const row = byId.get(board.id)!;
      const checkpoint = row.id === null ? null : Object.assign(new BoardCheckpoint(), checkpointOf(row, board));
      const found = checkpoint ? (hashes.get(Number(checkpoint.seq)) ?? null) : null;
      const mismatch = checkpoint !== null && found !== checkpoint.hash;
      const moved = latestMoved !== null && (checkpoint === null || Number(checkpoint.seq) < latestMoved);
      if (mismatch || (moved && !row.scheduled_this_period)) due.push({ board, latest: checkpoint ? { checkpoint, found } : null, mismatch });
    }
    return due;
  }
}

function checkpointOf(row: LatestCheckpointRow, board: Board): Partial<BoardCheckpoint> {
  return { id: row.id!, boardId: board.id, seq: Number(row.seq), hash: row.hash!, recordedAt: row.recorded_at! };
}

function byPartnership(boards: Board[]): Board[][] {
  const groups = new Map<string, Board[]>();
  for (const board of boards) groups.set(board.partnershipId, [...(groups.get(board.partnershipId) ?? []), board]);
  return [...groups.values()];
}

/** Looks at most this often (less when the period is shorter), so a period's round starts within an hour of it. */
const LOOK_AT_MOST_EVERY_MS = 60 * 60_000;

/**
 * The scheduled checkpoints' clockwork, in the worker: a round on start and then every hour (or
 * every period, when that is shorter), each doing what the period still needs, usually nothing.
 * Kept in the process rather than as a BullMQ repeatable job, so a Redis that lost everything
 * cannot lose the schedule; PostgreSQL says what each period has had.
 */
@Injectable()
export class CheckpointSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CheckpointSchedule.name);
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly env: Environment,
    private readonly scheduled: ScheduledCheckpoints,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    const every = Math.min(this.env.AUDIT_CHECKPOINT_EVERY_MINUTES * 60_000, LOOK_AT_MOST_EVERY_MS);
    this.interval = setInterval(() => void this.tick(), every).unref();
  }

  /** Stops the clock and lets a round in hand finish while the database is still open. */
  async onModuleDestroy(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    await this.running;
  }

  /** A round, unless one is already running in this process. Never rejects: a failed round is logged and the next one tries again. */
  tick(): Promise<void> {
    this.running ??= this.scheduled
      .run()
      .then((round) => {
        if (round.recorded || round.mismatched || round.failed) this.logger.log(round, 'Scheduled audit checkpoints recorded');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'Scheduled audit checkpoints failed; the next round tries again'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
