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

Nothing else changes. Usage: python moto_server.py -H 127.0.0.1 -p PORT
"""

import sys

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

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
