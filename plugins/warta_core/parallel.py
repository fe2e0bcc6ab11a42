"""Forked worker processes for the build's independent steps: reading, rendering, feeds.

Workers are forked once the context is complete, so they share it copy-on-write without pickling;
only each chunk's small result travels back to the parent.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from .progress import Progress

_TASK: dict = {}  # the function and items handed to forked workers; set and cleared around one pool


def _run_chunk(start: int, end: int):
    return _TASK["function"](_TASK["items"][start:end])


def workers_for(settings) -> int:
    return settings["WARTA_WORKERS"] or os.cpu_count() or 1


def map_chunks(function, items: list, workers: int, *, min_items: int, min_chunk: int, label: str = "") -> list:
    """Call `function(chunk)` over consecutive chunks of `items`; the results, in chunk order.

    Below `min_items` (where starting processes costs more than it saves) or with one worker,
    everything runs in this process as a single chunk.
    """
    progress = Progress(label, len(items))
    if not items:
        return []
    if len(items) < min_items or workers < 2:
        result = [function(items)]
        progress.advance(len(items))
        progress.close()
        return result
    size = max(min_chunk, len(items) // (workers * 6))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _TASK.update(function=function, items=items)
    results = []
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            for (start, end), result in zip(bounds, pool.map(_run_chunk, *zip(*bounds))):
                results.append(result)
                progress.advance(end - start)
    finally:
        _TASK.clear()
        progress.close()
    return results
