import pytest

from newsgraph.errors import PipelineError
from newsgraph.pipeline import DEFAULT_STAGES, Pipeline, known
from newsgraph.pipeline.normalise import normalise_text


def test_stages_carry_versions() -> None:
    assert {"normalise.v1", "dates.v1", "entities.v2", "quotes.v2", "events.v3"} <= set(known())
    versions = {"events": 3, "entities": 2, "quotes": 2}
    assert Pipeline().ids == [f"{s}.v{versions.get(s, 1)}" for s in DEFAULT_STAGES]


def test_order_is_checked_when_built() -> None:
    with pytest.raises(PipelineError, match=r"NG300.*dates.v1 requires \['_doc'\]"):
        Pipeline(["normalise", "published", "dates"])


def test_unknown_stage_is_named() -> None:
    with pytest.raises(PipelineError, match="no stage named 'sentiment'"):
        Pipeline(["sentiment"])


@pytest.mark.parametrize("text", ["Iran’s “Quds Force” — in Baghdad\u00a0today", "plain", ""])
def test_normalisation_keeps_every_offset(text: str) -> None:
    out = normalise_text(text)
    assert len(out) == len(text)
    assert "’" not in out and "“" not in out and "—" not in out
