"""The S3-compatible storages, in their own module so that boto3 is imported only by
installations that configure S3 (STORAGE_BACKEND=s3 or AWS_STORAGE_BUCKET_NAME)."""

from storages.backends.s3 import S3Storage

from .private_files import NoPublicURL


class PrivateS3Storage(NoPublicURL, S3Storage):
    """The bucket's "private/" prefix: its objects are private, and the app never signs a URL
    for them; `lms.private_files.private_file_response` streams them to whoever may read them."""
