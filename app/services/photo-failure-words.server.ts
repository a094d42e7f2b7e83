/**
 * A photo's failure reason as an email to the person words it in their language: the fixed sentences through the
 * same catalogue ids the pages use (app/i18n/photo-reasons.ts). The reasons travel in English in events and photo
 * records (systems read them, and they are what HR saw); a reason with details in it (the image pipeline's
 * technical ones) stays in English, which is better than none.
 */
import type { IntlShape } from 'react-intl';
import { photoReasonId } from '~/i18n/photo-reasons';

export function photoFailureIn(intl: IntlShape, reason: string): string {
  const id = photoReasonId(reason);
  return id ? intl.formatMessage({ id }) : reason;
}
