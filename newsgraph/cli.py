"""The command line: a thin shell over `Workspace` and `extract`.

Every listing prints a table, or JSON with --json. --db defaults to $NEWSGRAPH_DB, then
newsgraph.db.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newsgraph.errors import NewsgraphError
from newsgraph.workspace import DB_ENV, DEFAULT_DB, Workspace

db_option = click.option("--db", envvar=DB_ENV, default=DEFAULT_DB, show_default=True,
                         help=f"Database file (default from ${DB_ENV}).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
limit_option = click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000))
offset_option = click.option("--offset", default=0, show_default=True, type=click.IntRange(0))


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str],
           widths: dict[str, int] | None = None) -> None:
    widths = widths or {}
    if not rows:
        click.echo("(nothing)")
        return

    def cell(value: Any, col: str) -> str:
        text = "" if value is None else str(value)
        text = " ".join(text.split())
        limit = widths.get(col, 40)
        return text if len(text) <= limit else text[: limit - 1] + "…"

    cells = [[cell(r.get(c), c) for c in columns] for r in rows]
    sizes = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.upper().ljust(sizes[i]) for i, c in enumerate(columns)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(sizes[i]) for i, v in enumerate(row)).rstrip())


def _workspace(db: str) -> Workspace:
    try:
        return Workspace(db)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.version_option(package_name="newsgraph")
def main() -> None:
    """newsgraph: who did what to whom, when, where, and according to whom."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--kind", type=click.Choice(["text", "html", "jsonl", "csv", "feed"]),
              help="Read every input as this kind (default: by extension, else sniffed).")
@click.option("--text-field", help="JSONL/CSV field holding the body text.")
@click.option("--title-field", help="JSONL/CSV field holding the title.")
@click.option("--url-field", help="JSONL/CSV field holding the URL.")
@click.option("--date-field", help="JSONL/CSV field holding the publication date.")
@click.option("--outlet-field", help="JSONL/CSV field holding the outlet.")
@click.option("--outlet", help="Outlet to record for every document read.")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes for extraction (default: all cores).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10000),
              help="Documents per committed batch.")
@json_option
def ingest(paths: tuple[str, ...], db: str, kind: str | None, text_field: str | None,
           title_field: str | None, url_field: str | None, date_field: str | None,
           outlet_field: str | None, outlet: str | None, workers: int | None,
           batch_size: int, as_json: bool) -> None:
    """Read files, folders or - (stdin), extract, and store. Exit status 1 if any input failed."""
    from newsgraph.ingest import ReadOptions

    options = ReadOptions(text_field=text_field, title_field=title_field, url_field=url_field,
                          date_field=date_field, outlet_field=outlet_field, outlet=outlet)
    progress = sys.stderr.isatty() and not as_json

    def on_entry(entry: Any) -> None:
        if as_json:
            click.echo(json.dumps({"source": entry.source, "status": entry.status,
                                   "doc_id": entry.doc_id, "reason": entry.reason,
                                   "duplicate_of": entry.duplicate_of}, ensure_ascii=False))
            sys.stdout.flush()
        elif progress:
            click.echo(f"{entry.status:<15} {entry.source}", err=True)

    with _workspace(db) as ws:
        report = ws.ingest(paths, kind=kind, options=options, workers=workers,
                           batch_size=batch_size, on_entry=on_entry)
    summary = report.summary()
    if as_json:
        click.echo(json.dumps({"summary": summary}))
    else:
        click.echo(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in summary.items()) + f" → {db}")
        for entry in report.failed:
            click.echo(f"FAILED {entry.source}: {entry.reason}", err=True)
    for note in report.resolution.notes if report.resolution else ():
        click.echo(f"note: {note}", err=True)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("path")
@click.option("--kind", type=click.Choice(["text", "html", "jsonl", "csv", "feed"]))
@click.option("--published", help="Publication date (ISO) to use for relative dates.")
@click.option("--outlet", help="Outlet of the report.")
@json_option
def extract(path: str, kind: str | None, published: str | None, outlet: str | None,
            as_json: bool) -> None:
    """Print the record of each document in PATH (or - for stdin) without storing it."""
    from newsgraph.ingest import ReadOptions, read_paths
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    failed = False
    records = []
    for item in read_paths([path], kind, ReadOptions(outlet=outlet)):
        if isinstance(item, NewsgraphError):
            click.echo(f"FAILED {item}", err=True)
            failed = True
            continue
        if published:
            item.published, item.published_basis = published, "metadata"
        records.append(pipeline.run(item))
    if as_json:
        _print_json(records[0] if len(records) == 1 else records)
    else:
        for r in records:
            click.echo(f"{r['id']}  {r.get('title') or '(no title)'}  published {r['published']} "
                       f"({r['published_basis']})  outlet {r['outlet']} / {r['original_outlet']}")
            _table([{"id": e["id"], "name": e["name"], "type": e["type"], "country": e["country"],
                     "sector": e["sector"], "mentions": len(e["mentions"])} for e in r["entities"]],
                   ["id", "name", "type", "country", "sector", "mentions"])
    if failed:
        sys.exit(1)


