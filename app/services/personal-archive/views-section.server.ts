/** The whole view log about the person: who read their private fields, when, where and which fields. */
import { listAllPrivateDetailViews } from '~/models/private-detail-views.server';
import { VIEW_PLACE_LABELS, viewedFieldLabel, type ViewPlace } from '~/models/private-detail-view-places';
import type { ArchiveSection } from './section.server';

export const viewsSection: ArchiveSection = {
  key: 'privateDetailViews',
  readme: 'myDataReadme.privateDetailViews',
  async collect({ platform, employeeId }) {
    const views = await listAllPrivateDetailViews(platform.db, employeeId);
    return {
      data: views.map((view) => ({
        at: view.at,
        viewer: view.viewerName ?? 'a former employee',
        where: VIEW_PLACE_LABELS[view.place as ViewPlace] ?? view.place,
        fields: view.fields,
        fieldLabels: view.fields.map((field) => viewedFieldLabel(field, platform.customFields)),
      })),
    };
  },
};
