import pytest

from newsgraph.ingest.attribution import split_attribution


@pytest.mark.parametrize(("text", "outlet"), [
    ("Body text.\n\nSource » newarab", "newarab"),
    ("Body text.\nOriginal Source: shafaq.com", "shafaq.com"),
    ("Body text.\n\nSource: agencies\n", "agencies"),
    ("Body text.\nVia Reuters", "Reuters"),
    ("Body text that ends normally.", None),
    # a sentence that starts with "Source" is body text, not an attribution line
    ("Body.\nSources close to the prime minister said the talks would resume next week in Baghdad.", None),
])
def test_attribution_lines(text: str, outlet: str | None) -> None:
    body, found = split_attribution(text)
    assert found == outlet
    if outlet:
        assert outlet not in body and body.startswith("Body")
    else:
        assert body == text.rstrip()
