import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can, Role } from '@app/access';
import { AuditService } from '@app/audit';
import {
  AuthenticatedUser,
  Clock,
  ConflictProblem,
  dateInWords,
  ForbiddenProblem,
  NotFoundProblem,
  Page,
  pageOf,
  PageQuery,
  plainWords,
  ValidationProblem,
} from '@app/common';
import { UsersService } from '@app/identity';
import { PartnershipsService } from '@app/partnerships';
import { ActionPipeline, ImportedReview, ImportStepRefused, ReviewImport } from '@app/reviews';
import { ReviewImportRecord } from './entities/review-import.entity';
import { ImportReport, ImportRowView, ReviewImportView } from './import-report';
import { PlannedReview, planReviews, PlanningFacts, problem, StepSource } from './plan';
import { REVIEWS_SHEET, Sheet, SHEETS } from './sheets';
import { CellProblem, readWorkbook, ReadSheet } from './workbook';

/** The notification's fields, and the Reviews sheet's column each comes from. */
const NOTIFICATION_FIELDS: Record<string, string> = {
  type: 'type',
  notifiedOn: 'notifiedOn',
  dateOfDeath: 'dateOfDeath',
  notifyingAgency: 'notifyingAgency',
  victim: 'pseudonym',
  'victim.pseudonym': 'pseudonym',
  'victim.ageAtDeath': 'ageAtDeath',
  'victim.sex': 'sex',
  circumstances: 'circumstances',
  placeOfDeath: 'placeOfDeath',
};

/** A dry run's end: its transaction is rolled back, keeping only what it found. */
class DryRunOver extends Error {
  constructor(readonly tried: Tried) {
    super('dry run');
  }
}

interface Tried {
  planned: PlannedReview[];
  created: Map<string, ImportedReview>;
  already: Map<string, { id: string; reference: string }>;
  problems: CellProblem[];
}

/**
 * Reviews already under way, brought in from a partnership's spreadsheet (issue 17.1). An upload
 * is a dry run: the file is read, each cell checked, and each review's history tried through the
 * product's own actions in a transaction that is then rolled back, so the report names every
 * problem the import would meet, by sheet, row and column, and what each review would become.
 * Nothing is created until a run with no problems is confirmed; then every review of it is
 * created in one transaction, and a review imported before (by its reference) is never again.
 */
