/**
 * How a picked manager is named in the manager field: "Grace Lindqvist · Finance". The browser fills the field
 * with this label and a hidden field with the person's id; the server accepts the id only while the field
 * still shows that person's label, so editing the text (or typing a work email instead) wins over a stale pick.
 * Shared by the picker and the form parser, so both build the same text.
 */
export interface ManagerPickPerson {
  displayName: string;
  department: string;
}

export function managerPickLabel(person: ManagerPickPerson): string {
  return `${person.displayName} · ${person.department}`;
}

/**
 * Two suggestions with the same name and department get " (2)", " (3)" so that the datalist can tell them
 * apart; the number carries no meaning on the server, which checks the id's own label.
 */
export function numberedLabels(people: ManagerPickPerson[]): string[] {
  const seen = new Map<string, number>();
  return people.map((person) => {
    const label = managerPickLabel(person);
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  });
}

/** True when the field's text is the label of this person, numbered or not. */
export function textShowsPick(text: string, person: ManagerPickPerson): boolean {
  const label = managerPickLabel(person);
  const trimmed = text.trim();
  return trimmed === label || (trimmed.startsWith(`${label} (`) && /^ \(\d{1,2}\)$/.test(trimmed.slice(label.length)));
}
