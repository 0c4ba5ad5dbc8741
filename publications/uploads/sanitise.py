"""The copy of an uploaded PDF that the public gets (issue 15 §1): rebuilt with pikepdf, keeping
what a reader sees on the page and nothing a reader's viewer would hide or run.

Removed, because each can carry a name where no one checking the pages would look, or run
something in a reader's viewer:

- JavaScript, the document's open action and every additional action (/AA);
- embedded files (attachments), with their file specifications;
- form fields: their appearance is drawn into the page first (the guard then reads it as page
  text), then the form and any XFA are dropped;
- every annotation but a plain link within the document: comments, stamps, links to web
  addresses or other files (the visible link text stays in the page and is checked as text);
- optional-content layers (nothing left hidden: what a hidden layer held now shows, and is read);
- page labels, the document's and every object's XMP, piece info and thumbnails;
- bookmarks that do anything but go to a page (those that go to a page keep their title, which
  the guard checks);
- earlier revisions and unreferenced objects: the file is written fresh, never as an incremental
  update, with only what its pages reach.

The document information and XMP are written anew from the publication's own fields (its title,
the partnership as author, its language). The guard checks this copy; this copy is what is
served."""

import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, String

KEPT_IN_CATALOG = frozenset(
    {"/Type", "/Pages", "/Lang", "/MarkInfo", "/StructTreeRoot", "/ViewerPreferences", "/PageLayout"}
)
KEPT_ON_PAGE = frozenset(
    {
        "/Type",
        "/Parent",
        "/Resources",
        "/Contents",
        "/MediaBox",
        "/CropBox",
        "/BleedBox",
        "/TrimBox",
        "/ArtBox",
        "/Rotate",
        "/Group",
        "/Tabs",
        "/StructParents",
        "/UserUnit",
    }
)
KEPT_IN_TRAILER = frozenset({"/Root", "/Info", "/ID", "/Size"})
KEPT_IN_VIEWER_PREFERENCES = frozenset({"/DisplayDocTitle", "/Direction", "/HideToolbar", "/FitWindow"})
# Keys that, on any object, hold something run, attached or hidden.
DROPPED_EVERYWHERE = (
    "/AA",
    "/JS",
    "/OpenAction",
    "/Metadata",
    "/PieceInfo",
    "/EF",
    "/RichMediaContent",
    "/OC",
)
KEPT_ACTIONS = frozenset({"/GoTo"})
KEPT_ON_LINK = frozenset(
    {"/Type", "/Subtype", "/Rect", "/Border", "/Dest", "/StructParent", "/F", "/QuadPoints"}
)

ENCRYPTED = "The uploaded PDF is protected by a password, so it cannot be checked. Upload it without one."
UNREADABLE = "The uploaded report is not a readable PDF. Save it again as a PDF and upload that."


class SanitiseError(Exception):
    """The upload cannot be rebuilt (the message names no one and can be shown)."""


@dataclass
class Rebuilt:
    content: bytes
    pages: int
    removed: dict[str, int] = field(default_factory=dict)  # what was taken out: "attachment" -> 2

    def removed_sentence(self) -> str:
        """ "2 attachments, a form field and a script or action", for the coordinator."""
        parts = [_words(what, count) for what, count in self.removed.items()]
        if len(parts) > 1:
            return ", ".join(parts[:-1]) + " and " + parts[-1]
        return parts[0] if parts else ""


# What the rebuild takes out, for the coordinator: (one of them, several of them).
REMOVED_WORDS = {
    "attachment": ("an attachment", "attachments"),
    "form field": ("a form field", "form fields"),
    "xfa form": ("an XFA form", "XFA forms"),
    "web link": ("a link to a web address or another file", "links to web addresses or other files"),
    "annotation": ("a comment or other annotation", "comments or other annotations"),
    "script or action": ("a script or action", "scripts or actions"),
    "layer": ("an optional layer", "optional layers"),
    "earlier revision": ("an earlier revision", "earlier revisions"),
    "page label": ("page labels", "page labels"),
    "bookmark": ("a bookmark that did more than go to a page", "bookmarks that did more than go to a page"),
}


def _words(what: str, count: int) -> str:
    one, several = REMOVED_WORDS[what]
    if count == 1 or what == "page label":
        return one
    return f"{count} {several}"


