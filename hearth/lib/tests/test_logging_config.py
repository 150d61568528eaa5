"""Every logger that writes reaches the one redacting, JSON handler, and only once."""

import logging

from hearth.lib.logging import RedactFilter


def _redacting(handler: logging.Handler) -> bool:
    return any(isinstance(f, RedactFilter) for f in handler.filters)


def test_the_task_worker_logs_once_through_the_redacting_handler():
    # run_huey gives the "huey" logger a plain handler of its own only when it has none.
    logger = logging.getLogger("huey")
    # (pytest attaches its capturing handlers too: count only plain stream handlers.)
    streams = [h for h in logger.handlers if type(h) is logging.StreamHandler]
    assert len(streams) == 1 and _redacting(streams[0])
    assert logger.propagate is False


def test_the_root_handler_redacts():
    assert all(_redacting(h) for h in logging.getLogger().handlers if h.name == "console")
