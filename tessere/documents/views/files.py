"""Files of the work repository, served only here, after the permission check: never from
MEDIA_URL (no URL pattern serves the media folder; a test pins it).

- `file`: opens in the browser when it can (images, PDFs, audio, video; the rest downloads),
  used by the detail page's previews; answers Range requests so players can seek. Not
  counted.
- `download`: always an attachment, counted once per download (a Range request that does not
  start at the first byte is a resumed download, not a new one). A link document's download
  is a counted redirect to its address.

Every answer: `X-Content-Type-Options: nosniff` (the browser believes our sniffed type), a
restrictive Content-Security-Policy (`default-src 'none'; sandbox`: an opened file runs
nothing and loads nothing), `Cache-Control: private`. PDFs opened inline are the one
exception to `sandbox`: Chrome refuses to start its PDF viewer in a sandboxed document (and
strips the CSP of PDFs anyway); the type is checked by content and nosniff holds, so the
browser can only show it with its PDF viewer, whose scripts cannot reach this origin.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.http.response import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from .. import services
from ..models import Document, DocumentVersion
from ..ranges import ByteRange, Unsatisfiable, parse_range

SANDBOX = "default-src 'none'; sandbox"
PDF_INLINE = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; object-src 'self'"
)
INLINE_PREVIEWS = {"image", "pdf", "audio", "video"}


def _version(
    request: HttpRequest, pk: int, version_pk: int | None
) -> tuple[Document, DocumentVersion | None]:
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("current_version"), pk=pk
    )
    if version_pk is None:
        return document, document.current_version
    return document, get_object_or_404(
        DocumentVersion.objects.defer("text"), document=document, pk=version_pk
    )


def _headers(response: HttpResponseBase, version: DocumentVersion, *, inline: bool) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        PDF_INLINE if inline and version.preview == "pdf" else SANDBOX
    )
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = f'"{version.sha256}"'
    patch_cache_control(response, private=True)


def _wanted_range(request: HttpRequest, version: DocumentVersion) -> ByteRange | None:
    if_range = request.headers.get("If-Range")
    if if_range and if_range.strip() != f'"{version.sha256}"':
        return None  # the file changed since the client's first part: send it whole
    return parse_range(request.headers.get("Range"), version.size)


def _serve(request: HttpRequest, version: DocumentVersion, *, attachment: bool) -> HttpResponseBase:
    inline = not attachment and version.preview in INLINE_PREVIEWS
    disposition = content_disposition_header(not inline, version.filename)
    content_type = version.content_type or "application/octet-stream"
    try:
        wanted = _wanted_range(request, version)
    except Unsatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{version.size}"
        _headers(refused, version, inline=False)
        return refused
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    if wanted is None:
        response: HttpResponseBase = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(version.size)
    else:
        with handle:
            handle.seek(wanted.start)
            data = handle.read(wanted.length)
        response = HttpResponse(data, status=206, content_type=content_type)
        response["Content-Range"] = wanted.content_range(version.size)
    if disposition:
        response["Content-Disposition"] = disposition
    _headers(response, version, inline=inline)
    return response


@require_safe
def document_file(request: HttpRequest, pk: int, version_pk: int | None = None) -> HttpResponseBase:
    """The file as the page's previews use it (inline when the browser can show it)."""
    _document, version = _version(request, pk, version_pk)
    if version is None:
        raise Http404
    return _serve(request, version, attachment=False)


@require_safe
def document_download(
    request: HttpRequest, pk: int, version_pk: int | None = None
) -> HttpResponseBase:
    """The file as a download (counted), or a link document's address (counted)."""
    document, version = _version(request, pk, version_pk)
    if version is None:
        if not document.link_url:
            raise Http404
        if request.method == "GET":
            services.record_download(document=document)
        return redirect(document.link_url)
    try:
        counted = (_wanted_range(request, version) or ByteRange(0, 0)).start == 0
    except Unsatisfiable:
        counted = False
    response = _serve(request, version, attachment=True)
    if counted and request.method == "GET" and response.status_code in (200, 206):
        services.record_download(document=document)
    return response
