/**
 * The profile's small chart: the person's manager above them and their direct reports below, drawn by the org
 * chart's picture (./org-chart.tsx) at a small size. A picture only: the lists beside it carry the same links.
 */
import { useT } from '~/i18n/use-t';
import type { OrgCard, OrgNode } from '~/utils/org-tree';
import { OrgChartPicture } from './org-chart';

interface Named {
  id: string;
  displayName: string;
  jobTitle: string;
}

function card(person: Named, place: OrgCard['place']): OrgCard {
  // Only the name and the title are drawn at this size.
  return { ...person, department: '', officeLocation: null, photoId: null, reportCount: 0, place };
}

export function ProfileTeamChart({
  person,
  manager,
  reports,
}: {
  person: Named;
  manager: Named | null;
  reports: readonly Named[];
}) {
  const t = useT();
  const personNode: OrgNode = {
    card: card(person, 'focus'),
    children: reports.map((report) => ({ card: card(report, 'report'), children: [], hiddenChildren: 0 })),
    hiddenChildren: 0,
  };
  const roots = manager ? [{ card: card(manager, 'chain'), children: [personNode], hiddenChildren: 0 }] : [personNode];
  return (
    <div className="org-team-chart__picture">
      <OrgChartPicture roots={roots} title={t('profilePage.teamChart.title', { name: person.displayName })} small />
    </div>
  );
}
