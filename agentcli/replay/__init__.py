"""Record and replay: cassettes, sealed replay, counterfactual replay with writes blocked, diffs.

Entry points: `sealed.sealed_replay`, `counterfactual.counterfactual_replay`, `diff.diff_runs`.
"""
