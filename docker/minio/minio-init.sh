#!/bin/sh
# Runs once per `docker compose up` (idempotent): the assets bucket, and a MinIO user for the
# Ratiba nodes that may read and write that bucket only (the root user stays with the operator).
set -eu
mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "local/$S3_BUCKET"
cat > /tmp/ratiba-assets.json <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET/*"]
    }
  ]
}
POLICY
mc admin policy create local ratiba-assets /tmp/ratiba-assets.json
mc admin user add local "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY"
mc admin policy attach local ratiba-assets --user "$S3_ACCESS_KEY_ID" || true
echo "minio: bucket $S3_BUCKET and user $S3_ACCESS_KEY_ID ready"
