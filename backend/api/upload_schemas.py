"""Bodies of the resumable (multipart) upload routes."""

from typing import Annotated

from pydantic import BaseModel, Field

from backend.domain.models import StoredPart

PartNumber = Annotated[int, Field(ge=1, le=10_000)]
ETag = Annotated[str, Field(min_length=1, max_length=200)]


class MultipartStart(BaseModel):
    filename: Annotated[str, Field(max_length=1024)] = ""
    content_type: Annotated[str, Field(max_length=200)] = "video/mp4"
    size: Annotated[int, Field(ge=1)]


class MultipartOut(BaseModel):
    upload_id: str
    key: str
    part_size: int
    part_count: int


class PartUrlsRequest(BaseModel):
    part_numbers: Annotated[list[PartNumber], Field(min_length=1, max_length=1000)]


class PartUrlsOut(BaseModel):
    urls: dict[int, str]  # part number -> presigned PUT URL


class PartOut(BaseModel):
    part_number: int
    etag: str  # quoted, exactly as storage's ETag response header
    size: int

    @classmethod
    def of(cls, part: StoredPart) -> "PartOut":
        return cls(part_number=part.part_number, etag=f'"{part.etag}"', size=part.size)


class PartIn(BaseModel):
    part_number: PartNumber
    etag: ETag

    def stored(self) -> StoredPart:
        return StoredPart(self.part_number, self.etag.strip('"'))


class CompleteRequest(BaseModel):
    parts: Annotated[list[PartIn], Field(min_length=1, max_length=10_000)]


class CompletedOut(BaseModel):
    upload_id: str
    key: str
    size: int
