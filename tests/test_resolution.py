"""Cross-document resolution on the demo corpus and the two samples: one actor per person,
namesakes apart, the same result in any ingest order, and people's corrections kept."""

import json
import random
import shutil
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import Workspace
from newsgraph.cli import main
from newsgraph.data import DEMO_DIR
from newsgraph.resolve import incremental
from newsgraph.resolve import state as resolve_state
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus plus both samples, as one folder of inputs."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(DEMO_DIR.rglob("*")):
        if not path.is_file() or path.name == "broken.jsonl":
            continue
        if path.suffix == ".jsonl":
            # one report per file, so shuffling the files shuffles the reports
            lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            for i, line in enumerate(lines):
                (folder / f"{path.stem}-{i:02d}.jsonl").write_text(line + "\n", encoding="utf-8")
        else:
            shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    for name in ("qaani-baghdad-2023.txt", "qaani-baghdad-2025.txt"):
        shutil.copy(shared_path("samples", name), folder / name)
    return folder


@pytest.fixture(scope="module")
def store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("resolved") / "r.db"
    with Workspace(db) as ws:
        ws.ingest([str(corpus)], workers=1)
    return db


def _partition(db: Path) -> set[frozenset[tuple[str, str]]]:
    """Canonical entities as sets of (document, entity name): independent of ids."""
    with Workspace(db) as ws:
        rows = ws.store.conn.execute("SELECT canonical, doc_id, name FROM entities").fetchall()
    groups: dict[str, set[tuple[str, str]]] = {}
    for cid, doc, name in rows:
        assert cid, f"{name} in {doc} was left unresolved"
        groups.setdefault(cid, set()).add((doc, name))
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize(("spelling", "canonical_name"), [
    ("Qaani", "Esmail Qaani"), ("Ghaani", "Esmail Qaani"), ("Gen. Ismail Qaani", "Esmail Qaani"),
    ("Esmaeil Qa'ani", "Esmail Qaani"), ("قاآني", "Esmail Qaani"),
    ("Mohamed al-Sudani", "Mohammed Shia al-Sudani"), ("Mohammed Shia' al-Sudani", "Mohammed Shia al-Sudani"),
    ("IRGS", "Islamic Revolutionary Guard Corps"), ("Revolutionary Guards", "Islamic Revolutionary Guard Corps"),
    ("Hashd al-Shaabi", "Popular Mobilization Forces"), ("Ansarallah", "Houthis"),
])
def test_any_spelling_finds_the_one_canonical_entity(store: Path, spelling: str, canonical_name: str) -> None:
    with Workspace(store) as ws:
        view = ws.entity(spelling)
        assert view is not None, spelling
        assert view["name"] == canonical_name
        same_name = [e for e in ws.entities(limit=1000) if e["name"] == canonical_name]
    assert len(same_name) == 1, f"{canonical_name} is split into {len(same_name)} entities"


def test_spelling_variants_are_one_person_with_their_forms(store: Path) -> None:
    with Workspace(store) as ws:
        qaani = ws.entity("Esmail Qaani")
        sudani = ws.entity("Mohammed Shia al-Sudani")
    assert qaani is not None and sudani is not None
    forms = {f["name"] for f in qaani["names"]}
    assert {"Esmail Qaani", "Ghaani", "Qaani"} <= forms
    assert {"Mohamed Shia al-Sudani", "Mohammed Shia al-Sudani"} <= {f["name"] for f in sudani["names"]}
    assert qaani["country"] == "IRN" and sudani["country"] == "IRQ"
    assert all(f["first_seen"] <= f["last_seen"] for f in qaani["names"] if f["first_seen"])
    assert len(qaani["documents"]) >= 10


def test_quds_force_is_part_of_the_irgc(store: Path) -> None:
    with Workspace(store) as ws:
        quds = ws.entity("Quds Force")
        irgc = ws.find_entity("IRGC")
    assert quds is not None and quds["part_of"] is not None
    assert quds["part_of"]["id"] == irgc
    assert quds["id"] != irgc


@pytest.mark.parametrize(("a", "b"), [
    ("Mohammed Shia al-Sudani", "Muqtada al-Sadr"),
    ("Quds Force", "Islamic Revolutionary Guard Corps"),
    ("Esmail Qaani", "Qassem Soleimani"),
    ("Iran", "Iraq"),
])
def test_hard_negatives_stay_apart(store: Path, a: str, b: str) -> None:
    with Workspace(store) as ws:
        ca, cb = ws.find_entity(a), ws.find_entity(b)
        why = ws.why(a, b)
    assert ca and cb and ca != cb
    assert not why["same"] and why["verdict"].startswith(("kept apart", "different"))


