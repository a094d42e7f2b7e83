/** The link to a person's archive of all their data ("My data"): on /me for themselves, on HR's employee page. */
import { useT } from '~/i18n/use-t';

export function PersonalArchiveCard({ href, own }: { href: string; own: boolean }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="my-data-heading" data-testid="personal-archive">
      <h2 id="my-data-heading">{own ? t('myData.card.ownHeading') : t('myData.card.hrHeading')}</h2>
      <p className="muted">{own ? t('myData.card.ownText') : t('myData.card.hrText')}</p>
      <p>
        <a className="button button--secondary" href={href} download>
          {own ? t('myData.card.ownDownload') : t('myData.card.hrDownload')}
        </a>
      </p>
    </section>
  );
}