@main.command()
@db_option
@limit_option
@offset_option
@json_option
def docs(db: str, limit: int, offset: int, as_json: bool) -> None:
    """List stored documents, oldest first."""
    with _workspace(db) as ws:
        rows = ws.documents(limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
    else:
        _table([dict(r, id=r["id"][:12]) for r in rows],
               ["id", "published", "outlet", "original_outlet", "title", "duplicate_of"],
               {"title": 50, "duplicate_of": 12})


@main.command()
@click.argument("doc_id")
@db_option
@json_option
def show(doc_id: str, db: str, as_json: bool) -> None:
    """Show one document's record (an id prefix is enough)."""
    with _workspace(db) as ws:
        record = ws.document(doc_id)
    if record is None:
        raise click.ClickException(f"no document with id {doc_id!r} (or the prefix is ambiguous)")
    if as_json:
        _print_json(record)
        return
    click.echo(f"{record['id']}  {record.get('title') or '(no title)'}")
    click.echo(f"published {record['published']} ({record['published_basis']}); outlet "
               f"{record['outlet']}; original outlet {record['original_outlet']}; "
               f"source {record.get('source')}")
    if record.get("duplicate_of"):
        click.echo(f"near-duplicate of {record['duplicate_of']}")
    click.echo("\nEntities")
    _table([{"id": e["id"], "name": e["name"], "type": e["type"], "country": e["country"],
             "sector": e["sector"], "mentions": len(e["mentions"]),
             "roles": "; ".join(r["text"] for r in e["roles"])} for e in record["entities"]],
           ["id", "name", "type", "country", "sector", "mentions", "roles"])
    click.echo("\nDates")
    _table(record["dates"], ["text", "value", "precision", "start"])
    click.echo("\nEvents")
    names = {e["id"]: e["name"] for e in record["entities"]}
    _table([{"type": ev["type"], "verb": ev.get("verb"),
             "who": ", ".join(names.get(s, s) for s in ev["sources"]),
             "whom": ", ".join(names.get(t, t) for t in ev["targets"]),
             "date": (ev.get("date") or {}).get("value"),
             "evidence": ev["evidence"]["text"]} for ev in record["events"]],
           ["type", "verb", "who", "whom", "date", "evidence"], {"evidence": 70})


@main.command()
@click.argument("query")
@db_option
@limit_option
@offset_option
@json_option
def search(query: str, db: str, limit: int, offset: int, as_json: bool) -> None:
    """Full-text search; the query is taken as plain words."""
    with _workspace(db) as ws:
        rows = ws.search(query, limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
    else:
        _table([dict(r, id=r["id"][:12]) for r in rows],
               ["id", "published", "outlet", "title", "snippet"], {"snippet": 80})


@main.group(invoke_without_command=True)
@db_option
@click.option("--type", "etype", help="Only this type (PERSON, ORG, GPE, …).")
@limit_option
@offset_option
@json_option
@click.pass_context
def entities(ctx: click.Context, db: str, etype: str | None, limit: int, offset: int, as_json: bool) -> None:
    """Canonical actors across the store, most reported first; `why`, `merge`, `split` correct them."""
    ctx.obj = {"db": db, "as_json": as_json}
    if ctx.invoked_subcommand is not None:
        return
    with _workspace(db) as ws:
        rows = ws.entities(limit=limit, offset=offset, type=etype)
    if as_json:
        _print_json(rows)
    else:
        _table([dict(r, names=", ".join(r["names"][:4])) for r in rows],
               ["id", "name", "type", "country", "sector", "reports", "mentions", "names"],
               {"names": 60})


sub_db_option = click.option("--db", "sub_db", default=None, help="Database file (else the group's --db).")
sub_json_option = click.option("--json", "sub_json", is_flag=True, help="Print JSON for scripts.")


def _sub(obj: dict[str, Any], sub_db: str | None, sub_json: bool) -> tuple[str, bool]:
    return sub_db or obj["db"], sub_json or obj["as_json"]


def _run(ws: Workspace, func: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except NewsgraphError as exc:
        ws.close()
        raise click.ClickException(str(exc)) from exc


@entities.command("why")
@sub_db_option
@sub_json_option
@click.argument("a")
@click.argument("b")
@click.pass_obj
def entities_why(obj: dict[str, Any], sub_db: str | None, sub_json: bool, a: str, b: str) -> None:
    """Why A and B are one actor, or why not: the links, their reasons, any correction."""
    db, as_json = _sub(obj, sub_db, sub_json)
    with _workspace(db) as ws:
        out = _run(ws, ws.why, a, b)
    if as_json:
        _print_json(out)
        return
    click.echo(f"{out['a']['name']} [{out['a']['id']}]  vs  {out['b']['name']} [{out['b']['id']}]")
    click.echo(f"verdict: {out['verdict']}")
    for link in out["links"][:5]:
        click.echo(f"  {link['decision']} {link['score']:.2f}: " + "; ".join(link["reasons"]))
    if out.get("best_pair"):
        bp = out["best_pair"]
        click.echo(f"  closest pair: {bp['decision']} {bp['score']:.2f}: " + "; ".join(bp["reasons"]))
    for c in out["corrections"]:
        click.echo(f"  correction: {c['action']} {c['a']} / {c['b']}")


@entities.command("merge")
@sub_db_option
@sub_json_option
@click.argument("a")
@click.argument("b")
@click.option("--note", help="Why (kept with the correction).")
@click.pass_obj
def entities_merge(obj: dict[str, Any], sub_db: str | None, sub_json: bool, a: str, b: str,
                   note: str | None) -> None:
    """Record that A and B are the same actor; kept through re-ingest and re-resolution."""
    db, as_json = _sub(obj, sub_db, sub_json)
    with _workspace(db) as ws:
        out = _run(ws, ws.merge, a, b, note=note)
    click.echo(json.dumps(out, ensure_ascii=False) if as_json
               else f"merged: {out['name']} [{out['id']}], {out['members']} document entities")


@entities.command("split")
@sub_db_option
@sub_json_option
@click.argument("a")
@click.option("--form", help="Take out the document entities written this way.")
@click.option("--doc", help="Take out this document's entity (id or prefix).")
@click.option("--note", help="Why (kept with the correction).")
@click.pass_obj
def entities_split(obj: dict[str, Any], sub_db: str | None, sub_json: bool, a: str, form: str | None,
                   doc: str | None, note: str | None) -> None:
    """Record that part of A is another actor; kept through re-ingest and re-resolution."""
    db, as_json = _sub(obj, sub_db, sub_json)
    with _workspace(db) as ws:
        out = _run(ws, ws.split, a, form=form, doc=doc, note=note)
    if as_json:
        _print_json(out)
    else:
        for item in out:
            click.echo(f"{item['name']} [{item['id']}], {item['members']} document entities")


@main.command()
@click.argument("name")
@db_option
@json_option
def entity(name: str, db: str, as_json: bool) -> None:
    """One actor, found by any spelling or script: names, roles, documents, co-mentioned actors."""
    with _workspace(db) as ws:
        view = ws.entity(name)
    if view is None:
        raise click.ClickException(f"no entity matches {name!r}; try `newsgraph entities`")
    if as_json:
        _print_json(view)
        return
    click.echo(f"{view['name']}  [{view['id']}]  {view['type']}  country={view['country'] or '-'}  "
               f"sector={view['sector'] or '-'}  {len(view['documents'])} documents, "
               f"{view['mentions']} mentions")
    if view["part_of"]:
        click.echo(f"part of: {view['part_of']['name']} [{view['part_of']['id'] or 'not in the store'}]")
    click.echo("\nNames")
    _table(view["names"], ["name", "mentions", "documents", "first_seen", "last_seen"])
    if view["roles"]:
        click.echo("\nRoles")
        _table(view["roles"], ["role", "documents", "first_seen", "last_seen"], {"role": 70})
    click.echo("\nDocuments")
    _table([dict(d, doc_id=d["doc_id"][:12]) for d in view["documents"]],
           ["published", "outlet", "doc_id", "title"], {"title": 70})
    if view["co_mentioned"]:
        click.echo("\nMentioned with")
        _table(view["co_mentioned"], ["name", "type", "documents"])
    if view["unsure_with"]:
        click.echo("\nPossibly the same as (kept apart, unsure)")
        _table([dict(u, reasons="; ".join(u["reasons"])) for u in view["unsure_with"]],
               ["id", "name", "score", "reasons"], {"reasons": 90})


@main.command()
@db_option
@click.option("--speaker", help="Quotes by this actor (any spelling or script).")
@click.option("--about", help="Quotes whose content mentions this actor, said by others.")
@click.option("--anonymous", is_flag=True, help="Only quotes from unnamed sources.")
@limit_option
@offset_option
@json_option
def quotes(db: str, speaker: str | None, about: str | None, anonymous: bool, limit: int, offset: int,
           as_json: bool) -> None:
    """Who said what: each quote with its speaker, cue, channel, stance and document."""
    with _workspace(db) as ws:
        rows = _run(ws, ws.quotes, speaker=speaker, about=about, anonymous=True if anonymous else None,
                    limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
        return
    _table([dict(r, doc_id=r["doc_id"][:10], who=r["speaker_text"] or ("(same speaker)" if r["speaker_ref"]
                                                                    else "(outlet)"),
                 said=r["content"], anon="yes" if r["anonymous"] else "")
            for r in rows],
           ["published", "doc_id", "who", "anon", "cue", "channel", "stance", "said"],
           {"who": 30, "said": 70, "channel": 25})


@main.command()
@db_option
@click.option("--again", is_flag=True, help="Forget machine judgements and resolve everything anew "
                                            "(people's corrections are kept).")
def resolve(db: str, again: bool) -> None:
    """Link document entities to canonical entities across the store."""
    with _workspace(db) as ws:
        report = ws.resolve(again=again)
    how = {"kept": "", "restored": "; resolver state read back from the store",
           "rebuilt": "; resolver state rebuilt from the stored entities"}.get(report.state, "")
    click.echo(f"{report.new} new document entities, {report.judged} pairs judged, {report.links} links, "
               f"{report.unsure} unsure; {report.canonical} canonical entities updated{how}")
    for note in report.notes:
        click.echo(f"note: {note}", err=True)


@main.command()
@click.argument("name")
@db_option
@click.option("--background", is_flag=True, help="Include background (historical) events.")
@json_option
def timeline(name: str, db: str, background: bool, as_json: bool) -> None:
    """What is known about an actor, in date order, each with its evidence."""
    with _workspace(db) as ws:
        items = ws.timeline(name, include_background=background)
    if as_json:
        _print_json(items)
    else:
        _table([dict(i, doc_id=i["doc_id"][:12], what=i["evidence"] or i["title"]) for i in items],
               ["date", "kind", "type", "outlet", "doc_id", "what"], {"what": 90})


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--table", type=click.Choice(["documents", "entities", "events"]), default="events",
              show_default=True, help="For CSV: which table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="File to write (default stdout).")
def export_cmd(db: str, fmt: str, table: str, output: str) -> None:
    """Export every stored record."""
    from newsgraph.export import export

    options = {"table": table} if fmt == "csv" else {}
    with _workspace(db) as ws:
        if output == "-":
            rows = export(ws.records(), fmt, sys.stdout, **options)
        else:
            with open(output, "w", encoding="utf-8", newline="") as f:
                rows = export(ws.records(), fmt, f, **options)
    click.echo(f"{rows} rows written", err=True)


@main.command()
@db_option
@click.option("--corpus", type=click.Path(exists=True, file_okay=False),
              help="Default: the bundled demo corpus.")
def demo(db: str, corpus: str | None) -> None:
    """Ingest the bundled demo corpus, then show documents, top actors and a timeline."""
    from newsgraph.data import DEMO_DIR

    path = corpus or str(DEMO_DIR)
    click.echo(f"Ingesting {path} into {db} …")
    with _workspace(db) as ws:
        report = ws.ingest([path])
        click.echo("  " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.summary().items()))
        for entry in report.failed:
            click.echo(f"  FAILED {entry.source}: {entry.reason}")
        click.echo(f"\n{ws.store.count_documents()} documents in the store")
        _table([dict(r, id=r["id"][:10]) for r in ws.documents(limit=100)],
               ["id", "published", "outlet", "title", "duplicate_of"], {"title": 60, "duplicate_of": 10})
        top = ws.entities(limit=10, type="PERSON")
        click.echo("\nTop actors (people)")
        _table(top, ["name", "country", "sector", "reports", "mentions"])
        if top:
            name = top[0]["name"]
            click.echo(f"\nTimeline of {name}")
            _table([dict(i, what=i["evidence"] or i["title"]) for i in ws.timeline(name)],
                   ["date", "kind", "type", "outlet", "what"], {"what": 90})


@main.command("eval")
@click.argument("name", default="all")
@click.option("--eval-dir", type=click.Path(file_okay=False), envvar="NEWSGRAPH_EVAL_DIR",
              help="Gold data folder (default ../shared/eval beside the checkout).")
@click.option("--limit", type=int, help="Score only the first N items (quick look).")
@json_option
def eval_cmd(name: str, eval_dir: str | None, limit: int | None, as_json: bool) -> None:
    """Score newsgraph on gold data; prints our figure beside the anchor's."""
    from newsgraph.evaluation import run

    try:
        results = run(name, Path(eval_dir) if eval_dir else None, limit=limit)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        _print_json(results)
        return
    for result in results:
        click.echo(f"\n== {result['name']}: {result['description']}")
        _table(result["rows"], ["metric", "ours", "anchor", "target", "n"], {"metric": 50})


if __name__ == "__main__":
    main()
