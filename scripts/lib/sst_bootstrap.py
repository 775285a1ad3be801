"""Creates, in the moto server of scripts/with-moto (AWS_ENDPOINT_URL), the two bootstrap stacks that SST v2's
`sst build` checks before it synthesizes: `CDKToolkit` (outputs BootstrapVersion >= 14 and BucketName) and
`SSTBootstrap` (outputs Version = 7.4 and BucketName), each with its bucket. Idempotent.

    sst_bootstrap.py
"""
import json
import os

import boto3

ENDPOINT = os.environ["AWS_ENDPOINT_URL"]
cf = boto3.client("cloudformation", endpoint_url=ENDPOINT, region_name=os.environ.get("AWS_REGION", "us-east-1"))

STACKS = {
    "CDKToolkit": ("cdk-bootstrap-assets", {"BootstrapVersion": "21"}),
    "SSTBootstrap": ("sst-bootstrap-assets", {"Version": "7.4"}),
}

for name, (bucket, outputs) in STACKS.items():
    try:
        cf.describe_stacks(StackName=name)
        continue
    except cf.exceptions.ClientError:
        pass
    template = {
        "Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": bucket}}},
        "Outputs": {
            "BucketName": {"Value": {"Ref": "Bucket"}},
            **{key: {"Value": value} for key, value in outputs.items()},
        },
    }
    cf.create_stack(StackName=name, TemplateBody=json.dumps(template))
    status = cf.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
    if status != "CREATE_COMPLETE":
        raise SystemExit(f"sst_bootstrap.py: stack {name} is {status}")
