"""The token and the API URL are checked before anything is sent, and never shown when refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.client.connect import checked_token, parse_duration, read_token
from reconciler.client.endpoint import ConnectionSetupError, check_api_url

TOKEN = "abc123DEF456"


@pytest.mark.parametrize("ending", ["", "\n", "\r\n"])
def test_one_trailing_line_ending_is_dropped(ending: str) -> None:
    assert checked_token(TOKEN + ending, "GECKO_ACCESS_TOKEN") == TOKEN


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (f"{TOKEN}\nsecond line\n", "a line break (a second line?) at character 13"),
        (f"{TOKEN}\n\n", "a line break"),
        (f"{TOKEN}\r", "a line break"),
        (f"{TOKEN}\x00", "a control or non-ASCII character"),
        (f"{TOKEN}\x1b[2J", "a control or non-ASCII character"),
        (f" {TOKEN}", "a space at character 1"),
        (f"{TOKEN}\t", "a space"),
        (f"{TOKEN}é", "a control or non-ASCII character"),
    ],
)
def test_a_token_with_whitespace_or_control_characters_is_refused_unseen(
    raw: str, said: str
) -> None:
    with pytest.raises(ConnectionSetupError) as caught:
        checked_token(raw, "the token file t.txt")
    assert said in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert "123" not in str(caught.value)


def test_a_token_file_with_a_second_line_is_refused(tmp_path: Path) -> None:
    token_file = tmp_path / "token.txt"
    token_file.write_bytes(f"{TOKEN}\nsecond\n".encode())
    with pytest.raises(ConnectionSetupError, match=r"token\.txt holds a line break"):
        read_token(token_file, {})


def test_an_empty_token_is_refused() -> None:
    with pytest.raises(ConnectionSetupError, match="GECKO_ACCESS_TOKEN is empty"):
        read_token(None, {"GECKO_ACCESS_TOKEN": "\n"})


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (f"https://user:{TOKEN}@api.example.com", "credentials"),
        (f"https://{TOKEN}@api.example.com", "credentials"),
        (f"https://api.example.com/?access_token={TOKEN}", "a query string"),
        (f"https://api.example.com/#{TOKEN}", "a fragment"),
        ("http://api.example.com", "plain http"),
        ("http://10.0.0.7:8080", "plain http"),
        ("ftp://api.example.com", "http(s) URL"),
        ("api.example.com", "http(s) URL"),
    ],
)
def test_an_unsafe_api_url_is_refused_without_its_secret(url: str, said: str) -> None:
    with pytest.raises(ConnectionSetupError) as caught:
        check_api_url(url)
    assert said in str(caught.value)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:4000", "http://localhost:4000", "http://[::1]:4000",
            "http://127.8.9.10"],
)
def test_plain_http_to_this_machine_is_accepted(url: str) -> None:
    assert check_api_url(url).url.startswith("http://")


def test_plain_http_elsewhere_needs_the_flag() -> None:
    endpoint = check_api_url("http://api.example.com", allow_insecure_http=True)
    assert endpoint.label == "http://api.example.com"


def test_a_gateway_path_is_used_but_never_named() -> None:
    endpoint = check_api_url(f"https://gw.example.com:8443/tg/{TOKEN}/")
    assert endpoint.url == f"https://gw.example.com:8443/tg/{TOKEN}"
    assert endpoint.label == "https://gw.example.com:8443/…"
    assert endpoint.secret_path == f"/tg/{TOKEN}"
    assert TOKEN not in repr(endpoint)


def test_the_default_api_is_its_own_label() -> None:
    endpoint = check_api_url("https://api.tradegecko.com")
    assert (endpoint.label, endpoint.secret_path) == ("https://api.tradegecko.com", "")


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("900", 900), ("900s", 900), ("1h", 3600), ("0", 0),
                          ("2 min", 120)],
)
def test_max_wait_reads_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "-5m", "1e400", "5 days", "inf"])
def test_max_wait_refuses_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(ConnectionSetupError, match="--max-wait"):
        parse_duration(text)
