"""The names a forum itself uses for its members, from the registry (``data/reference``).

APEC writes "China", "Korea", "United States" and "Chinese Taipei" (中華臺北), where the
registry's ``name`` keeps the formal names ("People's Republic of China", "Republic of
Korea"). An economy's optional ``house:`` label holds the forum's usage; briefs print it.
"""

from __future__ import annotations

from pathlib import Path

from kg.briefing.model import Label

ECONOMIES = Path("reference") / "economies.yaml"


def house_names(data_dir: Path | None) -> dict[str, Label]:
    """Economy code → house name, for every economy with a ``house:`` label.

    Returns an empty mapping when ``data_dir`` is ``None`` or holds no economies file (a
    store built elsewhere): briefs then print the graph's labels.
    """
    if data_dir is None or not (data_dir / ECONOMIES).is_file():
        return {}
    from kg.records import load_yaml

    doc = load_yaml(data_dir / ECONOMIES) or {}
    out: dict[str, Label] = {}
    for item in doc.get("economies") or []:
        house = item.get("house")
        if isinstance(house, dict):
            out[str(item["code"])] = Label(str(house.get("en", "")), str(house.get("zh-Hant", "")))
    return out
