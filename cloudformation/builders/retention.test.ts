/**
 * Retention periods on AWS (docs/decisions/321-retention-periods-and-sweep.md), asserted on the generated
 * template: four parameters with the app's defaults, grouped for the console, and passed to the instances.
 */
import { describe, expect, it } from 'vitest';
import { P } from '../ids';
import { userDataScript } from '../builders/user-data';
import { main } from '@test-support/cloudformation/template-helpers';

const PARAMETERS = {
  [P.RetentionRejectedApplicationDays]: ['RETENTION_REJECTED_APPLICATION_DAYS', 90],
  [P.RetentionDeactivatedProfileDays]: ['RETENTION_DEACTIVATED_PROFILE_DAYS', 730],
  [P.RetentionFaceAfterDeactivationDays]: ['RETENTION_FACE_AFTER_DEACTIVATION_DAYS', 30],
  [P.RetentionWarningDays]: ['RETENTION_WARNING_DAYS', 7],
} as const;

describe('retention periods', () => {
  it('are parameters with the app’s defaults, in their own group', () => {
    for (const [parameter, [, days]] of Object.entries(PARAMETERS)) {
      expect(main.Parameters[parameter], parameter).toMatchObject({ Type: 'Number', Default: days });
    }
    const groups = main.Metadata['AWS::CloudFormation::Interface'].ParameterGroups as Array<{ Parameters: string[] }>;
    expect(groups.find((group) => group.Parameters.includes(P.RetentionWarningDays))?.Parameters).toEqual(
      Object.keys(PARAMETERS),
    );
  });

  it('reach the instances as the variables the app reads', () => {
    const script = userDataScript();
    for (const [parameter, [variable]] of Object.entries(PARAMETERS)) {
      expect(script).toContain(`${variable}=\${${parameter}}`);
    }
  });
});
