"""bench/bench_web.py --rounds: the medians over the rounds and the targets decided on them
(pure parts; the bench itself is not run here)."""

from __future__ import annotations

from typing import Any

from bench.bench_web import aggregate_load, median_cell, p95_cell, report, targets


def cell(p95: float | None, rps: float = 100.0, **extra: Any) -> dict[str, Any]:
    """One round's stats of one cell, as load() returns them."""
    return {
        "requests": 40,
        "errors": 0,
        "error_sample": [],
        "rps": rps,
        "p50": None if p95 is None else round(p95 / 2, 1),
        "p95": p95,
        "p99": None if p95 is None else round(p95 * 1.5, 1),
        "mean": None if p95 is None else round(p95 / 2, 1),
        "memo_hits": 0,
        "memo_misses": 0,
        **extra,
    }


def test_median_cell_takes_each_figure_s_median_and_keeps_the_rounds_p95s() -> None:
    rounds = [cell(30.0, rps=90.0), cell(10.0, rps=120.0), cell(14.0, rps=100.0)]
    s = median_cell(rounds)
    assert (s["p95"], s["p50"], s["p99"], s["rps"]) == (14.0, 7.0, 21.0, 100.0)
    assert s["p95_rounds"] == [30.0, 10.0, 14.0]  # in round order
    assert s["rounds"] == 3


def test_median_cell_of_an_even_number_of_rounds_is_the_middle_pair_s_mean() -> None:
    s = median_cell([cell(10.0, rps=80.0), cell(13.3, rps=90.0)])
    assert s["p95"] == 11.7  # (10.0 + 13.3) / 2, to 0.1 ms
    assert s["rps"] == 85.0


def test_median_cell_sums_the_counts_over_the_rounds() -> None:
    a = cell(10.0, errors=2, error_sample=["500 /a"], memo_hits=3, memo_misses=1)
    # The write ticker's record, as WriteTicker.stop() returns it.
    a["writes"] = {
        "committed": 4,
        "failed": 1,
        "due": 5,
        "every_ms": 200,
        "error_sample": ["400 progress"],
    }
    b = cell(12.0, errors=1, error_sample=["502 /b"], memo_hits=2, memo_misses=0)
    b["writes"] = {"committed": 5, "failed": 0, "due": 5, "every_ms": 200, "error_sample": []}
    s = median_cell([a, b])
    assert (s["requests"], s["errors"], s["memo_hits"], s["memo_misses"]) == (80, 3, 5, 1)
    assert s["error_sample"] == ["500 /a", "502 /b"]
    assert s["writes"] == {
        "committed": 9,
        "failed": 1,
        "due": 10,
        "every_ms": 200,
        "error_sample": ["400 progress"],
    }
    assert "writes" not in median_cell([cell(10.0), cell(12.0)])


def test_median_cell_leaves_out_a_round_without_an_answer() -> None:
    # A round where every request failed has no p95 (its errors are counted);
    # the median is over the rounds that answered, and None when none did.
    s = median_cell([cell(None, rps=0.0, errors=9), cell(20.0), cell(40.0)])
    assert s["p95"] == 30.0
    assert s["p95_rounds"] == [None, 20.0, 40.0]
    assert median_cell([cell(None), cell(None)])["p95"] is None


def test_aggregate_load_of_one_round_is_that_round_unchanged() -> None:
    one = {"yardstick": {"1": cell(5.0)}, "api_list_p1": {"1": cell(9.0)}}
    assert aggregate_load([one]) is one


def test_aggregate_load_keeps_the_endpoint_order_and_a_cell_not_yet_run_again() -> None:
    first = {"yardstick": {"1": cell(5.0), "10": cell(50.0)}, "detail": {"1": cell(9.0)}}
    second = {"yardstick": {"1": cell(7.0)}}
    agg = aggregate_load([first, second])
    assert list(agg) == ["yardstick", "detail"]
    assert agg["yardstick"]["1"]["p95"] == 6.0
    assert agg["yardstick"]["1"]["rounds"] == 2
    assert agg["yardstick"]["10"]["rounds"] == 1
    assert agg["detail"]["1"]["p95_rounds"] == [9.0]


def test_p95_cell_shows_the_rounds_range_only_with_rounds() -> None:
    assert p95_cell(median_cell([cell(10.1), cell(12.3), cell(15.0)])) == "12.3 (10.1–15.0)"
    assert p95_cell(cell(12.3)) == "12.3"  # one round: as before
    assert p95_cell(median_cell([cell(12.3)])) == "12.3"


