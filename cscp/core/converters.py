"""Path converters. A referral's reference (SPR-2026-0042) is letters, digits and hyphens; any
other text in its place (a NUL byte, which PostgreSQL refuses in a query, markup...) is a 404
at the URL, never a database error. A review case's reference (REV-2026-012) is its address
too (issue 17 §6): its own converter, so that /reviews/actions/ and an old /reviews/13/ are
never taken for one."""

from django.urls import register_converter


class ReferenceConverter:
    regex = r"[A-Za-z0-9-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "reference")


class CaseReferenceConverter(ReferenceConverter):
    regex = r"REV-[0-9]{4}-[0-9]{3,}"


register_converter(CaseReferenceConverter, "case")
