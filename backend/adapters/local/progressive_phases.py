"""The order rungs are made in: a first rung alone, so the video is playable soon, then the rest
in one process (one decode for all of them)."""

from collections.abc import Callable, Collection

from backend.ladder import RenditionPlan

FIRST_PHASE_SHARE = 15  # percent of the progress bar the first rung takes


def progressive_phases(
    ladder: list[RenditionPlan], made: Collection[str] = ()
) -> list[list[RenditionPlan]]:
    """The phases still to run: the copied top rung or else the lowest rung first; then every
    other rung. Rungs already made (a retried job) are not made again."""
    todo = [p for p in ladder if p.name not in made]
    if made or len(todo) < 2:
        return [todo] if todo else []
    first = ladder[0] if ladder[0].copied else ladder[-1]
    return [[first], [p for p in todo if p is not first]]


def phase_progress(
    on_progress: Callable[[int], bool], number: int, phases: int
) -> Callable[[int], bool]:
    """A phase's own 0-100% as its share of the whole job's progress."""
    if phases < 2:
        return on_progress
    low, high = (0, FIRST_PHASE_SHARE) if number == 0 else (FIRST_PHASE_SHARE, 100)
    return lambda percent: on_progress(low + (high - low) * min(100, percent) // 100)
