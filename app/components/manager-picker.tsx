/**
 * The manager field. Typing a name, title or email fetches suggestions from /api/people (the directory's
 * search index, so a misspelt or unaccented name still finds the person) into a <datalist>;
 * picking one fills the field with the person's label ("Grace Lindqvist · Finance") and a hidden field with
 * their id, which the server accepts while the text still shows that label. Without JavaScript, or for
 * someone who knows it, the field takes the manager's work email instead. Before sign-in the suggestions
 * carry no titles or emails (docs/decisions/305-pages-and-forms.md).
 */
import { useEffect, useRef, useState } from 'react';
import { numberedLabels } from '~/utils/manager-pick';
import { Field } from './field';
import { useT } from '~/i18n/use-t';

interface Suggestion {
  id: string;
  displayName: string;
  department: string;
  /** Only for active, signed-in employees. */
  jobTitle?: string;
  workEmail?: string;
}

export function ManagerPicker({
  defaultValue,
  defaultPick,
  error,
}: {
  defaultValue?: string;
  defaultPick?: string;
  error?: string | null;
}) {
  const [query, setQuery] = useState('');
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [pick, setPick] = useState(defaultPick ?? '');
  // Set when the server stops suggesting (too many lookups before sign-in): the field still takes an email.
  const [notice, setNotice] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const labels = numberedLabels(suggestions);
  const t = useT();

  useEffect(() => {
    clearTimeout(timer.current);
    const term = query.trim();
    // Once an email is being typed there is nothing left to suggest.
    if (term.length < 2 || term.includes('@')) return;
    const controller = new AbortController();
    timer.current = setTimeout(() => {
      fetch(`/api/people?${new URLSearchParams({ q: term })}`, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      })
        .then((response) => (response.ok || response.status === 429 ? response.json() : { people: [] }))
        .then((body: { people: Suggestion[]; error?: string }) => {
          setSuggestions(body.people);
          setNotice(body.error ?? null);
        })
        .catch(() => {});
    }, 200);
    return () => {
      clearTimeout(timer.current);
      controller.abort();
    };
  }, [query]);

  function onTextChange(text: string) {
    const picked = labels.indexOf(text.trim());
    if (picked >= 0) {
      // A suggestion was chosen: remember who, and do not look up the label itself.
      setPick(suggestions[picked].id);
      return;
    }
    // Back to the text the page came with: the pick it came with still holds (the server checks it anyway).
    setPick(text === (defaultValue ?? '') ? (defaultPick ?? '') : '');
    setQuery(text);
  }

  return (
    <>
      <Field
        name="managerEmail"
        type="text"
        label={t('profileForm.manager')}
        hint={notice ?? t('profileForm.managerHint')}
        list="manager-suggestions"
        autoComplete="off"
        defaultValue={defaultValue}
        error={error}
        onChange={(event) => onTextChange(event.currentTarget.value)}
      />
      <input type="hidden" name="managerPick" value={pick} />
      <datalist id="manager-suggestions">
        {suggestions.map((person, index) => (
          <option key={person.id} value={labels[index]}>
            {person.jobTitle && person.workEmail ? `${person.jobTitle} · ${person.workEmail}` : undefined}
          </option>
        ))}
      </datalist>
    </>
  );
}
