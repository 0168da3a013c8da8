"""A local S3 endpoint for the object-storage tests: moto's server mode, on 127.0.0.1.

One server for the whole run, started on first use; each test gets a bucket of its own and
the application's private store pointed at it (as PRIVATE_STORAGE_BUCKET would).
"""

import secrets
import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from casework.settings import s3_private_storage

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "casework-test",
    "AWS_SECRET_ACCESS_KEY": "casework-test-secret",
    "AWS_DEFAULT_REGION": "ca-central-1",
}


@pytest.fixture(scope="session")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, settings, monkeypatch):
    """The private store in a fresh bucket; yields the environment a subprocess needs too."""
    bucket = f"casework-{secrets.token_hex(6)}"
    env = CREDENTIALS | {
        "PRIVATE_STORAGE_BUCKET": bucket,
        "PRIVATE_STORAGE_ENDPOINT_URL": s3_endpoint,
        "PRIVATE_STORAGE_REGION": CREDENTIALS["AWS_DEFAULT_REGION"],
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    client = s3_client(s3_endpoint)
    client.create_bucket(
        Bucket=bucket,
        CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["AWS_DEFAULT_REGION"]},
    )
    settings.STORAGES = settings.STORAGES | {"private": s3_private_storage(bucket)}
    yield env
    client.close()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
    )


def bucket_objects(env: dict) -> dict[str, bytes]:
    """Every object of the test's bucket: key -> content."""
    client = s3_client(env["PRIVATE_STORAGE_ENDPOINT_URL"])
    bucket = env["PRIVATE_STORAGE_BUCKET"]
    listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    objects = {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listing
    }
    client.close()
    return objects
