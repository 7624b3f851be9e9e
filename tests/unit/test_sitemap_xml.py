"""The sitemap written line by line is, byte for byte, what ElementTree writes for it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from sitegen.publish.sitemap import SITEMAP, XHTML, Listed, sitemap_xml

# Any character XML 1.0 allows, the ones that need escaping most often.
TEXT = st.text(
    st.one_of(
        st.sampled_from("&<>\"'\t\r\n /:?#%é’"),
        st.characters(exclude_categories=["Cs"], min_codepoint=0x20),
    ),
    max_size=30,
)
LISTED = st.tuples(
    TEXT,
    st.one_of(st.just(""), st.dates().map(lambda day: day.isoformat())),
    st.lists(st.tuples(TEXT, TEXT), max_size=3).map(tuple),
)


def _by_element_tree(pages: Sequence[Listed]) -> bytes:
    """The sitemap as it was built before: a tree, indented by one space a level."""
    root = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for loc, lastmod, versions in pages:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = loc
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
        for hreflang, href in versions:
            attributes = {"rel": "alternate", "hreflang": hreflang, "href": href}
            ET.SubElement(url, "xhtml:link", attributes)
    ET.indent(root, space=" ")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


@given(st.lists(LISTED, max_size=5))
def test_the_sitemap_is_what_element_tree_writes(pages: list[Listed]) -> None:
    assert sitemap_xml(pages) == _by_element_tree(pages)


def test_an_empty_sitemap_is_one_empty_element() -> None:
    assert sitemap_xml([]) == _by_element_tree([])
    assert ET.fromstring(sitemap_xml([])).tag == f"{{{SITEMAP}}}urlset"
