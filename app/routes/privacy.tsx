/**
 * The privacy page: public, no sign-in. Every number and place on it comes from the running settings
 * (app/services/privacy-facts.server.ts), so what people read is what the product does.
 */
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { getPlatform } from '~/platform.server';
import { privacyFacts } from '~/services/privacy-facts.server';

export const meta: MetaFunction = () => [{ title: 'Privacy · XYZ People' }];

export async function loader() {
  const { env } = await getPlatform();
  return privacyFacts(env);
}

export default function Privacy() {
  const facts = useLoaderData<typeof loader>();
  const { retention, faceCheck } = facts;
  return (
    <div className="medium">
      <h1>Your data in XYZ People</h1>
      <p>
        XYZ People holds the employee profiles of XYZ Company: what you and HR enter, your photo, and what is needed to
        sign you in. It runs on {facts.location}.
      </p>

      <h2>The face check</h2>
      <p>
        When a photo is added, {faceCheck.how}, so that a profile shows its owner. It runs only with your consent
        (notice version <strong>{faceCheck.noticeVersion}</strong>); you may decline or withdraw it from your profile,
        and HR then checks the photo by eye. It stores {faceCheck.where}, kept {faceCheck.howLong}.
      </p>

      <h2>How long we keep it</h2>
      <ul data-testid="retention">
        <li>A rejected or abandoned application: {retention.applicationDays} days, then erased.</li>
        <li>A profile after its deactivation: {retention.deactivatedProfileDays} days, then erased.</li>
        <li>Face references after a deactivation: {retention.faceAfterDeactivationDays} days, then deleted.</li>
        <li>HR is told {retention.warningDays} days before anything is erased, and may erase earlier on request.</li>
      </ul>

      <h2>Where it is held</h2>
      <table data-testid="stores">
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Where</th>
            <th scope="col">Holds</th>
            <th scope="col">For how long</th>
          </tr>
        </thead>
        <tbody>
          {facts.stores.map((fact) => (
            <tr key={fact.store}>
              <th scope="row">{fact.store}</th>
              <td>{fact.where}</td>
              <td>{fact.what}</td>
              <td>{fact.howLong}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Your rights</h2>
      <p>
        From your profile you can download a copy of everything held about you and see who viewed your private details.
        Ask HR to correct or erase your data; an erasure removes you from every store above, leaving only a record that
        an erasure took place.
      </p>
    </div>
  );
}
