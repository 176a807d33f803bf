"""Importing this module registers every built-in stage."""

from newsgraph.pipeline import (  # noqa: F401
    countries,
    dates,
    entities,
    events,
    nlp,
    normalise,
    places,
    published,
    quotes,
)
