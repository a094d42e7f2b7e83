/** The main stack: everything except the artifacts bucket (docs/decisions/101-two-stacks-artifacts-and-main.md). */
import type { Template } from 'cloudform-types';
import { composeTemplate } from '../lib/fragment.js';
import { appRole } from '../builders/app-role.js';
import { compute } from '../builders/compute.js';
import { database } from '../builders/database.js';
import { email } from '../builders/email.js';
import { encryption } from '../builders/encryption.js';
import { loadBalancer } from '../builders/load-balancer.js';
import { metadataTable } from '../builders/metadata-table.js';
import { network } from '../builders/network.js';
import { notifications } from '../builders/notifications.js';
import { outputs } from '../builders/outputs.js';
import { parameterGroups, parameters } from '../builders/parameters.js';
import { photoBucket } from '../builders/photo-bucket.js';
import { photoFunction } from '../builders/photo-function.js';
import { faceCollection } from '../builders/face-collection.js';
import { searchDomain } from '../builders/search-domain.js';
import { identityProviders } from '../builders/identity-providers.js';
import { retention } from '../builders/retention.js';
import { securityGroups } from '../builders/security-groups.js';
import { verificationWorkflow } from '../builders/verification-workflow.js';
import { webhookSecretsKey } from '../builders/webhook-secrets-key.js';

export function mainTemplate(): Template {
  return composeTemplate(
    {
      Description:
        'Employee Profiles: VPC, load balancer, app Auto Scaling group, RDS MySQL, DynamoDB, S3 photos, photo function, SNS, SES, OpenSearch, Step Functions',
      Metadata: { 'AWS::CloudFormation::Interface': { ParameterGroups: parameterGroups } },
    },
    [
      parameters(),
      encryption(),
      network(),
      securityGroups(),
      loadBalancer(),
      appRole(),
      compute(),
      database(),
      metadataTable(),
      photoBucket(),
      photoFunction(),
      faceCollection(),
      notifications(),
      email(),
      searchDomain(),
      verificationWorkflow(),
      identityProviders(),
      webhookSecretsKey(),
      retention(),
      outputs(),
    ],
  );
}
