/**
 * The words for an upload that could not be used: its reason (the face check's, or HR's refusal), then, to the
 * person whose photo it is, what to do next. Said once: a reason stored before HR's refusal stopped carrying
 * the ask itself (functions/shared/photo-records.ts, HR_REFUSED_REASON) already ends with it. The reasons are
 * stored in English, so that is the ending looked for; the sentence around them is in the page's language
 * (`words`, from app/components/photo-status.tsx's catalogue).
 */
const ASK_FOR_ANOTHER = 'Please choose another one.';

export interface PhotoFailureWords {
  /** The sentence that gives the stored reason. */
  told: (reason: string) => string;
  /** The same sentence when no reason was stored. */
  toldNoReason: string;
  askForAnother: string;
}

const ENGLISH: PhotoFailureWords = {
  told: (reason) => `The last photo could not be used: ${reason}`,
  toldNoReason: 'The last photo could not be used: it could not be processed.',
  askForAnother: ASK_FOR_ANOTHER,
};

export function failedPhotoMessage(reason: string | null, own: boolean, words: PhotoFailureWords = ENGLISH): string {
  const told = reason === null ? words.toldNoReason : words.told(reason);
  if (!own || (reason ?? '').trimEnd().endsWith(ASK_FOR_ANOTHER)) return told;
  return `${told} ${words.askForAnother}`;
}
