/**
 * The people who reported to the erased person get no manager, each with an `employee.updated` event (the
 * directory re-indexes them), and HR is told through its notification topic which profiles need a new manager.
 * The message id is the erasure's id: a repeated step publishes a message subscribers drop as a duplicate.
 */
import { recordEvent } from '~/services/domain-events.server';
import { publishNotification } from '~/services/notifications.server';
import { clearManager, listAllReportIds } from '~/models/team.server';
import type { ErasureStep } from './erasure-step.server';

export const unassignReportsStep: ErasureStep = {
  name: 'managers',
  async run({ platform, erasure, actorId }) {
    const { db } = platform;
    const reportIds = await db.sequelize.transaction(async (transaction) => {
      const ids = await listAllReportIds(db, erasure.employeeId, { transaction });
      if (ids.length === 0) return ids;
      await clearManager(db, erasure.employeeId, { transaction });
      for (const employeeId of ids) {
        await recordEvent(
          db,
          { type: 'employee.updated', version: 1, employeeId, actorId, changedFields: ['managerId'] },
          { transaction },
        );
      }
      return ids;
    });
    if (reportIds.length === 0) return;
    // Ids and links only (docs/decisions/021-events-carry-ids-only.md): HR's page names the people.
    const publicUrl = platform.env.PUBLIC_URL;
    const reports = reportIds.map((id) => ({
      id,
      profileUrl: publicUrl ? `${publicUrl}/admin/employees/${id}` : null,
    }));
    await publishNotification(
      platform.publisher,
      {
        type: 'employee.reports-unassigned',
        version: 1,
        messageId: erasure.id,
        occurredAt: new Date().toISOString(),
        reports,
      },
      `No manager any more: ${reports.length} ${reports.length === 1 ? 'profile needs' : 'profiles need'} a new manager`,
    );
  },
};
