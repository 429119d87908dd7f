import fc from 'fast-check';
import { findIdentifiers, fold, namePatterns } from './find-identifiers';

const victim = { label: 'victim', name: 'Jane Exampleton' };
const perpetrator = { label: 'perpetrator', name: 'Robert Fictionson', dateOfBirth: '1979-06-02' };

describe('findIdentifiers: names', () => {
  it('finds the whole name, with its context marked', () => {
    const [finding] = findIdentifiers('The review considered the death of Jane Exampleton in her home.', [victim]);
    expect(finding).toMatchObject({ kind: 'name', label: 'victim', match: 'Jane Exampleton', offset: 35, length: 15 });
    expect(finding.context).toBe('The review considered the death of ⟦Jane Exampleton⟧ in her home.');
  });

  it.each([
    ['Ms Exampleton attended', 'Ms Exampleton'],
    ['DOE: EXAMPLETON, Jane said', 'EXAMPLETON, Jane'],
    ['Exampleton Jane', 'Exampleton Jane'],
    ['Mrs. Jane went', 'Mrs. Jane'],
    ['seen by Exampleton alone', 'Exampleton'],
    ['Jane\n  Exampleton', 'Jane Exampleton'],
    ['JANE EXAMPLETON', 'JANE EXAMPLETON'],
  ])('finds %j as %j', (text, match) => {
    expect(findIdentifiers(text, [victim]).map((f) => f.match)).toEqual([match]);
  });

  it('is accent-insensitive both ways', () => {
    const accented = { label: 'family member', name: 'Zoë Müller-Fictif' };
    expect(findIdentifiers('Zoe Muller-Fictif and ZOË MÜLLER- FICTIF', [accented]).map((f) => f.match)).toEqual(['Zoe Muller-Fictif', 'ZOË MÜLLER- FICTIF']);
    expect(findIdentifiers('Jáne Éxampleton', [victim])).toHaveLength(1);
  });

  it('matches whole words only', () => {
    const ann = { label: 'witness', name: 'Ann Testcase' };
    expect(findIdentifiers('The Annual report; Testcases; Annie', [ann])).toEqual([]);
    expect(findIdentifiers('Ann said', [ann]).map((f) => f.match)).toEqual(['Ann']);
  });

  it('does not match a common word alone, but does in the whole name or after a title', () => {
    const may = { label: 'family member', name: 'May Fictionby' };
    expect(findIdentifiers('The panel may decide.', [may])).toEqual([]);
    expect(findIdentifiers('Ms May said; May Fictionby too', [may]).map((f) => f.match)).toEqual(['Ms May', 'May Fictionby']);
  });

  it('keeps the longest of overlapping matches', () => {
    expect(findIdentifiers('Jane Exampleton', [victim])).toHaveLength(1);
  });

  it('a single-part name is matched as recorded', () => {
    expect(findIdentifiers('Al was there; Alan was not', [{ label: 'witness', name: 'Al' }]).map((f) => f.offset)).toEqual([0]);
  });

  it('property: a name inserted anywhere into text of other words is found, at its place, whatever its case', () => {
    const filler = fc.array(fc.constantFrom('the', 'panel', 'agency', 'report', 'annual', 'police', '\n', 'she', 'review', '12', 'x'), { maxLength: 30 });
    fc.assert(
      fc.property(
        filler,
        filler,
        fc.constantFrom('Jane Exampleton', 'JANE EXAMPLETON', 'jane\nexampleton', 'Exampleton, Jane', 'Jâne Exâmpletôn'),
        (before, after, name) => {
          const head = before.join(' ');
          const text = `${head} ${name} ${after.join(' ')}`;
          const findings = findIdentifiers(text, [victim]);
          expect(findings.some((f) => f.kind === 'name' && f.offset === head.length + 1 && f.length === name.length)).toBe(true);
        },
      ),
    );
  });

  it('property: text made only of letters not in the name has no name finding', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '\n', '.') }), (text) => {
        expect(findIdentifiers(text, [victim])).toEqual([]);
      }),
    );
  });

  it('property: folding keeps offsets pointing at the original text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const folded = fold(text);
        for (let i = 0; i < folded.text.length; i++) {
          const span = folded.span(i, 1);
          expect(span.offset).toBeGreaterThanOrEqual(0);
          expect(span.offset + span.length).toBeLessThanOrEqual(text.length);
        }
      }),
    );
  });

  it('ignores titles in the recorded name', () => {
    expect(namePatterns('Mrs Jane Exampleton').length).toBe(namePatterns('Jane Exampleton').length);
  });
});

describe('findIdentifiers: dates of birth', () => {
  it.each([
    'born 12/03/1985',
    'DOB: 12.03.1985',
    'd.o.b. 12-03-1985',
    'date of birth 12 March 1985',
    'She was born on the 12th March 1985',
    'Born March 12, 1985',
    'born 1985-03-12',
    '12/3/85 (date of birth)',
  ])('finds %j', (text) => {
    const findings = findIdentifiers(text, []);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'date-of-birth', label: 'date of birth', date: '1985-03-12' });
  });

  it('leaves other dates alone when no date of birth is recorded', () => {
    expect(findIdentifiers('The panel met on 12/03/2025 and on 4 April 2025.', [])).toEqual([]);
  });

  it('finds any date equal to a recorded date of birth, labelled with whose', () => {
    const findings = findIdentifiers('On 2 June 1979 nothing happened; on 02/06/1979 neither.', [perpetrator]);
    expect(findings.map((f) => [f.label, f.date])).toEqual([
      ["perpetrator's date of birth", '1979-06-02'],
      ["perpetrator's date of birth", '1979-06-02'],
    ]);
  });

  it('refuses impossible dates', () => {
    expect(findIdentifiers('born 31/02/1985', [])).toEqual([]);
  });

  it('property: a recorded date of birth written in any supported form is found', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 4 }), (date, form) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const written = [
          `${d}/${m}/${y}`,
          `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`,
          iso,
          `${d} ${months[m - 1]} ${y}`,
          `${months[m - 1]} ${d}, ${y}`,
        ][form];
        const findings = findIdentifiers(`The letter of ${written} said so.`, [{ label: 'witness', name: 'Sam Placeholder', dateOfBirth: iso }]);
        expect(findings.map((f) => f.date)).toEqual([iso]);
      }),
    );
  });
});
