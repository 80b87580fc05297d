"""Apply on a real terminal under a tight rate limit: one status line updated in place, and an
ETA (like the plan's estimate) that matches the time the apply really takes."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

from reconciler.sandbox import create_app
from tests.e2e.conftest import TOKEN, write_tree
from tests.servers import on_loopback

PRODUCTS = 30  # one create request each (the variant travels in its product's create)
CHANGES = 2 * PRODUCTS
# 10 requests per 3 s: about 3 windows of waiting. The window is longer than the governor's reset
# margin plus the up-to-a-second error of reading resets on the server's clock, as the real
# API's 300 s is; a shorter one would lose a window at each wait.
RATE_LIMIT = (10, 3)
ENTRY = "import sys; from reconciler.cli import main; sys.exit(main())"
PLAN_SENTENCE = re.compile(r"Apply will take ([\d,]+) API requests \(about (\d+) s, \d+ rate-limit "
                           r"windows at 10 requests per 3 s\)")
STATUS = re.compile(r"Applying (\d+)/(\d+): [^\r\n\x1b]*?(?:about (\d+) s left)?(?=[\r\n\x1b]|$)")
TOLERANCE = 1.5


@dataclass
class Screen:
    """What the terminal received, with the time each status line first showed."""

    text: str = ""
    seen: list[tuple[float, int, int | None]] = field(default_factory=list)

    def feed(self, chunk: str, now: float) -> None:
        start = max(0, len(self.text) - 200)
        self.text += chunk
        known = {(done, eta) for _, done, eta in self.seen}
        for match in STATUS.finditer(self.text, start):
            done, eta = int(match[1]), int(match[3]) if match[3] else None
            if (done, eta) not in known:
                self.seen.append((now, done, eta))
                known.add((done, eta))


def catalogue(root: Path) -> Path:
    products = "".join(
        f"  - name: Progress {n}\n    variants: [{{sku: PROG-{n}, name: Only, prices: "
        f"{{retail: {n + 1}}}}}]\n"
        for n in range(PRODUCTS)
    )
    document = f"gecko_apply: 1\nproducts:\n{products}"
    return write_tree(root / "catalogue", {"products.yaml": document})


def run_on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[Screen, int]:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    process = subprocess.Popen([sys.executable, "-c", ENTRY, *args], stdin=follower,
                               stdout=follower, stderr=follower, env=env, cwd=cwd)
    os.close(follower)
    screen = Screen()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.05)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        screen.feed(chunk.decode("utf-8", "replace"), time.monotonic())
    os.close(leader)
    return screen, process.wait(timeout=30)


def test_apply_shows_one_live_status_line_and_a_true_eta(tmp_path: Path) -> None:
    config = catalogue(tmp_path)
    app = create_app(tmp_path / "sandbox.sqlite", token=TOKEN, seed="demo", rate_limit=RATE_LIMIT)
    env = {**os.environ, "GECKO_ACCESS_TOKEN": TOKEN, "TERM": "xterm-256color",
           "COLUMNS": "160"}
    env.pop("NO_COLOR", None)
    with on_loopback(app) as url:
        screen, code = run_on_a_terminal(
            ["apply", str(config), "--auto-approve", "--api-url", url], env, tmp_path
        )
    assert code == 0, screen.text[-2000:]

    planned = PLAN_SENTENCE.search(screen.text)
    assert planned, screen.text[screen.text.find("Plan:"):][:400]
    assert int(planned[1]) == PRODUCTS
    started, first_done, first_eta = screen.seen[0]
    finished = next(at for at, done, _ in screen.seen if done == CHANGES)
    took = finished - started
    assert first_done == 0 and first_eta is not None
    assert took > 2, "the rate limit should have made the apply wait"
    for estimate in (first_eta, int(planned[2])):
        assert took / TOLERANCE <= max(estimate, 1) <= took * TOLERANCE, (estimate, took)

    # In place: the status line is redrawn (carriage return or cursor movement) rather than
    # printed once per change, and the change-by-change log of successes is gone.
    dones = [done for _, done, _ in screen.seen]
    assert len(set(dones)) > 3 and dones == sorted(dones)
    assert "\x1b[" in screen.text
    during = screen.text[screen.text.index("Applying 0/"):screen.text.index("Apply complete")]
    assert during.count("\n") < 10
    assert 'product["Progress 7"] create succeeded' not in screen.text
