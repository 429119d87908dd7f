import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { SHEETS } from '@app/imports';
import { Journey, launchChromium, signIn } from './support/browser';
import { PASSWORD, TestApi, TestUser } from './support/test-app';

const TODAY = '2026-06-15';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Problem {
  sheet: string;
  row: number | null;
  column: string | null;
  heading: string | null;
  message: string;
}
interface Deadline {
  key: string;
  label: string;
  dueOn: string;
  status: string;
  completedOn: string | null;
  overdue: boolean;
}

/** Five fictional reviews under way, as a partnership's tracker might hold them. */
const REVIEWS: Record<string, unknown>[] = [
  // Notified, not yet decided.
  {
    'Your reference': 'HAL/DHR/26/01',
    'Review type': 'DHR',
    'Date the partnership was told': '20/05/2026',
    'Date of death': '14/05/2026',
    'Agency that told the partnership': 'Cheshire Police',
    'Victim pseudonym': 'Adult P',
    'Victim age at death': 52,
    'Victim sex': 'Female',
    Circumstances: 'Fictional: found at home.',
  },
  // Gathering information: one agency has answered, one has not (overdue).
  {
    'Your reference': 'HAL/DHR/26/02',
    'Review type': 'DHR',
    'Date the partnership was told': '2026-03-02',
    'Date of death': '2026-02-25',
    'Agency that told the partnership': 'cheshire-police',
    'Victim pseudonym': 'Adult Q',
    'Victim age at death': 37,
    'Victim sex': 'Male',
    Circumstances: 'Fictional: a death after a long history of abuse.',
    Decision: 'Hold a review',
    'Date decided': '20/03/2026',
    'Reasons for the decision': 'Fictional: the statutory criteria are met.',
    'Date Home Office told of the decision': '24/03/2026',
    'Independent chair email': 'CHAIR',
    'Date chair appointed': '01/04/2026',
    'Date terms of reference agreed': '10/04/2026',
  },
  // Paused for a criminal trial, still paused.
  {
    'Your reference': 'HAL/DHR/26/03',
    'Review type': 'DHR',
    'Date the partnership was told': '10/01/2026',
    'Date of death': '02/01/2026',
    'Agency that told the partnership': 'Cheshire Police',
    'Victim pseudonym': 'Adult R',
    'Victim age at death': 29,
    'Victim sex': 'Female',
    Circumstances: 'Fictional: a suspect is charged.',
    Decision: 'Hold a review',
    'Date decided': '25/01/2026',
    'Reasons for the decision': 'Fictional: the criteria are met.',
    'Date Home Office told of the decision': '28/01/2026',
    'Independent chair email': 'CHAIR',
    'Date chair appointed': '01/02/2026',
    'Date terms of reference agreed': '10/02/2026',
  },
  // With the Home Office Quality Assurance Panel, after a pause for the family.
  {
    'Your reference': 'HAL/DHR/25/04',
    'Review type': 'DHR',
    'Date the partnership was told': '01/06/2025',
    'Date of death': '28/05/2025',
    'Agency that told the partnership': 'Cheshire Police',
    'Victim pseudonym': 'Adult S',
    'Victim age at death': 64,
    'Victim sex': 'Female',
    Circumstances: 'Fictional: an older victim.',
    Decision: 'Hold a review',
    'Date decided': '20/06/2025',
    'Reasons for the decision': 'Fictional: the criteria are met.',
    'Date Home Office told of the decision': '23/06/2025',
    'Independent chair email': 'CHAIR',
    'Date chair appointed': '01/07/2025',
    'Date terms of reference agreed': '15/07/2025',
    'Date information gathering finished': '01/10/2025',
    'Date draft report finished': '01/12/2025',
    'Date submitted to the Home Office': '01/02/2026',
  },
  // Published, in monitoring.
  {
    'Your reference': 'HAL/DHR/24/05',
    'Review type': 'DHR',
    'Date the partnership was told': '03/09/2024',
    'Date of death': '30/08/2024',
    'Agency that told the partnership': 'Cheshire Police',
    'Victim pseudonym': 'Adult T',
    'Victim age at death': 45,
    'Victim sex': 'Male',
    Circumstances: 'Fictional: a published review.',
    Decision: 'Hold a review',
    'Date decided': '20/09/2024',
    'Reasons for the decision': 'Fictional: the criteria are met.',
    'Date Home Office told of the decision': '25/09/2024',
    'Independent chair email': 'CHAIR',
    'Date chair appointed': '01/10/2024',
    'Date terms of reference agreed': '15/10/2024',
    'Date information gathering finished': '15/01/2025',
    'Date draft report finished': '01/04/2025',
    'Date submitted to the Home Office': '01/06/2025',
    'Home Office QA outcome': 'Approved for publication',
    'Date of QA letter': '01/04/2026',
    'Date report sent to the Domestic Abuse Commissioner': '05/04/2026',
    'Date published': '01/05/2026',
    'Web address of the published report': 'https://www.example.test/dhr-adult-t',
    'QA letter published with the report': 'Yes',
  },
];

