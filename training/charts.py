"""A server-side SVG bar chart: works offline, in pages and in PDFs alike."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float | None


WIDTH, HEIGHT, TOP, BOTTOM = 600, 180, 20, 30


def completion_bars(series) -> list[Bar]:
    """Bars for [(month, percent)], scaled to a 0–100 % axis; a month without a figure (None)
    keeps its slot with no height."""
    slot = WIDTH / max(len(series), 1)
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (month, percent) in enumerate(series):
        height = plot * (percent or 0) / 100
        bars.append(
            Bar(
                index * slot + slot * 0.15,
                TOP + plot - height,
                slot * 0.7,
                height,
                f"{month:%y-%m}",
                percent,
            )
        )
    return bars
