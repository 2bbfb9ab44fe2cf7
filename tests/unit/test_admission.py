"""AdmissionMiddleware: how many requests work at once, when they leave, and what they hold."""

from concurrent.futures import ThreadPoolExecutor

import anyio
import pytest

from heelstrong.core.middleware import BUSY, AdmissionMiddleware


def _scope(method: str = "GET") -> dict:
    return {"type": "http", "method": method, "path": "/api/x", "headers": []}


async def _no_body() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _ignore(_message: dict) -> None:
    pass


def _run(main) -> None:
    """anyio.run in a thread of its own: the browser tests leave an event loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(anyio.run, main).result()


def test_no_more_than_the_limit_work_at_once_and_the_rest_wait_their_turn():
    inside, most_inside, finished = 0, 0, []

    async def app(scope, receive, send):
        nonlocal inside, most_inside
        inside += 1
        most_inside = max(most_inside, inside)
        await anyio.sleep(0.01)
        inside -= 1
        finished.append(scope["n"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    admission = AdmissionMiddleware(app, limit=3)

    async def main():
        async with anyio.create_task_group() as group:
            for n in range(12):
                group.start_soon(admission, _scope() | {"n": n}, _no_body, _ignore)
                await anyio.sleep(0)  # arrive in order

    _run(main)
    assert most_inside == 3
    assert sorted(finished) == list(range(12))
    assert finished[:3] == [0, 1, 2]


def test_a_request_leaves_when_its_response_starts_not_when_the_client_has_read_it():
    slow_client_reading = anyio.Event()
    order = []

    async def app(scope, receive, send):
        order.append(f"start {scope['n']}")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x"})

    async def slow_send(message):
        if message["type"] == "http.response.body":
            await slow_client_reading.wait()

    admission = AdmissionMiddleware(app, limit=1)

    async def main():
        async with anyio.create_task_group() as group:
            group.start_soon(admission, _scope() | {"n": 1}, _no_body, slow_send)
            await anyio.sleep(0.01)
            with anyio.fail_after(1):  # admitted while the first client is still reading
                await admission(_scope() | {"n": 2}, _no_body, _ignore)
            slow_client_reading.set()

    _run(main)
    assert order == ["start 1", "start 2"]


def test_a_slow_upload_is_read_before_it_takes_a_place_and_reaches_the_app_whole():
    chunks = [b'{"a": ', b"1}"]
    upload_done = anyio.Event()
    seen = []

    async def slow_upload():
        if len(chunks) == 1:
            await upload_done.wait()
        body = chunks.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(chunks)}

    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message["body"]
            if not message.get("more_body"):
                break
        seen.append((scope["n"], body))
        await send({"type": "http.response.start", "status": 200, "headers": []})

    admission = AdmissionMiddleware(app, limit=1)

    async def main():
        async with anyio.create_task_group() as group:
            group.start_soon(admission, _scope("POST") | {"n": 1}, slow_upload, _ignore)
            await anyio.sleep(0.01)
            with anyio.fail_after(1):  # not blocked behind the upload still in progress
                await admission(_scope() | {"n": 2}, _no_body, _ignore)
            upload_done.set()

    _run(main)
    assert seen == [(2, b""), (1, b'{"a": 1}')]


def test_a_failing_request_gives_its_place_back():
    async def app(scope, receive, send):
        raise RuntimeError("boom")

    admission = AdmissionMiddleware(app, limit=1)

    async def main():
        for _ in range(3):
            with pytest.raises(RuntimeError), anyio.fail_after(1):
                await admission(_scope(), _no_body, _ignore)

    _run(main)


def test_a_request_that_waited_too_long_is_answered_503_and_never_reaches_the_app():
    release_first = anyio.Event()
    reached, answers = [], []

    async def app(scope, receive, send):
        reached.append(scope["n"])
        if scope["n"] == 1:
            await release_first.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def record(message):
        answers.append(message)

    admission = AdmissionMiddleware(app, limit=1, max_wait=0.05)

    async def main():
        async with anyio.create_task_group() as group:
            group.start_soon(admission, _scope() | {"n": 1}, _no_body, _ignore)
            await anyio.sleep(0.01)
            await admission(_scope() | {"n": 2}, _no_body, record)
            release_first.set()
        await admission(_scope() | {"n": 3}, _no_body, _ignore)

    _run(main)
    assert reached == [1, 3]
    assert answers[0]["status"] == 503 and (b"retry-after", b"1") in answers[0]["headers"]
    assert BUSY.encode() in answers[1]["body"]