const REQUESTS: Record<string, unknown>[] = [
  {
    'Your reference': 'HAL/DHR/26/02',
    'Agency asked': 'Cheshire Police',
    'What was asked for': 'An IMR and chronology',
    'Date asked': '12/04/2026',
    'Date due': '12/05/2026',
    'Date received': '10/05/2026',
  },
  { 'Your reference': 'HAL/DHR/26/02', 'Agency asked': 'housing', 'What was asked for': 'A chronology', 'Date asked': '12/04/2026', 'Date due': '30/05/2026' },
  {
    'Your reference': 'HAL/DHR/25/04',
    'Agency asked': 'Cheshire Police',
    'What was asked for': 'An IMR',
    'Date asked': '20/07/2025',
    'Date due': '20/08/2025',
    'Date received': '28/07/2025',
  },
];

const PAUSES: Record<string, unknown>[] = [
  {
    'Your reference': 'HAL/DHR/26/03',
    'Why paused': 'Criminal proceedings',
    Reason: 'Fictional: waiting for the criminal trial to end.',
    'Date paused': '01/03/2026',
    'Expected end': '30/09/2026',
  },
  {
    'Your reference': 'HAL/DHR/25/04',
    'Why paused': 'The family asked',
    Reason: 'Fictional: the family asked for time.',
    'Date paused': '01/08/2025',
    'Date resumed': '31/08/2025',
  },
];

jest.setTimeout(180_000);

