"""The S3 calls of scripts/quickstart, against the moto server of scripts/with-moto (AWS_ENDPOINT_URL).

    s3.py create-bucket BUCKET
    s3.py get-object BUCKET KEY    (prints the object's body)
"""
import os
import sys

import boto3

s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
command, *args = sys.argv[1:]
if command == "create-bucket":
    s3.create_bucket(Bucket=args[0])
elif command == "get-object":
    sys.stdout.write(s3.get_object(Bucket=args[0], Key=args[1])["Body"].read().decode())
else:
    sys.exit(f"s3.py: unknown command {command}")
