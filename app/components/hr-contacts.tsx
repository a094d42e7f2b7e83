/** "Ask HR: …" with the HR admins' names as email links, for people who cannot reach the directory. */
export interface HrContactData {
  displayName: string;
  workEmail: string;
}

export function HrContacts({ contacts, lead = 'Ask HR' }: { contacts: HrContactData[]; lead?: string }) {
  if (contacts.length === 0) return <>{lead} (your HR team at XYZ).</>;
  return (
    <>
      {lead}:{' '}
      {contacts.map((contact, index) => (
        <span key={contact.workEmail}>
          {index > 0 ? (index === contacts.length - 1 ? ' or ' : ', ') : null}
          {contact.displayName} (<a href={`mailto:${contact.workEmail}`}>{contact.workEmail}</a>)
        </span>
      ))}
      .
    </>
  );
}
