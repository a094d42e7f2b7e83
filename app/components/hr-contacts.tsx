/** "Ask HR: …" with the HR admins' names as email links, for people who cannot reach the directory. */
import { useIntl } from 'react-intl';
import { useT } from '~/i18n/use-t';

export interface HrContactData {
  displayName: string;
  workEmail: string;
}

export function HrContacts({ contacts, lead }: { contacts: HrContactData[]; lead?: string }) {
  const t = useT();
  const intl = useIntl();
  const opening = lead ?? t('signIn.hrContacts.lead');
  if (contacts.length === 0) return <>{t('signIn.hrContacts.none', { lead: opening })}</>;
  // The names and addresses are data; only the words between them are the language's ("A, B or C").
  const parts = intl.formatList(
    contacts.map((contact) => (
      <span key={contact.workEmail}>
        {contact.displayName} (<a href={`mailto:${contact.workEmail}`}>{contact.workEmail}</a>)
      </span>
    )),
    { type: 'disjunction' },
  );
  return (
    <>
      {opening}: {parts}.
    </>
  );
}
