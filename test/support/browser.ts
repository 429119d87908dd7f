import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium, headless, with nothing reaching out to the network (see docs/user-guide.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * One person's browser for a journey: every page they land on is screenshotted into the
 * journey's folder and checked with axe-core against WCAG 2.2 AA; findings are collected for the
 * test to assert on.
 */
export class Journey {
  readonly findings: AxeFinding[] = [];
  readonly pagesChecked: string[] = [];
  private step = 0;

  constructor(
    readonly folder: string,
    private readonly baseUrl: string,
  ) {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
  }

  async person(
    browser: Browser,
    who: string,
    viewport?: { width: number; height: number },
  ): Promise<{ page: Page; context: BrowserContext; check: (name: string) => Promise<void>; open: (path: string, name: string) => Promise<void> }> {
    const context = await browser.newContext({ baseURL: this.baseUrl, ...(viewport ? { viewport } : {}) });
    const page = await context.newPage();
    const check = async (name: string) => {
      this.step += 1;
      const label = `${String(this.step).padStart(2, '0')}-${who}-${name}`;
      await page.screenshot({ path: join(this.folder, `${label}.png`), fullPage: true });
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      this.pagesChecked.push(label);
      for (const v of results.violations)
        this.findings.push({ page: label, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) });
    };
    const open = async (path: string, name: string) => {
      await page.goto(path);
      await check(name);
    };
    return { page, context, check, open };
  }
}

/** Types a YYYY-MM-DD date into a GOV.UK date input whose boxes have ids `<id>-day` etc. */
export async function fillDate(page: Page, id: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-');
  await page.fill(`#${id}-day`, String(Number(day)));
  await page.fill(`#${id}-month`, String(Number(month)));
  await page.fill(`#${id}-year`, year);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}
