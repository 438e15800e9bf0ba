"""From source text to the durable model: imports, SDK names, which code replays, what names
hold and what project helpers do. Knows no rule."""