def test_every_merge_is_a_recorded_judgement(store: Path) -> None:
    with Workspace(store) as ws:
        view = ws.entity("Ghaani")
        why = ws.why("Ghaani", "Esmail Qaani")
    assert view is not None and view["merge_reasons"]
    assert all(r["reasons"] and 0 < r["score"] <= 1 for r in view["merge_reasons"])
    assert why["same"] and why["links"] and why["links"][0]["reasons"]


def test_result_does_not_depend_on_ingest_order(corpus: Path, store: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.iterdir())
    expected = _partition(store)
    for seed in (1, 2):
        order = files[:]
        random.Random(seed).shuffle(order)
        db = tmp_path / f"shuffled{seed}.db"
        with Workspace(db) as ws:
            # a few documents at a time, so later documents meet an existing store
            for i in range(0, len(order), 5):
                ws.ingest(order[i:i + 5], workers=1)
        assert _partition(db) == expected, f"ingest order {seed} changed the canonical entities"


def test_corrections_survive_resolving_again_and_new_documents(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    files = sorted(str(p) for p in corpus.iterdir())
    with Workspace(db) as ws:
        ws.ingest(files[:-3], workers=1)
        assert ws.find_entity("Ghaani") == ws.find_entity("Esmail Qaani")
        parts = ws.split("Esmail Qaani", form="Ghaani")
        assert len(parts) == 2
        assert ws.find_entity("Esmail Ghaani") != ws.find_entity("Esmail Qaani")
        # a person's merge overrides the machine's conflict between two knowledge-base entries
        sadr, sudani = ws.find_entity("Muqtada al-Sadr"), ws.find_entity("Mohammed Shia al-Sudani")
        ws.merge("Muqtada al-Sadr", "Mohammed Shia al-Sudani", note="test only")
        assert ws.find_entity("Muqtada al-Sadr") == ws.find_entity("Mohammed Shia al-Sudani")
        assert sadr != sudani
        ws.ingest(files[-3:], workers=1)
        ws.resolve(again=True)
        assert ws.find_entity("Ghaani") != ws.find_entity("Esmail Qaani")
        assert ws.find_entity("Muqtada al-Sadr") == ws.find_entity("Mohammed Shia al-Sudani")
        why = ws.why("Ghaani", "Esmail Qaani")
    assert not why["same"] and "correction" in why["verdict"]


def test_cli_entity_and_why(store: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["entity", "Ghaani", "--db", str(store)])
    assert out.exit_code == 0, out.output
    assert "Esmail Qaani" in out.output and "Names" in out.output
    out = runner.invoke(main, ["entities", "why", "Sudani", "Sadr", "--db", str(store)])
    assert out.exit_code == 0, out.output
    assert "kept apart" in out.output
    out = runner.invoke(main, ["entity", "Nobody Atall", "--db", str(store)])
    assert out.exit_code == 1 and "no entity matches" in out.output


def test_resolving_from_scratch_keeps_the_entities_and_their_reasons(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.db"
    shutil.copy(store, copy)
    with Workspace(copy) as ws:
        ws.resolve(again=True)
        view = ws.entity("Ghaani")
    assert _partition(copy) == _partition(store)
    assert view is not None and view["merge_reasons"]


def _chunks(corpus: Path, seed: int, size: int = 5) -> list[list[str]]:
    order = sorted(str(p) for p in corpus.iterdir())
    random.Random(seed).shuffle(order)
    return [order[i:i + size] for i in range(0, len(order), size)]


def _described(db: Path) -> dict[frozenset[tuple[str, str]], tuple[object, ...]]:
    """Each canonical entity's stored row (without its id), by its members."""
    with Workspace(db) as ws:
        conn = ws.store.conn
        rows = {r["id"]: tuple(r)[1:] for r in conn.execute("SELECT * FROM canonical_entities")}
        members: dict[str, set[tuple[str, str]]] = {}
        for cid, doc, entity in conn.execute("SELECT canonical, doc_id, entity FROM entities"):
            members.setdefault(cid, set()).add((doc, entity))
    assert set(rows) == set(members), "canonical rows and members disagree"
    return {frozenset(m): rows[cid] for cid, m in members.items()}


def test_a_new_process_adds_to_the_kept_state_instead_of_resolving_the_store(
        corpus: Path, store: Path, tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    states, positions = [], []
    for chunk in _chunks(corpus, seed=3):
        incremental._RESOLVERS.clear()          # nothing survives in memory, as in a new process
        with Workspace(db) as ws:
            report = ws.ingest(chunk, workers=1)
            positions.append(ws.store.resolver_position())
        states.append(report.resolution.state)
    assert states[0] == "rebuilt" and set(states[1:]) == {"restored"}, states
    assert _partition(db) == _partition(store)
    # entities that only gained members were described again from the store's aggregates:
    # the same names, types, countries, sectors and counts as describing every member
    assert _described(db) == _described(store)
    # the state was written once; every later ingest only logged its batch on top of it
    assert len({generation for generation, _ in positions}) == 1
    assert [last for _, last in positions][1:] == sorted({last for _, last in positions[1:]})
    assert positions[-1][1] > positions[1][1] > 0


def test_the_state_is_written_anew_once_the_log_is_long(corpus: Path, store: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "LOG_MIN", 150)
    monkeypatch.setattr(incremental, "LOG_SHARE", 0.0)
    db = tmp_path / "compacted.db"
    generations = []
    for chunk in _chunks(corpus, seed=5):
        incremental._RESOLVERS.clear()
        with Workspace(db) as ws:
            ws.ingest(chunk, workers=1)
            position = ws.store.resolver_position()
            assert position is not None
            logged = sum(len(b) for b in ws.store.resolver_log(position[0]))
        assert logged <= 150
        generations.append(position[0])
    assert 1 < len(set(generations)) < len(generations)
    assert _partition(db) == _partition(store)


def test_two_open_stores_on_one_file_never_use_a_stale_state(corpus: Path, store: Path,
                                                             tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    chunks = _chunks(corpus, seed=4, size=9)
    with Workspace(db) as first, Workspace(db) as second:
        seen = []
        for n, chunk in enumerate(chunks):
            ws = first if n % 2 == 0 else second
            seen.append(ws.ingest(chunk, workers=1).resolution.state)
    # each store object finds that the other one resolved since its own last call
    assert seen[0] == "rebuilt" and set(seen[1:]) == {"restored"}, seen
    assert _partition(db) == _partition(store)


def _resolved_again(db: Path, tmp_path: Path) -> Path:
    """A copy of the store, resolved from scratch."""
    again = tmp_path / f"{db.stem}-again.db"
    shutil.copy(db, again)
    with Workspace(again) as ws:
        ws.resolve(again=True)
    return again


def _ingest_rest(db: Path, files: list[str]) -> str:
    incremental._RESOLVERS.clear()
    with Workspace(db) as ws:
        return ws.ingest(files, workers=1).resolution.state


@pytest.mark.parametrize("change", [
    "UPDATE entities SET name = 'Somebody Else' WHERE rowid = (SELECT MIN(rowid) FROM entities)",
    "UPDATE entities SET country = 'FRA' WHERE rowid = (SELECT MIN(rowid) FROM entities)",
    "DELETE FROM mentions WHERE rowid = (SELECT MIN(rowid) FROM mentions)",
    "UPDATE documents SET published = '1999-01-01' WHERE rowid = (SELECT MIN(rowid) FROM documents)",
    # a mention added to a resolved entity, an entity added to a resolved document
    "INSERT INTO mentions SELECT doc_id, entity, start, \"end\", 'Adel Abdul-Mahdi', name_key, stage "
    "FROM mentions WHERE rowid = (SELECT MIN(rowid) FROM mentions)",
    "INSERT INTO entities (doc_id, entity, name, name_key, type, mention_count, stage) "
    "SELECT doc_id, 'e999', 'Nobody Atall', 'nobody atall', 'PERSON', 1, stage FROM entities "
    "WHERE rowid = (SELECT MIN(rowid) FROM entities)",
    # a reset by any version of newsgraph, even one that does not know the kept state
    "UPDATE entities SET canonical = NULL WHERE rowid = (SELECT MIN(rowid) FROM entities)",
])
def test_a_change_in_place_makes_the_store_forget_the_state(corpus: Path, tmp_path: Path,
                                                           change: str) -> None:
    files = sorted(str(p) for p in corpus.iterdir())
    db = tmp_path / "changed.db"
    with Workspace(db) as ws:
        ws.ingest(files[:-3], workers=1)
        assert ws.store.resolver_position() is not None
        ws.store.conn.execute(change)
        assert ws.store.resolver_position() is None, change
    assert _ingest_rest(db, files[-3:]) == "rebuilt"
    # the same partition as resolving everything from scratch
    assert _partition(_resolved_again(db, tmp_path)) == _partition(db)


def test_an_unreadable_or_foreign_state_is_rebuilt_with_a_note(corpus: Path, store: Path,
                                                               tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.iterdir())
    for what, sql in (("garbage", "UPDATE resolver_state SET payload = x'00ff'"),
                      ("text payload", "UPDATE resolver_state SET payload = 'not bytes'"),
                      ("bad count", "UPDATE resolver_state SET resolved = 'many'"),
                      ("bad log", "INSERT INTO resolver_log (generation, refs) "
                                  "SELECT generation, '[[1, 2, 3]]' FROM resolver_state"),
                      ("other rules", "UPDATE resolver_state SET fingerprint = 'elsewhere'")):
        db = tmp_path / f"{what}.db"
        with Workspace(db) as ws:
            ws.ingest(files[:-3], workers=1)
            ws.store.conn.execute(sql)
        incremental._RESOLVERS.clear()
        with Workspace(db) as ws:
            report = ws.ingest(files[-3:], workers=1).resolution
        assert report.state == "rebuilt", what
        if what != "other rules":
            assert any("resolver state" in n and "cannot be read" in n for n in report.notes), \
                (what, report.notes)
        assert _partition(db) == _partition(store), what


def test_the_kept_state_is_plain_json_not_pickle(store: Path) -> None:
    with Workspace(store) as ws:
        kept = ws.store.load_resolver_state()
    assert kept is not None
    fingerprint, _generation, resolved, payload = kept
    text = zlib.decompress(payload).decode("utf-8")
    state = json.loads(text)
    assert fingerprint == resolve_state.fingerprint()
    assert resolved == sum(len(s[6]) for s in state["spellings"])


def test_cli_says_how_the_resolver_state_was_had(corpus: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.iterdir())
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    out = runner.invoke(main, ["ingest", *files[:-2], "--db", db, "--workers", "1"])
    assert out.exit_code == 0, out.output
    with Workspace(db) as ws:
        ws.store.conn.execute("UPDATE resolver_state SET payload = x'00'")
    # new documents, and a kept state that cannot be read: rebuilt, and the user is told why
    out = runner.invoke(main, ["ingest", *files[-2:], "--db", db, "--workers", "1"])
    assert out.exit_code == 0, out.output
    assert "resolver state kept in the store cannot be read" in out.output
    incremental._RESOLVERS.clear()
    out = runner.invoke(main, ["resolve", "--again", "--db", db])
    assert out.exit_code == 0 and "resolver state rebuilt from the stored entities" in out.output, out.output


def test_after_a_rebuild_no_canonical_row_is_stale_or_orphaned(corpus: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.iterdir())
    db = tmp_path / "stale.db"
    with Workspace(db) as ws:
        ws.ingest(files[:-3], workers=1)
        conn = ws.store.conn
        # a document deleted, and an entity recoded in place, behind newsgraph's back
        conn.execute("DELETE FROM documents WHERE id = (SELECT MIN(id) FROM documents)")
        conn.execute("UPDATE entities SET country = 'FRA' WHERE rowid = (SELECT MAX(rowid) FROM entities)")
    assert _ingest_rest(db, files[-3:]) == "rebuilt"
    assert _described(db) == _described(_resolved_again(db, tmp_path))


def test_a_nickname_does_not_chain_two_different_people(tmp_path: Path) -> None:
    folder = tmp_path / "nick"
    folder.mkdir()
    texts = {"a.txt": "Christopher Smith, a British diplomat, met officials in Baghdad on Monday.",
             "b.txt": "Chris Smith told reporters in Baghdad that the talks had gone well.",
             "c.txt": "Christine Smith, an American aid worker, arrived in Erbil on Tuesday.",
             "d.txt": "Maurice Salah, a French engineer, was kidnapped near Mosul on Monday.",
             "e.txt": "Mo Salah scored twice for Liverpool on Saturday.",
             "f.txt": "Mohamed Salah, the Egyptian forward, signed a new contract on Friday."}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Workspace(tmp_path / "n.db") as ws:
        ws.ingest([str(folder)], workers=1)
        christopher, christine = ws.find_entity("Christopher Smith"), ws.find_entity("Christine Smith")
        why = ws.why("Christopher Smith", "Christine Smith")
        maurice, mohamed = ws.find_entity("Maurice Salah"), ws.find_entity("Mohamed Salah")
    assert christopher and christine and christopher != christine
    assert not why["same"]
    assert maurice and mohamed and maurice != mohamed


def test_a_spelling_the_nickname_table_does_not_know_keeps_nobody_apart(tmp_path: Path) -> None:
    folder = tmp_path / "bibi"
    folder.mkdir()
    for i, name in enumerate(("Benjamin Netanyahu", "Binyamin Netanyahu", "Bibi Netanyahu", "Benyamin Netanyahou")):
        (folder / f"{i}.txt").write_text(f"{name} spoke to reporters in Jerusalem on Monday.", encoding="utf-8")
    with Workspace(tmp_path / "b.db") as ws:
        ws.ingest([str(folder)], workers=1)
        assert ws.find_entity("Bibi Netanyahu") == ws.find_entity("Benjamin Netanyahu")
