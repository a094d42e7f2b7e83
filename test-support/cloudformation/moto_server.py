"""moto's server with two gaps of its CloudFormation emulation filled (moto 5.2).

1. Outputs after a change set. `aws cloudformation deploy` creates and executes a change set; moto applies
   the change set's resources but keeps the output map it computed before they existed, so the stack has
   no outputs and no exports. The launcher recomputes the outputs after each change set is applied, as
   `create_stack` and `update_stack` already do.

2. Two RDS attributes.
The main template reads `Database.DbiResourceId` (the rds-db:connect resource of the app role) and
`Database.MasterUserSecret.SecretArn` (the secret the boot script reads). moto's DBInstance answers only
Endpoint.Address and Endpoint.Port and fails the stack on any other GetAtt, so this launcher adds the two,
the first from moto's own instance, the second as the ARN RDS would give the managed secret.

3. `Ref` to a DB parameter group. moto's DBParameterGroup has no physical_resource_id, so a Ref gives the
   Python object and the DB instance fails; the launcher makes it the group's name, as on AWS.

4. `AWS::SES::EmailIdentity`. moto's SES has no CloudFormation model, so the identity would be skipped and the
   three DKIM records' `GetAtt DkimDNSTokenName1..3 / DkimDNSTokenValue1..3` would fail the stack. The launcher
   adds a model that creates the domain identity in moto's SES (as the API's CreateEmailIdentity does, Easy
   DKIM on) and answers the six attributes in the shape SES gives them (`<token>._domainkey.<domain>` and
   `<token>.dkim.amazonses.com`). The configuration set and its event destination stay unsupported (moto's
   SES v2 SendEmail ignores the configuration set anyway); the deployment test lists them as skipped.

5. `/moto-api/data.json` (moto's list of every model instance, where SES's sent messages are read from) skips
   an attribute that raises TypeError, AttributeError or ValueError, but some models of this stack raise
   other errors from a property, and the whole listing then fails with an HTML error page. The launcher skips
   any attribute that raises.

6. `AWS::SecretsManager::Secret`. moto has no CloudFormation model for it; the launcher adds one that creates the
   secret in moto's Secrets Manager with a value made as `GenerateSecretString` asks (moto's own generator, the
   one GetRandomPassword uses), its KMS key, and the secret's ARN as its Ref, as on AWS.

Nothing else changes. Usage: python moto_server.py -H 127.0.0.1 -p PORT
"""

import json
import secrets
import sys

from moto.core.common_models import CloudFormationModel
from moto.moto_api._internal.responses import MotoAPIResponse
from moto.secretsmanager.models import secretsmanager_backends
from moto.secretsmanager.utils import random_password
from moto.ses.models import ses_backends

from moto.cloudformation.models import ChangeSet
from moto.rds.models import DBInstance, DBParameterGroup

_original_apply = ChangeSet.apply


def _apply(self):
    _original_apply(self)
    self.stack.template_dict = self.template_dict
    self.stack.output_map = self.stack._create_output_map()


ChangeSet.apply = _apply

_original_get_cfn_attribute = DBInstance.get_cfn_attribute


def _get_cfn_attribute(self, attribute_name):
    if attribute_name == "DbiResourceId":
        return self.dbi_resource_id
    if attribute_name == "MasterUserSecret.SecretArn":
        return (
            f"arn:aws:secretsmanager:{self.region}:{self.account_id}:secret:"
            f"rds!db-{self.dbi_resource_id.lower()}-AbCdEf"
        )
    return _original_get_cfn_attribute(self, attribute_name)


DBInstance.get_cfn_attribute = _get_cfn_attribute
DBInstance.has_cfn_attr = classmethod(
    lambda cls, attr: attr in ("Endpoint.Address", "Endpoint.Port", "DbiResourceId", "MasterUserSecret.SecretArn")
)

DBParameterGroup.physical_resource_id = property(lambda self: self.name)


def _model_data(self, request, full_url, headers):
    from moto.core.model_instances import model_data

    results = {}
    for service in sorted(model_data):
        results[service] = {}
        for name in sorted(model_data[service]):
            results[service][name] = []
            for instance in model_data[service][name].instances_tracked:
                fields = {}
                for attr in dir(instance):
                    if attr.startswith("_"):
                        continue
                    try:
                        value = getattr(instance, attr)
                        json.dumps(value)
                    except Exception:
                        continue
                    fields[attr] = value
                results[service][name].append(fields)
    return 200, {"Content-Type": "application/javascript"}, json.dumps(results)


MotoAPIResponse.model_data = _model_data


class CfnEmailIdentity(CloudFormationModel):
    """An SES v2 domain identity created by CloudFormation, with its Easy DKIM tokens."""

    # moto files every model under the service named by its module ("moto.<service>...").
    __module__ = "moto.ses.cfn_email_identity"

    def __init__(self, domain):
        self.domain = domain
        self.tokens = [secrets.token_hex(16) for _ in range(3)]

    @staticmethod
    def cloudformation_type():
        return "AWS::SES::EmailIdentity"

    @staticmethod
    def cloudformation_name_type():
        return "EmailIdentity"

    @property
    def physical_resource_id(self):
        return self.domain

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in {f"DkimDNSToken{kind}{n}" for kind in ("Name", "Value") for n in (1, 2, 3)}

    def get_cfn_attribute(self, attribute_name):
        n = int(attribute_name[-1]) - 1
        if attribute_name.startswith("DkimDNSTokenName"):
            return f"{self.tokens[n]}._domainkey.{self.domain}"
        return f"{self.tokens[n]}.dkim.amazonses.com"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        domain = properties["EmailIdentity"]
        ses_backends[account_id][region_name].create_email_identity_v2(
            domain, None, properties.get("DkimSigningAttributes") or {"NextSigningKeyLength": "RSA_2048_BIT"}, None
        )
        return cls(domain)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        ses_backends[account_id][region_name].delete_identity(resource_name)


class CfnSecret(CloudFormationModel):
    """A Secrets Manager secret created by CloudFormation, its value generated by GenerateSecretString."""

    __module__ = "moto.secretsmanager.cfn_secret"

    def __init__(self, arn):
        self.arn = arn

    @staticmethod
    def cloudformation_type():
        return "AWS::SecretsManager::Secret"

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @property
    def physical_resource_id(self):
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        generate = properties.get("GenerateSecretString")
        value = properties.get("SecretString")
        if generate is not None:
            value = random_password(
                password_length=int(generate.get("PasswordLength", 32)),
                exclude_characters=generate.get("ExcludeCharacters", ""),
                exclude_numbers=generate.get("ExcludeNumbers", False),
                exclude_punctuation=generate.get("ExcludePunctuation", False),
                exclude_uppercase=generate.get("ExcludeUppercase", False),
                exclude_lowercase=generate.get("ExcludeLowercase", False),
                include_space=generate.get("IncludeSpace", False),
                require_each_included_type=generate.get("RequireEachIncludedType", True),
            )
        created = secretsmanager_backends[account_id][region_name].create_secret(
            name=resource_name,
            secret_string=value,
            secret_binary=None,
            description=properties.get("Description"),
            tags=properties.get("Tags"),
            kms_key_id=properties.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=[],
            force_overwrite=False,
        )
        return cls(json.loads(created)["ARN"])


if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
