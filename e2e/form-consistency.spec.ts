/**
 * Every page, on a desktop and on a phone: all visible text-like inputs, selects and textareas look alike
 * (height, font size, border, within a pixel, across the pages a visitor moves between), and no page scrolls
 * sideways. A review of the pages found half the fields unstyled (21 px tall, 13 px text) because the CSS named input
 * types and those inputs had none; this keeps that whole class of slip from coming back.
 */
import type { Page } from '@playwright/test';
import { QueryTypes } from 'sequelize';
import { CUSTOM_FIELD_TYPES } from '~/models/custom-fields';
import { insertCustomFieldDefinition, listCustomFieldDefinitions } from '~/models/custom-field-store.server';
import { E2E_BASE_URL } from './e2e-env';
import { announceDefinitionsChange, confirmedJoinPath, e2eDatabase, expect, signIn, test } from './fixtures';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface FieldLook {
  path: string;
  field: string;
  /** null for a textarea: it is meant to be taller, and people resize it. */
  height: number | null;
  fontSize: number;
  borderWidth: number;
  borderStyle: string;
  borderColor: string;
}

/** Types that are not typed or picked into, so they are allowed to look different. */
const NOT_TEXT_LIKE = ['hidden', 'checkbox', 'radio', 'file', 'submit', 'button', 'reset', 'image', 'range', 'color'];

async function fieldLooks(page: Page, path: string): Promise<FieldLook[]> {
  const looks = await page.locator('input, select, textarea').evaluateAll((elements, notTextLike) => {
    return elements
      .filter((element) => {
        if (element instanceof HTMLInputElement && notTextLike.includes(element.type)) return false;
        const box = element.getBoundingClientRect();
        return element.checkVisibility() && box.width > 0 && box.height > 0;
      })
      .map((element) => {
        const style = getComputedStyle(element);
        const sides = ['Top', 'Right', 'Bottom', 'Left'] as const;
        const widths = sides.map((side) => parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)));
        const name = element.getAttribute('name') ?? element.id;
        return {
          field: `${element.tagName.toLowerCase()}[name=${name}]`,
          height: element instanceof HTMLTextAreaElement ? null : element.getBoundingClientRect().height,
          fontSize: parseFloat(style.fontSize),
          // Four equal sides or the odd one out shows as the largest.
          borderWidth: Math.max(...widths) + (Math.max(...widths) - Math.min(...widths)),
          borderStyle: style.borderTopStyle,
          borderColor: style.borderTopColor,
        };
      });
  }, NOT_TEXT_LIKE);
  return looks.map((look) => ({ path, ...look }));
}

/** The most common value: the look the stylesheet means fields to have. */
function usual<T>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/** Fields whose look differs from the usual one by more than a pixel, described so a failure says where. */
function oddFields(looks: FieldLook[]): string[] {
  const heights = looks.flatMap((look) => (look.height === null ? [] : [Math.round(look.height)]));
  const expected = {
    height: usual(heights),
    fontSize: usual(looks.map((look) => Math.round(look.fontSize))),
    borderWidth: usual(looks.map((look) => Math.round(look.borderWidth))),
    borderStyle: usual(looks.map((look) => look.borderStyle)),
    borderColor: usual(looks.map((look) => look.borderColor)),
  };
  return looks
    .filter(
      (look) =>
        (look.height !== null && Math.abs(look.height - expected.height) > 1) ||
        Math.abs(look.fontSize - expected.fontSize) > 1 ||
        Math.abs(look.borderWidth - expected.borderWidth) > 1 ||
        look.borderStyle !== expected.borderStyle ||
        look.borderColor !== expected.borderColor,
    )
    .map(
      (look) =>
        `${look.path} ${look.field}: ${look.height === null ? 'textarea' : `${look.height}px tall`}, ` +
        `${look.fontSize}px text, border ${look.borderWidth}px ${look.borderStyle} ${look.borderColor} ` +
        `(usual: ${expected.height}px, ${expected.fontSize}px, ${expected.borderWidth}px ${expected.borderStyle} ${expected.borderColor})`,
    );
}

async function visitAll(page: Page, paths: string[]): Promise<FieldLook[]> {
  const looks: FieldLook[] = [];
  const sideways: string[] = [];
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(500);
    await page.waitForLoadState('networkidle');
    looks.push(...(await fieldLooks(page, path)));
    const overflow = await page.evaluate(() => {
      const root = document.scrollingElement!;
      return root.scrollWidth - root.clientWidth;
    });
    if (overflow > 0) sideways.push(`${path} scrolls ${overflow}px sideways`);
  }
  // A page set with fewer than two fields would compare nothing: the sets below all hold many.
  expect(looks.length, 'fields found').toBeGreaterThan(5);
  expect(oddFields(looks), 'fields that look unlike the others').toEqual([]);
  expect(sideways, 'pages wider than the screen').toEqual([]);
  return looks;
}

