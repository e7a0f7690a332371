"""Running real concurrent transactions in tests: threads, each on its own connection."""

import threading

from django.db import connections


def race(target, count=2):
    """Run `target` in `count` threads released together; returns ("ok", value) or
    ("error", exception) for each, in the order they finished."""
    barrier = threading.Barrier(count)
    results = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(("ok", target()))
        except Exception as error:  # noqa: BLE001 - the test inspects what each got
            results.append(("error", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