/** Issue 17.1: reviews already under way, brought in from a spreadsheet with their history. */
describe('Importing reviews already under way', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, chair: TestUser, panel: TestUser;
  let filled: Buffer;
  let readyImport: string;

  const upload = (user: TestUser, bytes: Buffer, name: string) =>
    api.http().post('/api/imports/reviews').set('Authorization', `Bearer ${user.token}`).attach('file', bytes, name);
  const reviewCount = async () => (await api.get(manager, '/api/reviews?pageSize=1').expect(200)).body.total as number;

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    admin = await api.admin();
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    panel = await api.user(['panel-member'], 'cheshire-police', 'Pat Police');
  });
  afterAll(() => api.stop());

  it('gives a template whose sheets and headings are the import’s, as XLSX and as CSV, and reads it back filled in', async () => {
    const template = await api.download(admin, '/api/imports/reviews/template.xlsx').expect(200);
    expect(template.headers['content-type']).toBe(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.body);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Reviews', 'Information requests', 'Pauses', 'Guidance']);
    for (const sheet of SHEETS) {
      const headings = (workbook.getWorksheet(sheet.name)!.getRow(1).values as unknown[]).slice(1);
      expect(headings).toEqual(sheet.columns.map((column) => column.heading));
    }
    // A choice column offers its choices as a drop-down; a heading says what goes in it.
    const reviews = workbook.getWorksheet('Reviews')!;
    const decision = SHEETS[0].columns.findIndex((column) => column.key === 'decision') + 1;
    expect(reviews.getRow(2).getCell(decision).dataValidation.formulae[0]).toContain('Hold a review');
    expect(String(reviews.getRow(1).getCell(1).note)).toContain('Importing a review with the same reference again creates nothing');

    const csv = await api.get(manager, '/api/imports/reviews/template.csv?sheet=pauses').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.trim()).toBe('Your reference,Why paused,Reason,Date paused,Expected end,Date resumed');
    await api.get(manager, '/api/imports/reviews/template.csv?sheet=nonsense').expect(400);

    // Fill the downloaded template in, as an administrator would, and check it (a dry run).
    fill(
      workbook,
      'Reviews',
      REVIEWS.map((row) => ({ ...row, ...(row['Independent chair email'] ? { 'Independent chair email': chair.email } : {}) })),
    );
    fill(workbook, 'Information requests', REQUESTS);
    fill(workbook, 'Pauses', PAUSES);
    filled = Buffer.from(await workbook.xlsx.writeBuffer());

    const checked = (await upload(admin, filled, 'tracker.xlsx').expect(201)).body;
    expect(checked.report.problems).toEqual([]);
    expect(checked).toMatchObject({
      status: 'ready',
      fileName: 'tracker.xlsx',
      report: { summary: { reviews: 5, toCreate: 5, alreadyImported: 0, problems: 0 } },
    });
    const predicted = Object.fromEntries(checked.report.reviews.map((row: { importReference: string }) => [row.importReference, row]));
    expect(predicted['HAL/DHR/26/01']).toMatchObject({ row: 2, outcome: 'create', stage: 'decision', status: 'open', steps: [] });
    expect(predicted['HAL/DHR/26/02']).toMatchObject({
      outcome: 'create',
      stage: 'information',
      steps: [
        'decide',
        'record-home-office-notice',
        'appoint-chair',
        'agree-terms-of-reference',
        'request-information',
        'request-information',
        'receive-information',
      ],
    });
    expect(predicted['HAL/DHR/26/03']).toMatchObject({ stage: 'information', status: 'paused' });
    expect(predicted['HAL/DHR/25/04']).toMatchObject({ stage: 'home-office-qa', stageName: 'Home Office quality assurance' });
    expect(predicted['HAL/DHR/24/05']).toMatchObject({ stage: 'monitoring' });
    // A dry run creates nothing.
    expect(await reviewCount()).toBe(0);
    readyImport = checked.id;
  });

  it('lists every problem of a dry run by sheet, row and column, in plain words, and will not import it', async () => {
    const csv = [
      'Your reference,Review type,Date the partnership was told,Date of death,Agency that told the partnership,Victim pseudonym,Victim age at death,Victim sex,Circumstances,Decision,Date decided,Reasons for the decision,Date terms of reference agreed',
      // Row 2: a date that does not exist, an agency the partnership lacks, a sex not offered.
      'BAD/1,DHR,01/05/2026,31/02/2026,Atlantis Constabulary,Adult U,40,Unsure,Fictional.,,,,',
      // Row 3: no pseudonym; a decision with no date or reasons.
      'BAD/2,DHR,01/05/2026,28/04/2026,Cheshire Police,,40,Female,Fictional.,Hold a review,,,',
      // Row 4: the death after the partnership was told (the product's own rule), found by trying it.
      'BAD/3,DHR,01/05/2026,03/05/2026,Cheshire Police,Adult W,40,Female,Fictional.,,,,',
      // Row 5: terms of reference agreed with no chair appointed (the ruleset's guard).
      'BAD/4,DHR,01/04/2026,28/03/2026,Cheshire Police,Adult X,40,Female,Fictional.,Hold a review,10/04/2026,Fictional: criteria met.,20/04/2026',
      // Row 6: the same reference twice; a date in the future.
      'BAD/4,DHR,01/07/2026,28/03/2026,Cheshire Police,Adult Y,40,Female,Fictional.,,,,',
    ].join('\r\n');
    const checked = (await upload(manager, Buffer.from(csv), 'reviews.csv').expect(201)).body;
    expect(checked.status).toBe('has-problems');
    const problems = checked.report.problems as Problem[];
    const at = (row: number, column: string | null) => problems.filter((p) => p.row === row && p.column === column).map((p) => p.message);
    expect(at(2, 'D')).toEqual(['Date of death must be a real date, like 25/12/2025']);
    expect(at(2, 'E')).toEqual(['Agency that told the partnership Atlantis Constabulary is not a partner agency: use a name or code the service lists']);
    expect(at(2, 'H')).toEqual(['Victim sex must be one of: Female, Male, Not known']);
    expect(at(3, 'F')).toEqual(['Victim pseudonym is missing']);
    expect(at(3, 'K')).toEqual(['Date decided is needed with "Decision"']);
    expect(at(3, 'L')).toEqual(['Reasons for the decision is needed with "Decision"']);
    expect(at(4, 'D')).toEqual(['Date of death must be on or before "date the partnership was told" (1 May 2026)']);
    expect(at(5, 'M')).toEqual([expect.stringMatching(/^Date terms of reference agreed: .*chair/)]);
    expect(at(6, 'A')).toEqual(['Your reference BAD/4 is on row 5 too: give each review one row']);
    expect(at(6, 'C')).toEqual(['Date the partnership was told must be today or in the past (it says 1 July 2026)']);
    for (const problem of problems) {
      expect(problem.sheet).toBe('Reviews');
      // Plain words: no ISO dates, no field codes.
      expect(problem.message).not.toMatch(/\d{4}-\d{2}-\d{2}|notifiedOn|dateOfDeath|agreedOn/);
    }
    expect(checked.report.summary).toMatchObject({ reviews: 5, toCreate: 0, problems: problems.length });

    // Nothing is written: confirming is refused, and no review exists.
    const refused = (await api.post(manager, `/api/imports/reviews/${checked.id}/confirm`, {}).expect(409)).body;
    expect(refused.detail).toMatch(/correct the file and upload it again/);
    expect(await reviewCount()).toBe(0);

    // A file that is not the template's is named as such.
    const stranger = (await upload(manager, Buffer.from('Name,Age\nX,1\n'), 'other.csv').expect(201)).body;
    expect(stranger.report.problems).toEqual([expect.objectContaining({ row: 1, message: expect.stringMatching(/^The first row must be the headings/) })]);
  });

  it('imports the five reviews in one go, their stage, clocks and history dated as they happened, each audited as imported', async () => {
    const imported = (await api.post(admin, `/api/imports/reviews/${readyImport}/confirm`, {}).expect(200)).body;
    expect(imported).toMatchObject({ status: 'imported', report: { summary: { reviews: 5, toCreate: 5 } } });
    expect(await reviewCount()).toBe(5);
    const byRef = Object.fromEntries(imported.report.reviews.map((row: { importReference: string; reviewId: string }) => [row.importReference, row.reviewId]));
    const review = async (ref: string) => (await api.get(manager, `/api/reviews/${byRef[ref]}`).expect(200)).body;
    const due = (deadlines: Deadline[], key: string) => deadlines.find((d) => d.key === key);

    // Notified on 20 May 2026: the decision is due a month later, and still outstanding.
    const p = await review('HAL/DHR/26/01');
    expect(p).toMatchObject({ stage: 'decision', status: 'open', notifiedOn: '2026-05-20', dateOfDeath: '2026-05-14', victim: { pseudonym: 'Adult P' } });
    expect(due(p.deadlines, 'decision')).toMatchObject({ dueOn: '2026-06-20', completedOn: null });

    // Decided on 20 March: the review clock runs six months from then; the Home Office was told on 24 March.
    const q = await review('HAL/DHR/26/02');
    expect(q).toMatchObject({ stage: 'information', status: 'open', chair: expect.objectContaining({ userId: chair.id }) });
    expect(due(q.deadlines, 'decision')).toMatchObject({ dueOn: '2026-04-02', completedOn: '2026-03-20' });
    expect(due(q.deadlines, 'home-office-notice')).toMatchObject({ dueOn: '2026-03-27', completedOn: '2026-03-24' });
    expect(due(q.deadlines, 'review')).toMatchObject({ dueOn: '2026-09-20', completedOn: null });
    const requests = (q.deadlines as Deadline[]).filter((d) => d.key.startsWith('information-request:'));
    expect(requests.map(({ label, dueOn, completedOn, status, overdue }) => ({ label, dueOn, completedOn, status, overdue }))).toEqual(
      expect.arrayContaining([
        { label: 'Information from Cheshire Police', dueOn: '2026-05-12', completedOn: '2026-05-10', status: 'met', overdue: false },
        { label: 'Information from Housing', dueOn: '2026-05-30', completedOn: null, status: 'missed', overdue: true },
      ]),
    );
    expect((q.history as { action: string; on: string }[]).map(({ action, on }) => [action, on])).toEqual([
      ['notification', '2026-03-02'],
      ['decide', '2026-03-20'],
      ['record-home-office-notice', '2026-03-24'],
      ['appoint-chair', '2026-04-01'],
      ['agree-terms-of-reference', '2026-04-10'],
      ['request-information', '2026-04-12'],
      ['request-information', '2026-04-12'],
      ['receive-information', '2026-05-10'],
    ]);

    // Paused since 1 March for a criminal trial, expected to end on 30 September.
    const r = await review('HAL/DHR/26/03');
    expect(r).toMatchObject({ stage: 'information', status: 'paused' });
    expect(r.pauses).toEqual([
      expect.objectContaining({ category: 'criminal-proceedings', startedOn: '2026-03-01', endedOn: null, expectedEndOn: '2026-09-30' }),
    ]);

    // Paused for the family in August 2025: the review clock moved on by the days paused, then met when submitted.
    const s = await review('HAL/DHR/25/04');
    expect(s).toMatchObject({ stage: 'home-office-qa', status: 'open' });
    const clock = due(s.deadlines, 'review')!;
    expect(clock.completedOn).toBe('2026-02-01');
    expect(clock.dueOn > '2025-12-20').toBe(true);
    expect(s.pauses).toEqual([expect.objectContaining({ startedOn: '2025-08-01', endedOn: '2025-08-31' })]);

    // Published: the commissioner's copy recorded, in monitoring.
    const t = await review('HAL/DHR/24/05');
    expect(t).toMatchObject({ stage: 'monitoring', status: 'open', publication: expect.objectContaining({ publishedOn: '2026-05-01' }) });
    expect(due(t.deadlines, 'commissioner-copy')).toMatchObject({ dueOn: '2026-04-08', completedOn: '2026-04-05' });

    // Each step's audit entry says it was imported; guards met outside the product are named as waived.
    const audit = (await api.get(manager, `/api/reviews/${byRef['HAL/DHR/24/05']}/audit?pageSize=100&order=oldest`).expect(200)).body.items as {
      action: string;
      changes: { details?: { imported?: { importId: string }; guardsWaived?: string[] } };
    }[];
    const actions = audit.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['review.created', 'review.action.decide', 'review.action.publish', 'review.imported']));
    const publish = audit.find((entry) => entry.action === 'review.action.publish')!;
    expect(publish.changes.details).toMatchObject({ imported: { importId: readyImport }, guardsWaived: expect.arrayContaining(['report-anonymised']) });

    // Nothing of the history is mailed now: whatever was needed was sent at the time.
    const outbox = (await api.get(admin, '/api/admin/outbox?pageSize=100').expect(200)).body.items as { status: string; withdrawnReason?: string }[];
    expect(outbox.filter((mail) => mail.status === 'pending' || mail.status === 'sent')).toEqual([]);
  });

  it('creates nothing when the same file is imported again', async () => {
    await api.post(admin, `/api/imports/reviews/${readyImport}/confirm`, {}).expect(409);
    const again = (await upload(admin, filled, 'tracker.xlsx').expect(201)).body;
    expect(again).toMatchObject({ status: 'nothing-to-import', report: { summary: { reviews: 5, toCreate: 0, alreadyImported: 5, problems: 0 } } });
    expect(again.report.reviews.every((row: { outcome: string }) => row.outcome === 'already-imported')).toBe(true);
    await api.post(admin, `/api/imports/reviews/${again.id}/confirm`, {}).expect(200);
    expect(await reviewCount()).toBe(5);
    const list = (await api.get(admin, '/api/imports/reviews').expect(200)).body;
    expect(list.items.map((item: { status: string }) => item.status).sort()).toEqual(['has-problems', 'has-problems', 'imported', 'imported']);
  });

  it('works in the browser, on a phone: upload, the problems by row and column, then the import', async () => {
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser = await launchChromium();
    try {
      const journey = new Journey(join(__dirname, 'artifacts', 'imports'), url);
      const person = await journey.person(browser, 'manager', { width: 390, height: 844 });
      await signIn(person.page, manager.email, PASSWORD);
      await person.page.goto('/reviews');
      await person.page.getByRole('link', { name: 'Import reviews already under way from a spreadsheet' }).click();
      await person.check('imports');
      // A CSP manager imports, but the administration pages are not theirs: no menu to them.
      expect(await person.page.getByRole('navigation', { name: 'Administration' }).count()).toBe(0);
      const headings =
        'Your reference,Review type,Date the partnership was told,Date of death,Agency that told the partnership,Victim pseudonym,Victim age at death,Victim sex,Circumstances';
      // First a file with a problem: the page names the row and column.
      await person.page.setInputFiles('#file', {
        name: 'one.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${headings}\r\nHAL/DHR/26/06,DHR,01/06/2026,30/05/2026,Cheshire Police,Adult Z,33,Female,\r\n`),
      });
      await person.page.getByRole('button', { name: 'Check the file' }).click();
      await person.page.getByRole('heading', { name: 'Check the import' }).waitFor();
      await person.check('problems');
      const problemRow = person.page.locator('#problems').locator('xpath=ancestor::table').locator('tbody tr');
      await expect(problemRow.first().innerText()).resolves.toMatch(/Reviews\s+2\s+I \(Circumstances\)\s+Circumstances is missing/);
      expect(await person.page.getByRole('button', { name: 'Import the reviews' }).count()).toBe(0);
      // Then the file put right: what will be created, then imported.
      await person.page.goto('/admin/imports');
      await person.page.setInputFiles('#file', {
        name: 'one.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${headings}\r\nHAL/DHR/26/06,DHR,01/06/2026,30/05/2026,Cheshire Police,Adult Z,33,Female,Fictional: at home.\r\n`),
      });
      await person.page.getByRole('button', { name: 'Check the file' }).click();
      await person.page.getByText('Will be created as DHR-2026-').waitFor();
      await expect(person.page.getByText('Decide whether to hold a review: due 1 July 2026').count()).resolves.toBe(1);
      await person.check('ready');
      await person.page.getByRole('button', { name: 'Import the reviews' }).click();
      await person.page.getByText('1 review imported').waitFor();
      await person.check('imported');
      await person.page.getByRole('link', { name: 'HAL/DHR/26/06' }).click();
      await person.page
        .getByRole('heading', { name: /Adult Z/ })
        .first()
        .waitFor();
      expect(journey.findings).toEqual([]);
      expect(await reviewCount()).toBe(6);
    } finally {
      await browser.close();
    }
  });

  it('is refused to those who do not import, and names a missing file', async () => {
    await upload(panel, filled, 'tracker.xlsx').expect(403);
    await api.get(chair, '/api/imports/reviews/template.xlsx').expect(403);
    const missing = (await api.post(admin, '/api/imports/reviews', {}).expect(400)).body;
    expect(missing.errors).toEqual([expect.objectContaining({ field: 'file' })]);
  });
});

/** Writes rows into a sheet of the template under its headings. */
function fill(workbook: ExcelJS.Workbook, name: string, rows: Record<string, unknown>[]): void {
  const sheet = workbook.getWorksheet(name)!;
  const headings = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? ''));
  rows.forEach((row, index) => {
    const target = sheet.getRow(index + 2);
    for (const [heading, value] of Object.entries(row)) {
      const column = headings.indexOf(heading);
      if (column < 1) throw new Error(`No column ${heading} on ${name}`);
      target.getCell(column).value = value as ExcelJS.CellValue;
    }
    target.commit();
  });
}
