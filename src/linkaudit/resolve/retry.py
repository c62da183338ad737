"""Retry policies as values (tenacity underneath), injected into the checker.

An attempt's outcome is a value that says whether it is worth repeating (timeouts, resets,
5xx, 429) and whether the server asked for a delay (``Retry-After``). The policy decides how
many attempts and how long to wait; tests pass ``RetryPolicy.zero_wait()``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_result,
    stop_after_attempt,
    wait_exponential_jitter,
    wait_none,
)
from tenacity.wait import wait_base


class Retryable(Protocol):
    """What the policy needs to know about one attempt's outcome."""

    @property
    def retryable(self) -> bool: ...

    @property
    def retry_after(self) -> float | None: ...


T = TypeVar("T", bound=Retryable)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to repeat a transient failure."""

    attempts: int = 3  # first try included
    wait: wait_base = field(
        default_factory=lambda: wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=0.5)
    )
    retry_after_cap_s: float = 60.0
    honour_retry_after: bool = True

    @classmethod
    def default(cls, retries: int, *, retry_after_cap_s: float = 60.0) -> RetryPolicy:
        """Exponential backoff with jitter, honouring ``Retry-After`` up to the cap."""
        return cls(attempts=retries + 1, retry_after_cap_s=retry_after_cap_s)

    @classmethod
    def zero_wait(cls, retries: int = 2) -> RetryPolicy:
        """The same attempts without any sleeping: for tests."""
        return cls(attempts=retries + 1, wait=wait_none(), honour_retry_after=False)

    def _wait_for(self, state: RetryCallState) -> float:
        base = float(self.wait(state))
        if not self.honour_retry_after or state.outcome is None or state.outcome.failed:
            return base
        asked: float | None = state.outcome.result().retry_after
        if asked is None:
            return base
        return max(base, min(asked, self.retry_after_cap_s))

    async def run(
        self,
        attempt: Callable[[], Awaitable[T]],
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        budget: Callable[[float], bool] | None = None,
        first: T | None = None,
    ) -> T:
        """The first non-transient outcome, or the last one when attempts run out.

        ``sleep`` replaces the waiting (the checker releases its slots while it waits);
        ``budget(wait)`` may veto a retry whose wait would overrun a deadline; ``first``
        is the outcome of a first attempt the caller already made.
        """
        if first is None:
            first = await attempt()
        if not first.retryable or self.attempts <= 1:
            # the common case builds none of tenacity's machinery (it was ~6% of the CPU per
            # link when built before every first attempt)
            return first
        replay = [first]

        def should_retry(outcome: T) -> bool:
            return outcome.retryable

        def stop(state: RetryCallState) -> bool:
            if stop_after_attempt(self.attempts)(state):
                return True
            return budget is not None and not budget(self._wait_for(state))

        kwargs: dict[str, object] = {}
        if sleep is not None:
            kwargs["sleep"] = sleep
        retrying = AsyncRetrying(
            stop=stop,
            wait=self._wait_for,
            retry=retry_if_result(should_retry),
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
            reraise=True,
            **kwargs,  # type: ignore[arg-type]
        )

        async def call() -> T:  # tenacity awaits only what is a coroutine function
            # the first outcome is replayed as attempt 1, so stop and wait count as usual
            return replay.pop() if replay else await attempt()

        result: T = await retrying(call)
        return result
