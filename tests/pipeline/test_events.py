def _events(record: dict) -> list[tuple]:
    names = {e["id"]: e["name"] for e in record["entities"]}
    return [(ev["type"], ev["verb"], tuple(names[s] for s in ev["sources"]),
             tuple(names[t] for t in ev["targets"]), (ev["date"] or {}).get("value"), ev)
            for ev in record["events"]]


def test_visit_is_dated_and_placed(record_2023: dict) -> None:
    visits = [e for e in _events(record_2023) if e[1] == "visit"]
    assert visits, "the visit sentence yields an event"
    etype, _, sources, targets, date, ev = visits[0]
    assert (etype, sources, targets, date) == ("CONSULT", ("Esmail Qaani",), ("Iraq",), "2023-08-15")
    arrive = next(e for e in _events(record_2023) if e[1] == "arrive")
    assert record_2023["places"][arrive[5]["place"]]["name"] == "Baghdad"


def test_future_and_negated_flags(record_2023: dict) -> None:
    meet = next(e for e in _events(record_2023) if e[1] == "meet" and e[5]["flags"]["future"])
    assert meet[2] == ("Esmail Qaani",)
    negated = [e for e in _events(record_2023) if e[5]["flags"]["negated"]]
    assert negated and all("cannot" in e[5]["evidence"]["text"] for e in negated)


def test_unknown_types_stay_null_not_guessed(record_2023: dict) -> None:
    warn = [e for e in _events(record_2023) if e[1] == "warn"]
    assert warn and all(e[0] is None for e in warn)


def test_object_control(record_2025: dict) -> None:
    pressure = next(e for e in _events(record_2025) if e[1] == "pressure")
    assert pressure[2] == ("Pete Hegseth",) and pressure[3] == ("Iraq",)
    assert pressure[0] == "REQUEST"
