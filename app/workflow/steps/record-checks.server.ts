/**
 * The checks on the record before HR sees it: the work email's domain is one the company uses, the employee
 * number and the work email belong to no other profile, and the named manager exists and is active. A failed
 * check does not stop the workflow: HR gets the profile with the reason.
 */
import type { RecordCheckResult, WorkflowTaskMessage } from '@shared/contracts/verification-workflow';
import { findRecordConflicts } from '~/models/employee-record-conflicts.server';
import { getEmployee } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { answerStep, endAsDecidedOutside } from '../step-answers.server';

export async function checkRecord(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const employeeId = message.input.employeeId;
  const task = { employeeId, step: message.step, taskToken: message.taskToken };
  const employee = await getEmployee(platform.db, employeeId, 'private');
  if (!employee) return endAsDecidedOutside(platform, task, 'The profile no longer exists');

  // The findings travel in the workflow's state, which Step Functions keeps for 90 days after the execution and
  // cannot delete: they name no person, no number (docs/decisions/021-events-carry-ids-only.md).
  const findings: RecordCheckResult['findings'] = [];
  const domain = employee.workEmail.split('@').pop()?.toLowerCase() ?? '';
  const allowed = platform.env.ALLOWED_EMAIL_DOMAINS;
  findings.push(
    allowed.includes(domain)
      ? { check: 'work-email-domain', passed: true }
      : {
          check: 'work-email-domain',
          passed: false,
          detail: `The work email's domain ${domain} is not one of ${allowed.join(', ')}`,
        },
  );
  const conflicts = await findRecordConflicts(platform.db, employee);
  findings.push(
    conflicts.employeeNumber
      ? { check: 'unique-employee-number', passed: false, detail: 'Another profile has this employee number' }
      : { check: 'unique-employee-number', passed: true },
    conflicts.workEmail
      ? { check: 'unique-work-email', passed: false, detail: 'Another profile has this work email' }
      : { check: 'unique-work-email', passed: true },
  );
  const manager = employee.managerId ? await getEmployee(platform.db, employee.managerId, 'public') : null;
  findings.push(
    !employee.managerId
      ? { check: 'manager-active', passed: true, detail: 'No manager named' }
      : !manager
        ? { check: 'manager-active', passed: false, detail: 'The named manager does not exist' }
        : manager.status !== 'active'
          ? { check: 'manager-active', passed: false, detail: 'The named manager is not active' }
          : { check: 'manager-active', passed: true },
  );
  await answerStep(platform, task, { passed: findings.every((finding) => finding.passed), findings });
}
