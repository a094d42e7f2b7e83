/**
 * The words for an upload that could not be used: its reason (the face check's, or HR's refusal), then, to the
 * person whose photo it is, what to do next. Said once: a reason stored before HR's refusal stopped carrying
 * the ask itself (functions/shared/photo-records.ts, HR_REFUSED_REASON) already ends with it.
 */
const ASK_FOR_ANOTHER = 'Please choose another one.';

export function failedPhotoMessage(reason: string | null, own: boolean): string {
  const told = `The last photo could not be used: ${reason ?? 'it could not be processed.'}`;
  if (!own || told.trimEnd().endsWith(ASK_FOR_ANOTHER)) return told;
  return `${told} ${ASK_FOR_ANOTHER}`;
}
