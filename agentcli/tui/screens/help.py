"""The key help, over whichever screen asked for it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

RUN_KEYS = """\
[b]Run screen[/b]
  j / n / ↓     next event          k / p / ↑     previous event
  PgDn / PgUp   a page down / up    g / G         first / last event
  f / F         next / previous failure
  c             next compensation (an undo step starting)
  w             next write (a WRITE action)
  /             search (Enter: next match, Escape: close)
  r             sealed replay check of this run
  ?             this help           q / Escape    back to the runs

[b]Lanes[/b]  C conversation · M model · A actions and policy · S saga ledger · H HTTP
  ⚠ irreversible saga step   ↺ compensation   ✗ failure   bars: duration, log scale

[b]Runs screen[/b]
  Enter         open the run        /             filter (words, or status:failed …)
  d             mark for diff; d on a second run opens the two side by side
  R             reload              q             quit

[b]Diff screen[/b]
  j / k         next / previous row   n / N       next / previous difference
  q / Escape    back"""


class HelpScreen(ModalScreen[None]):
    """Every key of the inspector; any of ?, q or Escape closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss_help", "close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(RUN_KEYS, id="help-text")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
