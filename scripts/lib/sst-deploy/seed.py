# seed.py PORT REGION DEPLOYER_ENV -> minimal bootstrap state in moto (account 123456789012), for
# scripts/deploy-policy-check; SST's bucket is named as CloudFormation names it for SST's bootstrap stack (sstbootstrap-...).
import sys, json, boto3
port, region = sys.argv[1], sys.argv[2]
acct = "123456789012"
kw = dict(endpoint_url=f"http://127.0.0.1:{port}", region_name=region, aws_access_key_id="test", aws_secret_access_key="test")
cf, s3, ssm, iam = (boto3.client(s, **kw) for s in ("cloudformation", "s3", "ssm", "iam"))
loc = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
q = "hnb659fds"
sst_bucket = "sstbootstrap-" + region.replace("-", "") + "a1b2c3-d4e5f6"
# the buckets SST/CDK read from / publish to
for b in ["cdk-assets", sst_bucket, f"cdk-{q}-assets-{acct}-{region}"]:
    s3.create_bucket(Bucket=b, **loc)
# the two bootstrap stacks SST checks (outputs only matter)
for name, outs in [("CDKToolkit", {"BootstrapVersion": "20", "BucketName": f"cdk-{q}-assets-{acct}-{region}"}),
                   ("SSTBootstrap", {"Version": "7.4", "BucketName": sst_bucket})]:
    t = {"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "x", "Name": f"/{name}/p"}}},
         "Outputs": {k: {"Value": v} for k, v in outs.items()}}
    cf.create_stack(StackName=name, TemplateBody=json.dumps(t))
# the bootstrap version parameter CDK checks (requiresBootstrapStackVersion 6)
ssm.put_parameter(Name=f"/cdk-bootstrap/{q}/version", Value="20", Type="String", Overwrite=True)
# the bootstrap roles CDK assumes / passes to CloudFormation. moto's trust check compares principal ARNs literally
# (account root does not cover users), so the deployer user (if any) is listed explicitly.
pol = __import__("os").environ.get("DEPLOYER_POLICY")
if pol: iam.create_user(UserName="deployer")
principals = [f"arn:aws:iam::{acct}:root"] + ([f"arn:aws:iam::{acct}:user/deployer"] if pol else [])
# One statement only: moto 5.2.5 crashes (500) evaluating a Service-only statement during AssumeRole under enforcement.
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
                                                 "Principal": {"AWS": principals, "Service": "cloudformation.amazonaws.com"}}]}
admin = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
for kind in ["deploy", "file-publishing", "image-publishing", "lookup", "cfn-exec"]:
    rn = f"cdk-{q}-{kind}-role-{acct}-{region}"
    iam.create_role(RoleName=rn, AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName=rn, PolicyName="all", PolicyDocument=json.dumps(admin))
print("seeded", region)
# optional: a deployer IAM user whose policy is to be checked (DEPLOYER_POLICY=path/to/policy.json)
if pol:
    iam.put_user_policy(UserName="deployer", PolicyName="deployer", PolicyDocument=open(pol).read())
    k = iam.create_access_key(UserName="deployer")["AccessKey"]
    open(sys.argv[3], "w").write(f"export AWS_ACCESS_KEY_ID={k['AccessKeyId']} AWS_SECRET_ACCESS_KEY={k['SecretAccessKey']}\n")
    print("deployer user created:", k["AccessKeyId"])
