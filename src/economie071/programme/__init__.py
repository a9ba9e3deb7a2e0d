"""The programme and its setting: region, municipalities, pillars, themes, organisations, people."""