@Injectable()
export class ReviewImports {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly importer: ReviewImport,
    private readonly pipeline: ActionPipeline,
    private readonly audit: AuditService,
  ) {}

  private get records() {
    return this.txHost.tx.getRepository(ReviewImportRecord);
  }

  /** Reads and checks a file (a dry run), keeps what it read and found, and answers with the report. */
  async check(user: AuthenticatedUser, fileName: string, bytes: Buffer): Promise<ReviewImportView> {
    this.mayImport(user);
    const name = fileName.replace(/[^\w .()-]+/g, '_').slice(0, 200) || 'upload';
    const read = await readWorkbook(name, bytes);
    const tried = await this.dryRun(user, read.sheets, read.problems);
    const report = this.report(tried, false);
    const record = await this.txHost.withTransaction(async () => {
      const saved = await this.records.save(
        this.records.create({
          partnershipId: user.partnershipId,
          fileName: name,
          fileSha256: createHash('sha256').update(bytes).digest('hex'),
          rows: read.sheets,
          report,
          problemCount: report.problems.length,
          checkedBy: user.id,
          checkedAt: this.clock.now(),
          importedBy: null,
          importedAt: null,
          reviewIds: [],
        }),
      );
      await this.audit.record({
        action: 'reviews.import-checked',
        partnershipId: user.partnershipId,
        changes: { importId: saved.id, fileSha256: saved.fileSha256, summary: report.summary },
      });
      return saved;
    });
    return this.view(record);
  }

  /** Imports a checked file with no problems: every review it would create, in one transaction. */
  async confirm(user: AuthenticatedUser, id: string): Promise<ReviewImportView> {
    this.mayImport(user);
    const { record, created } = await this.txHost.withTransaction(async () => {
      const record = await this.records.findOne({ where: { id, partnershipId: user.partnershipId }, lock: { mode: 'pessimistic_write' } });
      if (!record) throw new NotFoundProblem('No import with that id.');
      if (record.importedAt) {
        throw new ConflictProblem(
          `This file was imported on ${dateInWords(record.importedAt.toISOString().slice(0, 10))}: importing it again would create nothing.`,
          {
            importedAt: record.importedAt.toISOString(),
          },
        );
      }
      if (record.problemCount > 0) {
        throw new ConflictProblem(
          `The dry run found ${record.problemCount} problem${record.problemCount === 1 ? '' : 's'}: correct the file and upload it again.`,
          {
            problems: record.report.problems,
          },
        );
      }
      const tried = await this.tryAll(user, record.rows, [], record.id, false);
      if (tried.problems.length) {
        throw new ConflictProblem('Something has changed since the dry run, and the file would no longer import cleanly: upload it again to see why.', {
          problems: tried.problems,
        });
      }
      record.report = this.report(tried, true);
      record.reviewIds = [...tried.created.values()].map((review) => review.id);
      record.importedAt = this.clock.now();
      record.importedBy = user.id;
      await this.records.save(record);
      await this.audit.record({
        action: 'reviews.imported',
        partnershipId: user.partnershipId,
        changes: { importId: record.id, fileSha256: record.fileSha256, reviewIds: record.reviewIds, summary: record.report.summary },
      });
      return { record, created: [...tried.created.values()] };
    });
    // Once committed: the worker schedules each new review's reminders (their history's mail was withdrawn).
    for (const review of created) await this.pipeline.afterCommit({ reviewId: review.id, mails: [] });
    return this.view(record);
  }

  async get(user: AuthenticatedUser, id: string): Promise<ReviewImportView> {
    this.mayImport(user);
    const record = await this.records.findOneBy({ id, partnershipId: user.partnershipId });
    if (!record) throw new NotFoundProblem('No import with that id.');
    return this.view(record);
  }

  async list(user: AuthenticatedUser, query: PageQuery): Promise<Page<ReviewImportView>> {
    this.mayImport(user);
    const [records, total] = await this.records.findAndCount({
      where: { partnershipId: user.partnershipId },
      order: { checkedAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return pageOf(
      records.map((record) => this.view(record)),
      total,
      query,
    );
  }

  private mayImport(user: AuthenticatedUser): void {
    if (!can(user, 'import-reviews')) throw new ForbiddenProblem('Only an administrator or a CSP manager may import reviews.');
  }

  /** Tries the whole file in a transaction that is rolled back: what it would create, and every problem. */
  private async dryRun(user: AuthenticatedUser, sheets: ReadSheet[], fileProblems: CellProblem[]): Promise<Tried> {
    try {
      await this.txHost.withTransaction(async () => {
        throw new DryRunOver(await this.tryAll(user, sheets, fileProblems, null, true));
      });
    } catch (error) {
      if (error instanceof DryRunOver) return error.tried;
      throw error;
    }
    throw new Error('unreachable: a dry run always rolls back');
  }

  /**
   * Plans each review and tries it. In a dry run each review is tried under a savepoint, so one
   * the product refuses leaves nothing behind for the next; in an import, the first refusal ends it.
   */
  private async tryAll(user: AuthenticatedUser, sheets: ReadSheet[], fileProblems: CellProblem[], importId: string | null, dryRun: boolean): Promise<Tried> {
    const facts = await this.facts(user);
    const { reviews: planned, problems } = planReviews(sheets, facts);
    const already = await this.importer.importedReferences(user.partnershipId);
    const created = new Map<string, ImportedReview>();
    const all = [...fileProblems, ...problems, ...planned.flatMap((review) => review.problems)];
    const tx = this.txHost.tx;
    for (const review of planned) {
      if (!review.plan || already.has(review.reference.toLowerCase())) continue;
      if (dryRun) await tx.query('SAVEPOINT review_import');
      try {
        created.set(review.reference.toLowerCase(), await this.importer.importWithin(user, review.plan, { importId, row: review.row }));
      } catch (error) {
        if (!(error instanceof ImportStepRefused)) throw error;
        if (dryRun) await tx.query('ROLLBACK TO SAVEPOINT review_import');
        const found = this.refusal(sheets, review, error);
        review.problems.push(...found);
        all.push(...found);
        if (!dryRun) break;
      }
    }
    return { planned, created, already, problems: all };
  }

  /** The product's refusal of a step, as problems with the cells it came from. */
  private refusal(sheets: ReadSheet[], review: PlannedReview, refused: ImportStepRefused): CellProblem[] {
    const source: StepSource = (refused.step?.source as StepSource | undefined) ?? {
      sheet: 'reviews',
      row: review.row,
      column: 'notifiedOn',
      fields: NOTIFICATION_FIELDS,
    };
    const read = sheets.find((sheet) => sheet.sheet.key === source.sheet)!;
    const headings = Object.entries(source.fields).map(([path, key]) => ({ path, label: headingOf(read.sheet, key) }));
    const { problem: refusal } = refused;
    if (refusal instanceof ValidationProblem) {
      return refusal.errors.map((error) => {
        const key = source.fields[error.field] ?? source.fields[error.field.split('.')[0]] ?? source.column;
        return problem(read, source.row, key, plainWords(error.message, headings));
      });
    }
    const found = problem(read, source.row, source.column, '');
    return [{ ...found, message: `${found.heading}: ${plainWords(refusal.detail, headings)}` }];
  }

  private async facts(user: AuthenticatedUser): Promise<PlanningFacts> {
    const agencies = new Map<string, string>();
    for (const agency of await this.partnerships.listAgencies(user.partnershipId)) {
      agencies.set(agency.code.toLowerCase(), agency.code);
      agencies.set(agency.name.toLowerCase(), agency.code);
    }
    const chairs = new Map((await this.users.withRole(user.partnershipId, Role.IndependentChair)).map((chair) => [chair.email.toLowerCase(), chair.id]));
    return { today: this.clock.today(), agencies, chairs };
  }

  private report(tried: Tried, imported: boolean): ImportReport {
    const rows: ImportRowView[] = tried.planned.map((review) => {
      const key = review.reference.toLowerCase();
      const before = tried.already.get(key);
      if (before && review.plan)
        return { importReference: review.reference, row: review.row, outcome: 'already-imported', reviewId: before.id, reference: before.reference };
      const made = tried.created.get(key);
      if (review.problems.length || !made) return { importReference: review.reference, row: review.row, outcome: 'has-problems' };
      return {
        importReference: review.reference,
        row: review.row,
        outcome: imported ? 'created' : 'create',
        ...(imported ? { reviewId: made.id } : {}),
        reference: made.reference,
        stage: made.stage,
        stageName: made.stageName,
        status: made.status,
        steps: review.plan!.steps.map((step) => step.action),
        outstanding: made.outstanding,
      };
    });
    const problems = [...tried.problems].sort(
      (a, b) => sheetOrder(a.sheet) - sheetOrder(b.sheet) || (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''),
    );
    return {
      summary: {
        reviews: rows.length,
        toCreate: rows.filter((row) => row.outcome === 'create' || row.outcome === 'created').length,
        alreadyImported: rows.filter((row) => row.outcome === 'already-imported').length,
        problems: problems.length,
      },
      reviews: rows,
      problems,
    };
  }

  private view(record: ReviewImportRecord): ReviewImportView {
    const { summary } = record.report;
    const status = record.importedAt ? 'imported' : record.problemCount > 0 ? 'has-problems' : summary.toCreate === 0 ? 'nothing-to-import' : 'ready';
    return {
      id: record.id,
      fileName: record.fileName,
      fileSha256: record.fileSha256,
      status,
      checkedAt: record.checkedAt.toISOString(),
      ...(record.importedAt ? { importedAt: record.importedAt.toISOString() } : {}),
      report: record.report,
    };
  }
}

function headingOf(sheet: Sheet, key: string): string {
  return sheet.columns.find((column) => column.key === key)?.heading ?? key;
}

function sheetOrder(name: string): number {
  const index = SHEETS.findIndex((sheet) => sheet.name === name);
  return index === -1 ? (name === REVIEWS_SHEET.name ? 0 : -1) : index;
}
