"""What a PDF must be before the institute serves it: a real PDF with no active content.

The "3 de 3" documents and the document library are downloaded by citizens, so a file that runs
code in a reader (JavaScript, launch actions, embedded files, rich media, form submission) is
refused, as is anything that only claims to be a PDF (an HTML page renamed `.pdf`). Active
content is looked for by the PDF *names* that trigger it, wherever they hide: in the file's text,
written with `#xx` escapes (`/J#61vaScript`), or inside compressed streams and object streams,
which are inflated here with zlib under a fixed budget so that a compression bomb costs nothing.
Only the file's text outside streams and its object streams are searched (`_searchable_parts`).
No PDF library is needed for this: nothing is rendered or interpreted, only looked at.
"""

import base64
import binascii
import re
import zlib

from django.core.exceptions import ValidationError

PDF_MAGIC = b"%PDF-"

# The names of PDF features that make a reader act (ISO 32000-1 §12.6, §7.11.4, §12.7.5.2, §13.2)
# with the Spanish words a capturist understands.
ACTIVE_NAMES = {
    b"JavaScript": "código JavaScript",
    b"JS": "código JavaScript",
    b"Launch": "una acción que abre programas",
    b"EmbeddedFile": "archivos incrustados",
    b"EmbeddedFiles": "archivos incrustados",
    b"RichMedia": "contenido multimedia activo",
    b"AA": "acciones automáticas",
    b"SubmitForm": "un formulario que envía datos",
    b"ImportData": "una acción que importa datos",
    b"GoToE": "un enlace a archivos incrustados",
    b"XFA": "un formulario XFA",
}
# /OpenAction alone opens the document at a page; it is refused only when it runs code, which
# shows as one of the names above (/JS, /JavaScript, /Launch) in the action it points to.

# Budget for inflating streams: about ten times the largest upload, then the file is refused.
MAX_INFLATED_BYTES = 100 * 1024 * 1024

NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"stream\r?\n")
END_STREAM = b"endstream"
OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")


class UnsafePDF(ValueError):
    """The Spanish reason a file is refused."""


def _names(data):
    for match in NAME.finditer(data):
        name = match.group(1)
        if b"#" in name:
            name = HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        yield name


def _stream_dictionary(data, stream_start):
    """The dictionary text of the stream whose keyword starts at `stream_start`."""
    head = data[max(0, stream_start - 4096) : stream_start]
    headers = list(OBJECT_HEADER.finditer(head))
    return head[headers[-1].end() :] if headers else head


def _filters(dictionary):
    found = re.search(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]]+)", dictionary)
    return list(_names(found.group(1))) if found else []


def _inflate(data, budget):
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(data, budget + 1)
    except zlib.error as exc:
        # A reader may still parse part of a corrupt object stream; we could not look at it.
        raise UnsafePDF("El PDF tiene datos comprimidos dañados que no se pueden revisar.") from exc
    if len(inflated) > budget:
        raise UnsafePDF("El PDF contiene datos comprimidos demasiado grandes para revisarlos.")
    return inflated


def _decode(data, filters, budget):
    """The stream's content after its filters, or None when a filter is not one we can undo."""
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            data = _inflate(data, budget)
        elif name in (b"ASCIIHexDecode", b"AHx"):
            hex_digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
            try:
                data = binascii.unhexlify(hex_digits + b"0" * (len(hex_digits) % 2))
            except binascii.Error:
                return None
        elif name in (b"ASCII85Decode", b"A85"):
            try:
                data = base64.a85decode(data.strip().removesuffix(b"~>") + b"~>", adobe=False)
            except ValueError:
                return None
        else:
            return None
    return data


def _searchable_parts(data):
    """The file's text outside streams, then the decoded content of each object stream.

    Active content is declared by keys of dictionaries, and dictionaries live either outside
    streams or packed in object streams (/Type /ObjStm). Other streams (page contents, fonts,
    pictures, colour profiles) are not searched: inflated fonts and pixels are binary, and would
    show a short name such as /JS by chance in a large file.
    """
    budget = MAX_INFLATED_BYTES
    position = 0
    while True:
        match = STREAM.search(data, position)
        if match is None:
            yield data[position:]
            return
        keyword = match.start()
        yield data[position:keyword]
        end = data.find(END_STREAM, match.end())
        if end < 0:
            end = len(data)
        position = end + len(END_STREAM)
        dictionary = _stream_dictionary(data, keyword)
        if b"ObjStm" not in set(_names(dictionary)):
            continue
        filters = _filters(dictionary)
        content = _decode(data[match.end() : end], filters, budget)
        if content is None:
            raise UnsafePDF("El PDF usa una compresión que no se puede revisar.")
        budget -= len(content)
        yield content


def active_content(data):
    """The Spanish description of the first active feature found in `data`, or None."""
    for part in _searchable_parts(data):
        for name in _names(part):
            if name in ACTIVE_NAMES:
                return ACTIVE_NAMES[name]
    return None


def check_pdf(data, label="El documento"):
    """Raise ValidationError (Spanish) unless `data` is a PDF without active content."""
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(
            "El archivo no es un PDF válido aunque su nombre termine en .pdf.", code="not_pdf"
        )
    if any(name == b"Encrypt" for name in _names(data)):
        raise ValidationError(
            f"{label} está cifrado o protegido con contraseña; guárdalo sin protección y "
            "vuelve a subirlo.",
            code="encrypted_pdf",
        )
    try:
        feature = active_content(data)
    except UnsafePDF as exc:
        raise ValidationError(f"{label}: {exc}", code="pdf_too_complex") from exc
    if feature:
        raise ValidationError(
            f"{label} contiene {feature}, que no se permite en documentos públicos. Vuelve a "
            "generarlo como PDF simple (por ejemplo, «Imprimir como PDF»).",
            code="active_pdf",
        )


def read_upload(file, limit):
    """The bytes of an uploaded or stored file, leaving its position as it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        data = file.read(limit + 1)
    finally:
        file.seek(position)
    return data
