"""PDF/X-4 identification: the output intent, XMP metadata and Info keys a print PDF declares."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import uuid
import zlib
from functools import cache
from xml.sax.saxutils import escape

import pikepdf

from brandkit.colour import OutputIntent
from brandkit.render.subsets import tag_subsets

PDFX_VERSION = "PDF/X-4"
PDF_VERSION = "1.6"  # PDF/X-4 (ISO 15930-7) is built on PDF 1.6


def document_date() -> dt.datetime:
    """The date every PDF carries: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else
    a fixed date, so the same inputs give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else 946684800  # 2000-01-01, reportlab's invariant
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


@cache
def _compressed(profile: bytes) -> bytes:
    return zlib.compress(profile, 9)


ROLE_KEY = "/BrandkitRole"
"""The Info key that marks a document not for press (`job-ticket`, `proof`): preflight then
checks it as a document (fonts embedded, no missing glyphs), not as a print file."""


def finalise(
    pdf: bytes, intent: OutputIntent | None, title: str, author: str = "", role: str | None = None
) -> bytes:
    """`pdf` rewritten by qpdf with object streams and a content-derived /ID; with `intent`,
    declared PDF/X-4 (output intent, Info keys, XMP metadata, PDF 1.6); with `role` (and no
    intent), marked as a document that is not for press (Info /BrandkitRole).

    The same input gives the same bytes: the document's UUIDs derive from its content and its
    dates from `document_date()`.
    """
    digest = hashlib.sha256(pdf).digest()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tag_subsets(document)  # not reportlab's AAAAAA+ for every subset
        version = None
        if intent is not None:
            _declare_pdfx(document, intent, title, author, digest)
            version = PDF_VERSION
        elif role is not None:
            document.docinfo[ROLE_KEY] = role
        out = io.BytesIO()
        document.save(
            out,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
            min_version=version or "",
        )
    return out.getvalue()


def _declare_pdfx(
    document: pikepdf.Pdf, intent: OutputIntent, title: str, author: str, digest: bytes
) -> None:
    profile = pikepdf.Stream(document, b"")
    profile.write(_compressed(intent.profile), filter=pikepdf.Name.FlateDecode)
    profile.N = 4
    output_intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=intent.identifier,
        OutputCondition=intent.condition,
        RegistryName=intent.registry,
        Info=intent.info or intent.condition,
        DestOutputProfile=document.make_indirect(profile),
    )
    document.Root.OutputIntents = pikepdf.Array([document.make_indirect(output_intent)])
    date = document_date()
    pdf_date = date.strftime("D:%Y%m%d%H%M%S+00'00'")
    info = document.docinfo
    info.Title = title
    info.CreationDate = pdf_date
    info.ModDate = pdf_date
    info.Trapped = pikepdf.Name("/False")
    info.GTS_PDFXVersion = PDFX_VERSION
    # The Info dictionary and the XMP must say the same: reportlab's empty keywords and its
    # "unspecified" subject have no XMP counterpart, so they go.
    if "/Keywords" in info and not str(info.Keywords).strip():
        del info["/Keywords"]
    if "/Subject" in info and str(info.Subject) in ("", "unspecified"):
        del info["/Subject"]
    for page in document.pages:  # reportlab's empty page transitions: screen-show keys
        if "/Trans" in page.obj and not page.obj.Trans.keys():
            del page.obj["/Trans"]
    subject = str(info.get("/Subject", ""))
    producer = str(info.get("/Producer", "brandkit"))
    creator = str(info.get("/Creator", "brandkit"))
    xmp = _xmp(title, author, subject, producer, creator, date, digest)
    metadata = pikepdf.Stream(document, xmp)
    metadata.Type = pikepdf.Name.Metadata
    metadata.Subtype = pikepdf.Name.XML
    document.Root.Metadata = document.make_indirect(metadata)


def _xmp(
    title: str,
    author: str,
    subject: str,
    producer: str,
    creator: str,
    date: dt.datetime,
    digest: bytes,
) -> bytes:
    """The XMP packet PDF/X-4 requires (left uncompressed so any tool can find it)."""
    when = date.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    document_id = uuid.UUID(bytes=digest[:16], version=4)
    instance_id = uuid.UUID(bytes=digest[16:32], version=4)
    creator_xml = (
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
        if author
        else ""
    )
    description = (
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li>'
        "</rdf:Alt></dc:description>"
        if subject
        else ""
    )
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
{creator_xml}{description}
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
<xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
<pdf:Producer>{escape(producer)}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
