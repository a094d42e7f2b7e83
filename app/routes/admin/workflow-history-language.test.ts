import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { RawIntlProvider } from 'react-intl';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { catalogue } from '~/i18n/catalogue.server';
import type { Language } from '~/i18n/languages';
import { WorkflowHistory, type WorkflowHistoryView } from '~/components/workflow-history';

/** An execution as the engines store it: state names, outcomes and English summaries (app/workflow/step-summaries.ts). */
const history: WorkflowHistoryView = {
  executionName: 'execution-1',
  status: 'running',
  startedAt: '2026-12-07T23:30:00.000Z',
  steps: [
    {
      name: 'WaitForPhoto',
      enteredAt: '2026-12-07T23:30:00.000Z',
      exitedAt: '2026-12-07T23:31:00.000Z',
      outcome: 'succeeded',
      summary: 'Photo held for HR review (no consent: check by eye)',
    },
    {
      name: 'CheckRecord',
      enteredAt: '2026-12-07T23:31:00.000Z',
      exitedAt: '2026-12-07T23:32:00.000Z',
      outcome: 'succeeded',
      summary: 'Record checks failed: unique-work-email, manager-active',
    },
    {
      name: 'PlanHrReview',
      enteredAt: '2026-12-07T23:32:00.000Z',
      exitedAt: '2026-12-07T23:32:01.000Z',
      outcome: 'succeeded',
      summary: 'Waiting for HR; reminder after 3 days',
    },
    { name: 'AwaitHrDecision', enteredAt: '2026-12-07T23:32:01.000Z', outcome: 'running' },
  ],
};

function rows(language: Language) {
  const html = renderToStaticMarkup(
    createElement(RawIntlProvider, { value: catalogue(language).intl }, createElement(WorkflowHistory, { history })),
  );
  const { document } = parseHTML(`<body>${html}</body>`);
  return {
    status: document.querySelector('[data-workflow-status]')!.textContent,
    steps: [...document.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map((cell) => cell.textContent),
    ),
  };
}

describe("the verification workflow's history", () => {
  it('names each step, outcome and summary in the page language, with dates as the viewer reads them', () => {
    const german = rows('de');
    expect(german.status).toBe('Läuft · begonnen 07.12.2026, 23:30');
    expect(german.steps).toEqual([
      [
        'Auf das Foto warten',
        '07.12.2026, 23:30',
        '07.12.2026, 23:31',
        'Erledigt',
        'Foto wartet auf Prüfung durch HR (keine Einwilligung – selbst ansehen)',
      ],
      [
        'Angaben prüfen',
        '07.12.2026, 23:31',
        '07.12.2026, 23:32',
        'Erledigt',
        'Prüfung der Angaben nicht bestanden: Geschäftliche E-Mail-Adresse eindeutig und Führungskraft aktiv',
      ],
      [
        'Prüfung durch HR planen',
        '07.12.2026, 23:32',
        '07.12.2026, 23:32',
        'Erledigt',
        'Wartet auf HR; Erinnerung nach 3 Tagen',
      ],
      ['Auf die Entscheidung von HR warten', '07.12.2026, 23:32', '', 'Läuft', ''],
    ]);
  });

  it('shows the stored summaries as they are in English', () => {
    const english = rows('en');
    expect(english.steps.map((cells) => cells[4])).toEqual(history.steps.map((step) => step.summary ?? ''));
    expect(english.steps[0]![0]).toBe('Wait for the photo');
  });
});
