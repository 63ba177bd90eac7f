"""The template reader of the IAM check: roles found per component, policies attached from
any stack, intrinsics resolved the way a deploy would resolve them."""

from tests.aws.deployed_roles import Deployment

ROLE_ARN = {"Fn::GetAtt": ["HandlerRole", "Arn"]}
SECRET_NAME = {  # what CDK writes for a generated secret's name (the ARN without its suffix)
    "Fn::Join": ["-", [
        {"Fn::Select": [0, {"Fn::Split": ["-", {"Fn::Select": [6, {"Fn::Split": [
            ":", {"Fn::ImportValue": "Data:SecretArn"}]}]}]}]},
        {"Fn::Select": [1, {"Fn::Split": ["-", {"Fn::Select": [6, {"Fn::Split": [
            ":", {"Fn::ImportValue": "Data:SecretArn"}]}]}]}]},
    ]]
}  # fmt: skip
TEMPLATES = {
    "Data": {
        "Resources": {
            "Key": {"Type": "AWS::SecretsManager::Secret", "Properties": {}},
            "Raw": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "valvid-raw"}},
        },
        "Outputs": {"S": {"Value": {"Ref": "Key"}, "Export": {"Name": "Data:SecretArn"}}},
    },
    "Pipe": {
        "Resources": {
            "HandlerRole": {"Type": "AWS::IAM::Role", "Properties": {}},
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Role": ROLE_ARN,
                    "ImageConfig": {"Command": ["backend.entrypoints.lambdas.sweep_jobs"]},
                    "Environment": {"Variables": {"SECRET": SECRET_NAME}},
                },
            },
            "HandlerPolicy": {
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "Roles": [{"Ref": "HandlerRole"}],
                    "PolicyDocument": {
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": "secretsmanager:GetSecretValue",
                                "Resource": {"Fn::ImportValue": "Data:SecretArn"},
                            },
                            {
                                "Effect": "Allow",
                                "Action": "s3:GetObject",
                                "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::valvid-raw/*"},
                            },
                        ]
                    },
                },
            },  # fmt: skip
            "Elsewhere": {
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "Roles": [{"Ref": "OtherRole"}],
                    "PolicyDocument": {
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
                    },
                },
            },  # fmt: skip
            "OtherRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "Policies": [
                        {
                            "PolicyDocument": {
                                "Statement": [
                                    {
                                        "Effect": "Deny",
                                        "Action": "iam:*",
                                        "Resource": {"Ref": "AWS::NoValue"},
                                    }
                                ]
                            }
                        }
                    ]
                },
            },
        }
    },
}


def test_a_handler_gets_its_roles_statements_and_its_resolved_environment():
    (sweeper,) = Deployment(TEMPLATES).components().values()
    assert sweeper.name == "sweep_jobs" and sweeper.role == "HandlerRole"
    secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Key-Gen3r4t3d-AbCdEf"
    assert sweeper.statements == [
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": secret_arn},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::valvid-raw/*"},
    ]
    assert sweeper.environment == {"SECRET": "Key-Gen3r4t3d"}


def test_a_role_is_found_by_its_arn():
    deployment = Deployment(TEMPLATES)
    assert deployment.role_by_arn("arn:aws:iam::123456789012:role/OtherRole") == (
        "Pipe",
        "OtherRole",
    )
    inline, attached = deployment.role_statements("Pipe", "OtherRole")
    assert (inline["Effect"], attached["Action"]) == ("Deny", "*")
