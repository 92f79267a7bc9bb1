"""Steps that wait for other resources of the deployment: for a diff that arrives after the step
started, and for a partner that never releases what it was to give up.

The ledger's clock is faked (:class:`LedgerClock`): the waits end on events, never on real time.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_directory_users.errors import InvalidRequest, StillHeld
from pulumi_directory_users.testing import FakeClouds

from .conftest import Cloud
from .test_never_lose_a_user import cloud_users, create, deployment


class LedgerClock:
    """The ledger's clock and sleep, faked: time moves only when the ledger sleeps between polls.

    ``waiting`` is set at the ledger's second reading of the clock in a step, which
    ``wait_for_departure`` takes with its lock held, right before it waits for a diff to arrive.
    A sleep between polls also lets the partner's step run first (``partner_done``): without a
    real pause, a poll loop in faked time could use up its budget before the partner's thread
    got the processor.
    """

    def __init__(self, partner_done: bool = True) -> None:
        self.now = 0.0
        self.readings = 0
        self.waiting = threading.Event()
        self.partner_done = threading.Event()
        if partner_done:
            self.partner_done.set()

    def clock(self) -> float:
        self.readings += 1
        if self.readings == 2:
            self.waiting.set()
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.partner_done.wait(timeout=30)


def fake_ledger_clock(cloud: Cloud, partner_done: bool = True) -> LedgerClock:
    fake = LedgerClock(partner_done)
    ledger = cloud.provider.lifecycle().ledger
    ledger.clock, ledger.sleep = fake.clock, fake.sleep
    return fake


def test_a_step_that_starts_before_the_diff_of_the_resource_it_waits_for_waits_for_that_diff(
        cloud: Cloud, clouds: FakeClouds) -> None:
    # The grace is lifecycle.DIFF_GRACE as shipped, in the ledger's faked time, which stands still here.
    a = create(cloud, "alice", email="alice@example.com")
    b = create(cloud, "bob", email="bob@example.com")
    a_news = cloud.inputs(user_name="alice", email="bob@example.com")  # B gives it up in this deployment
    b_news = cloud.inputs(user_name="bob", email="carol@example.com")
    fake = fake_ledger_clock(cloud, partner_done=False)
    deployment(cloud, [(a, a_news)])  # A's diff only: the engine starts A's step before it diffs B
    clouds.clear_calls()

    with ThreadPoolExecutor(1) as pool:
        a_step = pool.submit(cloud.provider.update, a[0], a[1], a_news)
        assert fake.waiting.wait(timeout=30), "A's step never waited for a diff"
        assert not a_step.done()
        deployment(cloud, [(b, b_news)])  # B's diff arrives while A waits for it
        b_outs = cloud.provider.update(b[0], b[1], b_news).outs
        fake.partner_done.set()
        a_outs = a_step.result().outs

    assert (a_outs["email"], b_outs["email"]) == ("bob@example.com", "carol@example.com")
    assert cloud_users(cloud) == {cloud.user_id(a[0]): ("alice", "bob@example.com"),
                                  cloud.user_id(b[0]): ("bob", "carol@example.com")}
    # A's first try met bob's email, its last one went through.
    updates = [(c.params.get("NewEmail"), c.error) for c in clouds.calls_for(cloud.wire, "UpdateUser")]
    assert updates[0] == ("bob@example.com", cloud.email_taken_code) and updates[-1] == ("bob@example.com", None)


def test_a_failed_wait_in_an_email_swap_puts_our_email_back(
        cloud: Cloud, clouds: FakeClouds, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_RETRY_DEADLINE", "2")
    a = create(cloud, "alice", email="alice@example.com")
    b = create(cloud, "bob", email="bob@example.com")
    a_news = cloud.inputs(user_name="alice", email="bob@example.com")
    b_news = cloud.inputs(user_name="bob", email="alice@example.com")
    fake_ledger_clock(cloud)
    deployment(cloud, [(a, a_news), (b, b_news)])
    # B's step fails before it changes anything: its email stays, A's wait for it runs out.
    clouds.faults.fail_next(cloud.wire, "UpdateUser", cloud.invalid_parameter_code)
    with pytest.raises(InvalidRequest):
        cloud.provider.update(b[0], b[1], b_news)
    clouds.clear_calls()

    with pytest.raises(StillHeld, match="bob@example.com"):
        cloud.provider.update(a[0], a[1], a_news)

    assert cloud_users(cloud) == {cloud.user_id(a[0]): ("alice", "alice@example.com"),
                                  cloud.user_id(b[0]): ("bob", "bob@example.com")}
    # A cleared its email for B to take, waited, and put it back when the wait ran out.
    updates = [(c.params.get("NewEmail"), c.error) for c in clouds.calls_for(cloud.wire, "UpdateUser")]
    assert updates == [("bob@example.com", cloud.email_taken_code), ("", None), ("alice@example.com", None)]
