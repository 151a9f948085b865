"""How measured figures and their changes read in a terminal (drift and experiment tables)."""

from __future__ import annotations

from agentcli.measure.compare import Change
from agentcli.measure.figures import Figure

BLOCKS = " ▏▎▍▌▋▊▉█"


def plain(figure: Figure) -> str:
    if figure.kind == "mix":
        return f"{sum(figure.mix.values())} actions"
    return number(figure.name, figure.value)


def number(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if name.endswith("_s"):
        return f"{value:.2f} s"
    if name.endswith("_ms"):
        return f"{value:.0f} ms"
    if name in ("model_calls", "tokens"):
        return f"{value:.1f}"
    return f"{value:.1%}"


def figure(figure: Figure) -> str:
    if figure.kind == "mix":
        return f"{sum(figure.mix.values())} actions / {figure.size} runs"
    text = number(figure.name, figure.value)
    if figure.kind == "rate" and figure.interval is not None:
        low, high = figure.interval
        text += f" [dim]({figure.hits}/{figure.total}, {low:.0%}–{high:.0%})[/]"
    elif figure.values:
        text += f" [dim](n={len(figure.values)})[/]"
    return text


def difference(change: Change) -> str:
    if change.difference is None:
        return "n/a"
    if change.kind == "mix":
        return f"JS {change.difference:.3f}"
    if change.kind == "rate":
        text, scale, digits = f"{change.difference * 100:+.1f} pts", 100.0, 1
    else:
        text, scale, digits = f"{change.difference:+.2f}", 1.0, 2
    if change.interval is not None:
        low, high = change.interval
        text += f" [dim][{low * scale:+.{digits}f}, {high * scale:+.{digits}f}][/]"
    return text


def threshold(change: Change) -> str:
    if change.threshold is None:
        return "off"
    if change.kind == "rate":
        return f"{change.threshold * 100:g} pts"
    if change.kind == "mix":
        return f"JS {change.threshold:g}"
    return f"{change.threshold:.0%} relative"


def bar(fraction: float, width: int) -> str:
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)
