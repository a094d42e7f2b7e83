/**
 * The manager field: a work email input (so it works without JavaScript) with suggestions as you type a
 * name, title or email, fetched from /api/people into a <datalist>.
 */
import { useEffect, useRef, useState } from 'react';
import { Field } from './field';

interface Suggestion {
  displayName: string;
  workEmail: string;
  jobTitle: string;
}

export function ManagerPicker({ defaultValue, error }: { defaultValue?: string; error?: string | null }) {
  const [query, setQuery] = useState('');
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  // Set when the server stops suggesting (too many lookups before sign-in): the field still takes an email.
  const [notice, setNotice] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();

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

  return (
    <>
      <Field
        name="managerEmail"
        type="text"
        inputMode="email"
        label="Manager"
        hint={notice ?? 'Start typing their name, then pick them from the list (or enter their work email).'}
        list="manager-suggestions"
        autoComplete="off"
        defaultValue={defaultValue}
        error={error}
        onChange={(event) => setQuery(event.currentTarget.value)}
      />
      <datalist id="manager-suggestions">
        {suggestions.map((person) => (
          <option key={person.workEmail} value={person.workEmail}>
            {`${person.displayName} · ${person.jobTitle}`}
          </option>
        ))}
      </datalist>
    </>
  );
}
