"""Where moto's server answers differently from AWS in a way the browser depends on; each patch
makes the emulated service answer as the real one does (and says which behaviour it adds)."""

from typing import Any


def s3_post_answers_with_cors() -> None:
    """S3 adds the matching CORS rule's headers to every answer to a cross-origin request,
    including a browser's presigned POST; moto adds them to most answers but not that one,
    and without them the browser cannot read the answer of an upload that succeeded."""
    from moto.s3.responses import S3Response

    original = S3Response._bucket_response_post

    def bucket_response_post(response: Any, request: Any, bucket_name: str) -> Any:
        status, headers, body = original(response, request, bucket_name)
        return status, {**response._get_cors_headers_other(), **headers}, body

    setattr(S3Response, "_bucket_response_post", bucket_response_post)  # noqa: B010 (a patch)
