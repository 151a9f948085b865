"""Writes bench/README.md from the saved results in bench/results/*.json.

Every figure in that file comes from a result file, so a benchmark run followed by this script
is the only way to change one. Ratios are against the baseline measured in the same run.

Run: .venv/bin/python -m bench.report   (--check: exit 1 if bench/README.md is out of date)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import RESULTS

README = RESULTS.parent / "README.md"
Result = dict[str, Any]

INTRO = """\
# Benchmarks

Each script under `bench/` measures one thing, prints its figures and saves them to
`bench/results/NAME.json` (`python -m bench.NAME`); the test suite never times anything. This
file is written from those results by `python -m bench.report`: run it after a benchmark and
commit both. Ratios compare with a baseline measured in the same run, on the same machine, so
they hold better than absolute figures on a shared machine whose speed drifts.
"""


def _machine(result: Result) -> str:
    m = result["machine"]
    return (
        f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['system']}; run {result['when']}"
    )


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _x(value: float) -> str:
    return f"{value:,.2f}x" if value < 10 else f"{value:,.0f}x"


def trace_and_session(r: Result) -> list[str]:
    newer = []  # figures results from before 2026-12 lack
    if "typed_ratio_vs_insert_all" in r:
        newer = [
            [
                "recorder, typed payloads (`record`), events/s",
                f"{r['recorder_typed_events_per_s']:,}",
            ],
            ["**ratio** typed / baseline", f"**{r['typed_ratio_vs_insert_all']:.2f}x**"],
        ]
    if "cpu_ratio_vs_insert_all" in r:
        newer += [
            [
                "ratio in CPU time, `emit` / typed",
                f"{r['cpu_ratio_vs_insert_all']:.2f}x / {r['typed_cpu_ratio_vs_insert_all']:.2f}x",
            ],
            ["load average (1 min) before", f"{r['load_average_1m']}"],
        ]
    return [
        "Trace write throughput through the recorder (hash chain, redaction, batched) against "
        "sqlite-utils' own `insert_all` of the same events (no hashing or redaction): the "
        "low-level `emit` of a ready payload, and `record` of the typed payload model a producer "
        "builds (its validation included); and where a 10-turn scripted checkout spends its time "
        f"({r['events']:,} events, best of 3 interleaved rounds; the session, median of "
        f"{r['repeats']}). Target: 0.9x.",
        "",
        *_table(
            ["figure", "value"],
            [
                ["recorder (`emit`), events/s", f"{r['recorder_events_per_s']:,}"],
                ["`insert_all` baseline, events/s", f"{r['insert_all_events_per_s']:,}"],
                ["**ratio** recorder / baseline", f"**{r['ratio_vs_insert_all']:.2f}x**"],
                *newer,
                [f"{r['session_turns']}-turn checkout session, wall", f"{r['session_wall_ms']} ms"],
                ["… inside the sandbox vendor apps", f"{r['in_vendors_ms']} ms"],
                ["… in agentcli's own code", f"{r['in_our_code_ms']} ms"],
            ],
        ),
    ]


def connectors(r: Result) -> list[str]:
    rows = []
    for name, label in (("in_process", "in-process"), ("loopback", "loopback (uvicorn)")):
        t = r[name]
        rows.append(
            [
                label,
                f"{t['connector_rps']} req/s",
                f"{t['raw_httpx_rps']} req/s",
                f"**{t['overhead']:.2f}x**",
                f"{t['overhead_cpu']:.2f}x",
            ]
        )
    return [
        f"`ShopConnector.get_item` against raw `httpx` + `.json()` to the same shop app "
        f"(`{r['endpoint']}`), {r['requests_per_round']} requests × {r['rounds']} alternating "
        f"rounds, medians. Target: at most {r['target_overhead']}x.",
        "",
        *_table(["transport", "connector", "raw httpx", "overhead (wall)", "overhead (CPU)"], rows),
    ]


def replay(r: Result) -> list[str]:
    # results saved since the httpx client alone is timed also time vcrpy's cassette load once
    alone = all("httpx_alone_s" in row for row in r["rows"])
    rows = [
        [
            f"{row['exchanges']:,}",
            f"{row['agentcli_s']} s",
            *([f"{row['httpx_alone_s']} s"] if alone else []),
            f"{row['vcrpy_default_s']:,} s",
            f"**{_x(row['ratio_default'])}**",
            f"{row['vcrpy_body_s']:,} s",
            f"**{_x(row['ratio_body'])}**",
            row["load_average"],
        ]
        for row in r["rows"]
    ]
    method = (
        " (loading its cassette timed once). The httpx client alone (httpx's MockTransport "
        "answering from answers encoded beforehand, no matching) is the cost both replays pay "
        "inside httpx."
        if alone
        else "."
    )
    if r.get("agentcli_client") == "VendorClient":
        method = (
            " (loading its cassette timed once). agentcli's requests go through the client a "
            "sealed replay gives its connectors (`VendorClient`: httpx's client without a cookie "
            "jar, building JSON requests in one pass, taking answers in memory as they are); "
            "vcrpy's through a stock httpx client. The stock client alone (httpx's MockTransport "
            "answering from answers encoded beforehand, no matching) is what vcrpy pays inside "
            "httpx."
        )
    return [
        "Replaying N distinct recorded exchanges (POST with a JSON body) through an httpx "
        f"client, agentcli against vcrpy {r['vcrpy']}, loading the cassette included. vcrpy's "
        f"cost grows with N², so it is timed on every k-th request and scaled by k{method}",
        "",
        *_table(
            [
                "exchanges",
                "agentcli",
                *(["httpx client alone"] if alone else []),
                "vcrpy, default matching",
                "ratio",
                "vcrpy, body matched",
                "ratio",
                "load",
            ],
            rows,
        ),
    ]


def suites(r: Result) -> list[str]:
    spread = ", ".join(f"{s} s" for s in r["agentcli_test_wall_s_all_rounds"])
    shapes = "; ".join(f"{k} {v} ms" for k, v in r["cpu_ms_per_case_by_shape"].items())
    return [
        f"{r['cases']:,} scripted cases ({', '.join(r['shapes'])}, equally many), each a full "
        "agent loop on a fresh sandbox world with the money invariants checked, through "
        f"`agentcli test -n {r['workers']}`; the baseline is the same cases hand-written as a "
        "pytest + vcrpy suite, in the same run. Median of "
        f"{r['rounds']} rounds; load average {r['load_average_before']} before."
        + (
            " Both start with their modules' bytecode compiled, as an installed tool does."
            if r.get("bytecode_compiled")
            else ""
        ),
        "",
        *_table(
            ["figure", "value"],
            [
                [
                    "`agentcli test`, wall (median)",
                    f"{r['agentcli_test_wall_s']} s = {r['agentcli_test_cases_per_s']:.0f} cases/s "
                    f"({spread})",
                ],
                ["… CPU of the whole process tree", f"{r['agentcli_test_cpu_s']} s"],
                ["… start-up (`agentcli test --help`), CPU", f"{r['agentcli_startup_cpu_s']} s"],
                [
                    "pytest + vcrpy baseline, wall",
                    f"{r['pytest_vcrpy_wall_s']} s = {r['pytest_vcrpy_cases_per_s']} cases/s",
                ],
                ["**ratio** baseline / `agentcli test`, wall", f"**{r['ratio_wall']:.1f}x**"],
                ["**ratio** per CPU second", f"**{r['ratio_per_cpu_second']:.1f}x**"],
                [
                    "1,000 trivial cases (one turn, a reply), wall",
                    f"{r['trivial_1000_wall_s']} s = {r['trivial_1000_cases_per_s']:.0f} cases/s",
                ],
                ["CPU per case by shape, warm, one process (median)", shapes],
            ],
        ),
    ]


def inspector(r: Result) -> list[str]:
    ratio = r["datatable_100k_first_paint_s"] / r["timeline_first_paint_s"]
    return [
        f"A run of {r['events']:,} events recorded through the recorder, opened headless at "
        f"160x45; median of {r['repeats']}; load average {r['load_average_1m']}. The baseline "
        "is Textual's `DataTable` with every event as a row.",
        "",
        *_table(
            ["figure", "value"],
            [
                ["run screen, first painted event", f"**{r['timeline_first_paint_s']} s**"],
                ["… for a run of 200 events", f"{r['timeline_first_paint_200_events_s']} s"],
                ["`G`: last event and its detail", f"{r['timeline_end_detail_s']} s"],
                ["`f`: next failure and its detail", f"{r['timeline_next_failure_s']} s"],
                [
                    "`DataTable`, first frame, 10,000 / 30,000 rows",
                    f"{r['datatable_10k_first_paint_s']} s / {r['datatable_30k_first_paint_s']} s",
                ],
                [
                    f"`DataTable`, first frame, {r['events']:,} rows",
                    f"{r['datatable_100k_first_paint_s']} s",
                ],
                ["**ratio** `DataTable` / timeline", f"**{ratio:.0f}x**"],
            ],
        ),
    ]


def journal(r: Result) -> list[str]:
    share = r["journal_per_step_us_median"] / r["engine_per_step_us"]
    return [
        f"What journaling costs per saga step: {r['sagas']} sagas of {r['steps_per_saga']} "
        "no-op steps, trace database on disk (WAL, `synchronous=NORMAL`); load average "
        f"{r['load_average_1m']}.",
        "",
        *_table(
            ["figure (µs per step)", "value"],
            [
                ["intent committed before the call (median)", r["intent_commit_us_median"]],
                ["result and domain event committed after it (median)", r["done_commit_us_median"]],
                [
                    "journal per step: median / p95 / mean",
                    f"{r['journal_per_step_us_median']} / {r['journal_per_step_us_p95']} / "
                    f"{r['journal_per_step_us_mean']}",
                ],
                ["the whole engine around a no-op step", r["engine_per_step_us"]],
                ["the same step called directly", r["direct_call_per_step_us"]],
                ["journal share of the engine's cost", f"{share:.0%}"],
                ["four-step sagas per second through the engine", r["sagas_per_second"]],
            ],
        ),
    ]


def reliability(r: Result) -> list[str]:
    fm, crash = r["fault_matrix"], r["crash"]
    dup = "; ".join(
        f"{d['mode']}: {d['submissions']} submissions → {d['authorisations']} "
        f"authorisation, {d['charges']} charge, {d['orders']} order"
        for d in r["duplicates"]
    )
    final = ", ".join(f"{v} {k}" for k, v in fm["final_status"].items())
    return [
        "Correctness, not speed: the reliability tests (`tests/reliability`) with every case "
        f"saved (the suite took {r['suite_seconds']} s). See `docs/reliability.md`.",
        "",
        *_table(
            ["check", "result"],
            [
                [
                    "fault matrix",
                    f"{fm['cases']} cases over {len(fm['sagas'])} sagas; {final}; "
                    f"{fm['resumed_after_needs_attention']} finished by `resume` after "
                    f"`needs_attention`; {fm['broken_audit_chains']} broken audit chains",
                ],
                [
                    "crash test",
                    f"{crash['processes_killed']} processes killed with SIGKILL at "
                    f"{crash['journal_points']} journal points of {len(crash['sagas'])} sagas; "
                    f"{crash['consistent_after_resume']}/{crash['processes_killed']} consistent "
                    f"after `resume`; {crash['broken_audit_chains']} broken audit chains",
                ],
                ["duplicates", dup],
                ["**money-invariant violations**", f"**{r['invariant_violations']}**"],
            ],
        ),
    ]


def temporal(r: Result) -> list[str]:
    local = next(run for run in r["runs"] if run["engine"] == "local")
    rows = [
        [
            run["engine"],
            run["workers"] or "in-process",
            run["sagas_per_second"],
            f"{run['sagas_per_second'] / local['sagas_per_second']:.2f}x",
            f"{run['p50_ms'] / 1000:.1f} s",
            f"{run['p95_ms'] / 1000:.1f} s",
            f"{run['completed']}/{run['sagas']}",
        ]
        for run in r["runs"]
    ]
    load = r["load_average_1m"]
    return [
        f"One batch of {r['sagas_per_batch']} `{r['saga']}` sagas submitted at once, on the "
        "local engine and on a Temporal dev server with 1, 2 and 4 `agentcli worker`s; the "
        f"ratio is against the local engine. Load average {load['before']} before and "
        f"{load['after']} after: other jobs shared the two cores.",
        "",
        *_table(["engine", "workers", "sagas/s", "vs local", "p50", "p95", "completed"], rows),
    ]


def startup(r: Result) -> list[str]:
    names = [name for name in r if isinstance(r[name], dict) and "wall_s" in r[name]]
    rows = [
        [
            f"`{name}`",
            f"{r[name]['wall_s'] * 1000:.0f} ms",
            f"{r[name]['cpu_s'] * 1000:.0f} ms",
            f"+{r[name]['wall_over_python_s'] * 1000:.0f} ms",
        ]
        for name in names
    ]
    return [
        "How long the console script takes to answer, against a bare `python -c pass` of the "
        f"same interpreter (medians of {r['rounds']} interleaved rounds; 1-minute load average "
        f"{r['load_before']:.1f}). `--help` and `--version` answer before Typer is imported.",
        "",
        *_table(["command", "wall", "CPU", "over `python -c pass`"], rows),
    ]


def _prompt_rows(styles: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            name,
            f["conversations"],
            f["requests"],
            f"{f['first_max']:,}",
            f"{f['later_max']:,}",
            f"{f['first_over_target']} / {f['any_over_target']}",
        ]
        for name, f in styles.items()
    ]


def model_prompt(r: Result) -> list[str]:
    header = [
        "tools and prompt",
        "conversations",
        "requests",
        "first request, max",
        "later request, max",
        "conversations over target (first / any)",
    ]
    lines = [
        "Tokens of the openai planner's requests over the bundled suites' conversations (the "
        "rules planner deciding, its decisions fed back as tool calls), counted with "
        f"{r['counted_with']}. Targets for a 4,096-token local model: the first request "
        f"<= {r['targets']['first']:,}, any request <= {r['targets']['any']:,}.",
        "",
        *_table(header, _prompt_rows(r["styles"])),
    ]
    served = r.get("served")
    if served:
        suites = served["suites"]
        lines += [
            "",
            f"Counted with {served['counted_with']} (`--base-url`), suites: "
            f"{suites if isinstance(suites, str) else ', '.join(suites)}:",
            "",
            *_table(header, _prompt_rows(served["styles"])),
        ]
    return lines


#: (result file, section title, renderer) in the order the README shows them
SECTIONS: list[tuple[str, str, Callable[[Result], list[str]]]] = [
    ("startup", "Start-up", startup),
    ("trace_and_session", "Trace and session", trace_and_session),
    ("connectors", "Connector overhead", connectors),
    ("replay", "Replay against vcrpy", replay),
    ("suites", "Conversation suites", suites),
    ("inspector", "Inspector", inspector),
    ("journal", "Saga journal", journal),
    ("reliability", "Reliability", reliability),
    ("temporal", "Temporal", temporal),
    ("model_prompt", "Model prompt size", model_prompt),
]


def render(results: Path = RESULTS) -> str:
    """The whole of bench/README.md, from the result files in `results`."""
    lines = [INTRO]
    for name, title, section in SECTIONS:
        path = results / f"{name}.json"
        if not path.exists():
            continue
        result = json.loads(path.read_text())
        lines += [
            f"## {title}",
            "",
            f"`python -m bench.{name}` — {_machine(result)}.",
            "",
            *section(result),
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if README.read_text() != text:
            print("bench/README.md is out of date: run python -m bench.report", file=sys.stderr)
            return 1
        return 0
    README.write_text(text)
    print(f"wrote {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
