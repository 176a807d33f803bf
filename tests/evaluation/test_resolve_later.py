"""The later-ingest benchmark: real bench documents, fresh processes, the kept state read back
and the same canonical entities as resolving from scratch."""

from pathlib import Path

from newsgraph.evaluation import resolve_later
from tests.conftest import shared_path


def test_a_later_ingest_reads_the_state_back_and_matches_resolving_from_scratch(tmp_path: Path) -> None:
    bench = shared_path("bench")
    result = resolve_later.run(bench, tmp_path, reuters=40, bbc=0, later=3)
    runs = result["runs"]
    assert runs["kept state"]["state"] == "restored"
    assert runs["from scratch"]["state"] == "rebuilt"
    assert runs["kept state"]["new"] == runs["from scratch"]["new"] > 0
    assert result["same_entities_and_ids"] is True
    assert result["base"]["state_bytes"] > 0 and result["base"]["documents"] > 30
    assert "the same canonical entities, ids and descriptions" in resolve_later.render(result)