def run_of(rounds: list[dict[str, dict[str, dict[str, Any]]]]) -> dict[str, Any]:
    names = {
        "yardstick": "yardstick",
        "api_list_p1": "API list, page 1",
        "api_list_p2000": "API list, page 2,000",
        "dashboard": "dashboard",
    }
    kinds = {"yardstick": "yard", "api_list_p1": "list", "api_list_p2000": "list"}
    return {
        "size": 1000,
        "load": aggregate_load(rounds),
        "names": names,
        "kinds": {**kinds, "dashboard": "dash"},
        "rounds": len(rounds),
    }


def one_round(yard: float, p1: float, p2000: float, dash: float) -> dict[str, Any]:
    return {
        "yardstick": {"1": cell(yard)},
        "api_list_p1": {"1": cell(p1)},
        "api_list_p2000": {"1": cell(p2000)},
        "dashboard": {"1": cell(dash)},
    }


def test_targets_decide_on_the_ratio_of_medians() -> None:
    # Per-round list ratios 1.0, 2.5, 2.5 (their median 2.5 would miss);
    # medians 20 ÷ 10 = 2.0 holds.
    rounds = [one_round(20.0, 20.0, 20.0, 20.0), one_round(8.0, 20.0, 20.0, 20.0)]
    rounds.append(one_round(10.0, 25.0, 19.0, 20.0))
    (line,) = targets(run_of(rounds))
    assert "worst list/search/detail p95 = 2.00× yardstick" in line
    assert "target ≤ 2: holds" in line


def test_targets_miss_when_the_ratio_of_medians_is_over() -> None:
    # Near miss of the test above: the middle yardstick 9.9 ms, so 20 ÷ 9.9 > 2.
    rounds = [one_round(20.0, 20.0, 20.0, 20.0), one_round(8.0, 20.0, 20.0, 20.0)]
    rounds.append(one_round(9.9, 25.0, 19.0, 20.0))
    (line,) = targets(run_of(rounds))
    assert "p95 = 2.02× yardstick" in line
    assert "target ≤ 2: misses" in line


def test_targets_wait_for_a_level_whose_round_is_still_running() -> None:
    done = one_round(10.0, 12.0, 12.0, 12.0)
    running = {"yardstick": {"1": cell(10.0)}}  # round 2 has measured the yardstick only
    assert targets(run_of([done, running])) == []
    assert len(targets(run_of([done, done]))) == 1


def full_run(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    run = run_of(rounds)
    if len(rounds) == 1:
        del run["rounds"]  # a run of one round is recorded as before
    run.update(
        data={
            "tasks": 1000,
            "states": {"进行中": 1000},
            "overdue": 0,
            "progress_rows": 0,
            "evidence_rows": 0,
            "database_size": "9 MB",
            "seconds": 1,
        },
        replication="replica streaming",
        export={},
        queries={},
        write_every_ms=0,
        writers=0,
    )
    return run


INFO = {
    "cpu": "a CPU",
    "cores": 2,
    "memory": "8 GB",
    "os": "Linux",
    "python": "3.12",
    "postgresql": "16",
    "loadavg_at_start": (1.0, 1.0, 1.0),
    "when": "2026-11-30 07:00 UTC",
}


def test_report_of_rounds_says_medians_and_the_ratio_of_medians() -> None:
    text = report([full_run([one_round(10.0, 12.0, 12.0, 12.0)] * 3)], INFO, 4.0)
    assert "3 closed-loop runs of 4 s, interleaved" in text
    assert "the ratio of medians" in text
    assert "| 12.0 (12.0–12.0) |" in text
    assert "single runs, noisy" not in text


def test_report_of_one_round_reads_as_before() -> None:
    text = report([full_run([one_round(10.0, 12.0, 12.0, 12.0)])], INFO, 4.0)
    assert "Each cell: one closed-loop run of 4 s; single runs, noisy." in text
    assert "median" not in text
    assert "| 12.0 | 18.0 |" in text  # p95 then p99, no range


def test_targets_miss_a_cell_whose_every_request_failed() -> None:
    # A list that answered nothing has no p95: it misses, it is not 0× the yardstick.
    failed = one_round(10.0, 12.0, 12.0, 12.0)
    failed["api_list_p1"]["1"] = cell(None, rps=0.0, errors=40, requests=0)
    (line,) = targets(run_of([failed]))
    assert "worst list/search/detail p95 = no answer (API list, page 1" in line
    assert "target ≤ 2: misses" in line


def test_targets_of_answered_cells_still_read_as_ratios() -> None:
    (line,) = targets(run_of([one_round(10.0, 12.0, 12.0, 12.0)]))
    assert "worst list/search/detail p95 = 1.20× yardstick" in line