// A field HR defines of each type, so /me, HR's employee page and the join form show their inputs beside the built-in ones
// (docs/decisions/023-hr-defined-field-storage.md); retired afterwards, so the suites that follow see the forms
// as before.
const lookKeys = () => CUSTOM_FIELD_TYPES.map((type) => `look_${type.replace('-', '_')}`);
test.beforeAll(async () => {
  const db = e2eDatabase();
  const existing = new Set((await listCustomFieldDefinitions(db)).map((field) => field.key));
  for (const type of CUSTOM_FIELD_TYPES) {
    const key = `look_${type.replace('-', '_')}`;
    if (existing.has(key)) continue;
    await insertCustomFieldDefinition(db, {
      key,
      label: `Look ${type}`,
      helpText: null,
      type,
      required: false,
      visibility: 'everyone',
      editableBy: 'person',
      needsApproval: false,
      searchable: false,
      facet: false,
      section: null,
      retired: false,
      options: [
        { value: 'one', label: 'One', retired: false },
        { value: 'two', label: 'Two', retired: false },
      ],
    });
  }
  await announceDefinitionsChange(lookKeys(), ['added']);
});
test.afterAll(async () => {
  const db = e2eDatabase();
  await db.sequelize.query("UPDATE field_definitions SET is_retired = 1 WHERE field_key LIKE 'look%'", {
    type: QueryTypes.UPDATE,
  });
  await db.sequelize.query("UPDATE field_definitions_version SET version = version + 1 WHERE name = 'fields'", {
    type: QueryTypes.UPDATE,
  });
  await announceDefinitionsChange(lookKeys(), ['retired']);
});

for (const viewport of VIEWPORTS) {
  test.describe(`on a ${viewport.name} (${viewport.width}x${viewport.height})`, () => {
    test('signed-out pages', async ({ page }) => {
      await page.setViewportSize(viewport);
      // The profile form a join link opens, with the fields HR defines that a newcomer fills in.
      const joinForm = await confirmedJoinPath(`consistency.${viewport.name}@xyz.example`);
      const looks = await visitAll(page, [
        '/login',
        '/join',
        joinForm,
        '/forgot-password',
        '/reset-password?token=expired-or-unknown-token-000000',
        '/no/such/page',
      ]);
      // Every type but several choices (checkboxes) is a text-like input, select or textarea compared above.
      const customOnJoin = looks.filter((look) => look.path === joinForm && look.field.includes('[name=custom.look_'));
      expect(customOnJoin.length, "the join form's inputs for fields HR defines").toBe(CUSTOM_FIELD_TYPES.length - 1);
    });

    test('employee pages', async ({ employeePage: page, employee }) => {
      await page.setViewportSize(viewport);
      await visitAll(page, ['/employees', `/employees/${employee.id}`, '/me']);
    });

    test('HR admin pages', async ({ adminPage: page, employee }) => {
      await page.setViewportSize(viewport);
      await visitAll(page, [
        '/admin',
        '/admin/people',
        `/admin/employees/${employee.id}`,
        '/admin/import',
        '/admin/notifications',
        '/admin/fields',
      ]);
    });
  });
}

/**
 * The translated pages again with the browser asking for German, whose longer words are the likeliest to push a
 * field out of line or a page sideways (docs/decisions/334-messages-in-icu-catalogues.md). On the phone only: the
 * narrow screen is where a long word breaks a layout (it found the privacy page's table 267 px too wide), and the
 * visual suite's German snapshots are taken at desktop width. A page joins when it is added: put its path in the
 * list of whoever sees it (`employeeId`: an active employee's id).
 */
const IN_GERMAN: Record<'visitor' | 'employee' | 'hr', (paths: { joinForm: string; employeeId: string }) => string[]> =
  {
    visitor: ({ joinForm }) => ['/login', '/join', joinForm],
    employee: ({ employeeId }) => ['/employees', `/employees/${employeeId}`, '/me', '/org', '/privacy'],
    hr: ({ employeeId }) => [
      '/admin',
      '/admin/people',
      `/admin/employees/${employeeId}`,
      '/admin/import',
      '/admin/notifications',
      '/admin/fields',
      '/admin/scim',
      '/admin/webhooks',
    ],
  };

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  for (const viewport of VIEWPORTS.filter(({ name }) => name === 'phone')) {
    test(`the translated pages on a ${viewport.name} (${viewport.width}x${viewport.height})`, async ({
      browser,
      page,
      employee,
      makeEmployee,
    }) => {
      await page.setViewportSize(viewport);
      const paths = {
        joinForm: await confirmedJoinPath(`consistency.de.${viewport.name}@xyz.example`),
        employeeId: employee.id,
      };
      await visitAll(page, IN_GERMAN.visitor(paths));
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      for (const viewer of ['employee', 'hr'] as const) {
        const signedInPaths = IN_GERMAN[viewer](paths);
        if (signedInPaths.length === 0) continue;
        const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: 'de-DE', viewport });
        try {
          await signIn(context, viewer === 'employee' ? employee : await makeEmployee({ role: 'admin' }));
          await visitAll(await context.newPage(), signedInPaths);
        } finally {
          await context.close();
        }
      }
    });
  }
});
