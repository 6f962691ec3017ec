import datetime as dt

from core.clock import FixedClock
from quizzes.lease import Lease, lease_state


def test_one_holder_at_a_time_and_takeover_after_silence(kb):
    clock = FixedClock(dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.timezone.utc))
    first = Lease(kb.db.session, clock, "host-a:1")
    second = Lease(kb.db.session, clock, "host-b:2")
    assert lease_state(kb.db.session, clock).is_alive is False
    assert first.acquire() is True
    assert second.acquire() is False            # stands by
    clock.advance(seconds=60)
    assert first.acquire() is True              # renews
    assert second.acquire() is False
    state = lease_state(kb.db.session, clock)
    assert state.holder == "host-a:1" and state.is_alive
    clock.advance(seconds=121)                  # the first stopped renewing
    assert lease_state(kb.db.session, clock).is_alive is False
    assert second.acquire() is True
    assert first.acquire() is False
    second.release()
    assert first.acquire() is True
