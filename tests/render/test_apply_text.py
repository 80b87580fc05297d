from __future__ import annotations

from reconciler.engine.outcome import ApplyReport, Outcome, Status
from reconciler.engine.plan import Action
from reconciler.render.text import format_progress, format_wait, render_apply_text


def outcome(n: int, status: Status, action: Action = Action.UPDATE, message: str = "") -> Outcome:
    return Outcome(address=f'variant["SKU-{n}"]', action=action, status=status, message=message)


def mixed_report(succeeded: int) -> ApplyReport:
    outcomes = [
        outcome(n, Status.SUCCEEDED, Action.CREATE if n < 3 else Action.UPDATE)
        for n in range(succeeded)
    ]
    outcomes.append(
        outcome(100, Status.FAILED, message="422 Unprocessable: sku has already been taken")
    )
    outcomes += [
        outcome(101, Status.SKIPPED, Action.CREATE, 'depends on product["P"], which failed'),
        outcome(102, Status.SKIPPED, Action.CREATE, 'depends on product["P"], which failed'),
    ]
    return ApplyReport(outcomes=tuple(outcomes), requests=17, seconds=2.4)


def test_final_line_counts_every_status() -> None:
    lines = render_apply_text(mixed_report(14), color=False).splitlines()
    assert lines[-2] == "Apply complete: 14 succeeded, 1 failed, 2 skipped."
    assert lines[-1] == "Made 17 API requests in about 2 s."


def test_failed_and_skipped_are_listed_with_their_messages() -> None:
    text = render_apply_text(mixed_report(14), color=False)
    assert (
        'Failed (1):\n  ~ variant["SKU-100"]  422 Unprocessable: sku has already been taken\n'
        in text
    )
    assert "Skipped (2):\n" in text
    assert text.count('depends on product["P"], which failed') == 2


def test_many_successes_are_summarised_few_are_listed() -> None:
    many = render_apply_text(mixed_report(14), color=False)
    assert "Succeeded (14):\n  3 created, 11 updated\n" in many
    assert 'variant["SKU-5"]' not in many
    few = render_apply_text(mixed_report(4), color=False)
    assert '  + variant["SKU-0"]\n' in few and '  ~ variant["SKU-3"]\n' in few


def test_multi_line_messages_are_indented() -> None:
    report = ApplyReport(outcomes=(outcome(1, Status.FAILED, message="first\nsecond"),))
    text = render_apply_text(report, color=False)
    assert '  ~ variant["SKU-1"]  first\n      second\n' in text


def test_empty_report() -> None:
    assert render_apply_text(ApplyReport(), color=False) == (
        "Apply complete: 0 succeeded, 0 failed, 0 skipped.\n"
    )


def test_colour() -> None:
    coloured = render_apply_text(mixed_report(2), color=True)
    assert "\x1b[31m1 failed" in coloured
    assert "\x1b[" not in render_apply_text(mixed_report(2), color=False)


def test_format_wait() -> None:
    assert format_wait(12.3, "rate limit reached") == "Waiting 12 s: rate limit reached."
    assert format_wait(0.42, "retrying after 503.") == "Waiting 0.4 s: retrying after 503."
    assert format_wait(150, "window resets") == "Waiting 2 min: window resets."


def test_format_progress() -> None:
    done = outcome(7, Status.SUCCEEDED, Action.CREATE)
    assert format_progress(3, 120, done) == '[  3/120] + variant["SKU-7"] created'
    failed = outcome(8, Status.FAILED, message="422: sku taken\nrequest id abc")
    assert (
        format_progress(120, 120, failed) == '[120/120] ~ variant["SKU-8"] failed: 422: sku taken'
    )
    skipped = outcome(9, Status.SKIPPED, Action.ARCHIVE)
    assert format_progress(1, 9, skipped) == '[1/9] - variant["SKU-9"] skipped'


def test_format_status() -> None:
    from reconciler.render.text import ApplyStatus, format_status

    running = ApplyStatus(done=12, total=340, succeeded=11, failed=1, skipped=0, window_left=45,
                          seconds_left=130)
    assert format_status(running) == (
        "Applying 12/340: 11 succeeded, 1 failed · 45 requests left in this window · "
        "about 2 min left"
    )
    finished = ApplyStatus(done=340, total=340, succeeded=330, failed=1, skipped=9,
                           window_left=None, seconds_left=0)
    assert format_status(finished) == "Applying 340/340: 330 succeeded, 1 failed, 9 skipped"
