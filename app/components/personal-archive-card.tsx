/** The link to a person's archive of all their data ("My data"): on /me for themselves, on HR's employee page. */
export function PersonalArchiveCard({ href, own }: { href: string; own: boolean }) {
  return (
    <section className="card" aria-labelledby="my-data-heading" data-testid="personal-archive">
      <h2 id="my-data-heading">{own ? 'My data' : 'Archive of all data'}</h2>
      <p className="muted">
        {own
          ? 'Download everything XYZ People keeps about you in one ZIP file: your profile with its private fields, your photos (originals and sizes), the activity about you, how you sign in, the emails sent to you, the verification history and who viewed your private details. A README inside explains each file.'
          : "Everything kept about this employee, as they would download it themselves. Downloading it is recorded in the employee's list of who viewed their private details."}
      </p>
      <p>
        <a className="button button--secondary" href={href} download>
          {own ? 'Download my data (ZIP)' : 'Download the archive (ZIP)'}
        </a>
      </p>
    </section>
  );
}