def rebuild(data: bytes, *, title: str, author: str, language: str) -> Rebuilt:
    """The sanitised copy of an uploaded PDF. SanitiseError when it cannot be opened."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise SanitiseError(ENCRYPTED) from error
    except (pikepdf.PdfError, ValueError) as error:
        raise SanitiseError(UNREADABLE) from error
    with pdf:
        removed: dict[str, int] = {}
        try:
            _count(removed, "earlier revision", data.count(b"%%EOF") - 1)
            outline = _internal_bookmarks(pdf, removed)
            _flatten_forms(pdf, removed)
            for page in pdf.pages:  # before the catalog: a link's named destination is looked up there
                _clean_page(pdf, page, removed)
            _clean_catalog(pdf, removed)
            _scrub_objects(pdf, removed)
            _write_outline(pdf, outline)
            _write_metadata(pdf, title=title, author=author, language=language)
            for key in list(pdf.trailer.keys()):
                if key not in KEPT_IN_TRAILER:
                    del pdf.trailer[key]
            pdf.remove_unreferenced_resources()  # an image or font no page draws
            out = io.BytesIO()
            pdf.save(
                out,
                encryption=False,
                deterministic_id=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                fix_metadata_version=False,
            )
            pages = len(pdf.pages)
        except pikepdf.PdfError as error:
            raise SanitiseError(UNREADABLE) from error
    return Rebuilt(content=out.getvalue(), pages=pages, removed=removed)


def _count(removed: dict, what: str, how_many: int = 1) -> None:
    if how_many > 0:
        removed[what] = removed.get(what, 0) + how_many


# --- Bookmarks ---------------------------------------------------------------------------------


def _internal_bookmarks(pdf, removed) -> list[tuple[str, int, list]]:
    """(title, page index, children) of every bookmark that goes to a page of this document."""
    if "/Outlines" not in pdf.Root:
        return []
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    try:
        with pdf.open_outline() as outline:
            return _items(pdf, outline.root, pages, removed)
    except (pikepdf.PdfError, pikepdf.OutlineStructureError, ValueError, TypeError):
        _count(removed, "bookmark")
        return []


def _items(pdf, items, pages, removed) -> list:
    kept = []
    for item in items:
        children = _items(pdf, item.children, pages, removed)
        page = _target_page(pdf, item.destination, item.action, pages)
        if page is None:
            _count(removed, "bookmark")
            kept += children
        else:
            kept.append((str(item.title or ""), page, children))
    return kept


def _target_page(pdf, destination, action, pages) -> int | None:
    if destination is None and action is not None:
        if action.get("/S") not in KEPT_ACTIONS:
            return None
        destination = action.get("/D")
    destination = _named(pdf, destination)
    if isinstance(destination, Array) and len(destination) and isinstance(destination[0], Dictionary):
        return pages.get(destination[0].objgen)
    return None


def _named(pdf, destination):
    """A named destination looked up (the names go with the catalog's /Names and /Dests)."""
    if isinstance(destination, (String, Name)):
        name = str(destination).lstrip("/") if isinstance(destination, Name) else str(destination)
        try:
            if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
                tree = pikepdf.NameTree(pdf.Root.Names.Dests)
                if name in tree:
                    destination = tree[name]
            elif "/Dests" in pdf.Root and Name("/" + name) in pdf.Root.Dests:
                destination = pdf.Root.Dests[Name("/" + name)]
        except (KeyError, TypeError, ValueError, pikepdf.PdfError):
            return None
    if isinstance(destination, Dictionary) and "/D" in destination:
        destination = destination.D
    return destination


def _write_outline(pdf, outline) -> None:
    if not outline:
        return

    def items(entries):
        made = []
        for title, page, children in entries:
            item = pikepdf.OutlineItem(title, page)
            item.children.extend(items(children))
            made.append(item)
        return made

    with pdf.open_outline() as written:
        written.root.extend(items(outline))


# --- Forms, catalog and pages -------------------------------------------------------------------


def _flatten_forms(pdf, removed) -> None:
    """A form field's value drawn into the page (where the guard reads it), then no form."""
    acroform = pdf.Root.get("/AcroForm")
    if acroform is None:
        return
    fields = acroform.get("/Fields") or []
    _count(removed, "form field", len(fields))
    if "/XFA" in acroform:
        _count(removed, "xfa form")
    try:
        pdf.generate_appearance_streams()
        pdf.flatten_annotations("all")
    except pikepdf.PdfError:
        pass  # no appearance to draw: the fields go without one


def _clean_catalog(pdf, removed) -> None:
    root = pdf.Root
    names = root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names:
        _count(removed, "attachment", len(pikepdf.NameTree(names.EmbeddedFiles)))
    if (names is not None and "/JavaScript" in names) or "/OpenAction" in root or "/AA" in root:
        _count(removed, "script or action")
    if "/OCProperties" in root:
        _count(removed, "layer", len(root.OCProperties.get("/OCGs") or []))
    if "/PageLabels" in root:
        _count(removed, "page label")
    for key in list(root.keys()):
        if key not in KEPT_IN_CATALOG:
            del root[key]
    preferences = root.get("/ViewerPreferences")
    kept = Dictionary()
    if isinstance(preferences, Dictionary):
        for key in KEPT_IN_VIEWER_PREFERENCES & set(preferences.keys()):
            kept[key] = preferences[key]
    kept.DisplayDocTitle = True  # the window shows the title, not a file name
    root.ViewerPreferences = kept
    root.PageMode = Name.UseNone


def _clean_page(pdf, page, removed) -> None:
    obj = page.obj
    kept = Array()
    for annotation in obj.get("/Annots") or []:
        link = _internal_link(pdf, annotation)
        if link is not None:
            kept.append(link)
        elif annotation.get("/Subtype") == Name.Link:
            _count(removed, "web link")
        elif annotation.get("/Subtype") == Name.FileAttachment:
            _count(removed, "attachment")
        elif annotation.get("/Subtype") != Name.Popup:
            _count(removed, "annotation")
    if "/AA" in obj:
        _count(removed, "script or action")
    for key in list(obj.keys()):
        if key not in KEPT_ON_PAGE:
            del obj[key]
    if len(kept):
        obj.Annots = kept


def _internal_link(pdf, annotation):
    """A plain link to a page of this document, as a new annotation with nothing else on it."""
    if not isinstance(annotation, Dictionary) or annotation.get("/Subtype") != Name.Link:
        return None
    destination = annotation.get("/Dest")
    action = annotation.get("/A")
    if destination is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
        destination = action.get("/D")
    destination = _named(pdf, destination)
    page_objgens = {page.objgen for page in pdf.pages}
    if not (
        isinstance(destination, Array)
        and len(destination)
        and isinstance(destination[0], Dictionary)
        and destination[0].objgen in page_objgens
    ):
        return None
    link = Dictionary(
        {key: annotation[key] for key in KEPT_ON_LINK & set(annotation.keys()) if key != "/Dest"}
    )
    link.Type = Name.Annot
    link.Dest = Array(list(destination))
    return pdf.make_indirect(link)


def _scrub_objects(pdf, removed) -> None:
    """Whatever is still in the file after the catalog and pages are cleaned (the structure tree
    still points at removed annotations and fields; form XObjects and appearances): emptied if
    it is an action but GoTo, an annotation not kept, a form field, an attachment or a layer; and
    no object keeps its own XMP or additional actions."""
    kept_links = {annotation.objgen for page in pdf.pages for annotation in (page.obj.get("/Annots") or [])}
    for obj in pdf.objects:
        if not isinstance(obj, (Dictionary, pikepdf.Stream)):
            continue
        if _emptied(obj, kept_links):
            if isinstance(obj, pikepdf.Stream):
                obj.write(b"")
            for key in list(obj.keys()):
                if key not in ("/Length", "/Filter", "/DecodeParms"):
                    del obj[key]
            continue
        for key in DROPPED_EVERYWHERE:
            if key in obj:
                del obj[key]


def _emptied(obj, kept_links) -> bool:
    kind = obj.get("/Type")
    if kind in (Name.Filespec, Name.EmbeddedFile, Name.OCG, Name.OCMD):
        return True
    if "/S" in obj and kind in (None, Name.Action) and _is_action(obj):
        return obj.get("/S") not in KEPT_ACTIONS
    if "/FT" in obj or ("/T" in obj and "/V" in obj) or "/XFA" in obj:  # a form field, a form
        return True
    is_annotation = kind == Name.Annot or ("/Subtype" in obj and "/Rect" in obj)
    return is_annotation and obj.objgen not in kept_links


_ACTION_TYPES = frozenset(
    {
        "/GoTo",
        "/GoToR",
        "/GoToE",
        "/Launch",
        "/Thread",
        "/URI",
        "/Sound",
        "/Movie",
        "/Hide",
        "/Named",
        "/SubmitForm",
        "/ResetForm",
        "/ImportData",
        "/JavaScript",
        "/SetOCGState",
        "/Rendition",
        "/Trans",
        "/GoTo3DView",
        "/RichMediaExecute",
    }
)


def _is_action(obj) -> bool:
    return str(obj.get("/S")) in _ACTION_TYPES


# --- Metadata ----------------------------------------------------------------------------------


def _write_metadata(pdf, *, title: str, author: str, language: str) -> None:
    if "/Lang" not in pdf.Root:
        pdf.Root.Lang = String(language)
    pdf.docinfo = pdf.make_indirect(
        Dictionary(Title=String(title), Author=String(author), Producer=String(author))
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:creator"] = [author]
        meta["dc:language"] = [language]
        meta["pdf:Producer"] = author
