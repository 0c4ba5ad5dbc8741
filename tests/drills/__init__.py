"""Failure drills (issue 7 §3): the service under the failures it must survive, as users meet
them. Run: DATABASE_URL=postgres://... make test PYTEST_ARGS="tests/drills" (needs redis-server;
the drills start their own on a free port and never touch the machine's Redis).

Where each drill lives:

1. Redis stopped while a referrer submits: the submission succeeds, the emails wait as outbox
   rows and go exactly once when Redis returns, even with the sweeper run twice, duplicate
   send tasks, or three sweeps racing (PostgreSQL). tests/drills/test_broker_outage.py (through the check-your-answers page, an
   in-process worker); the bare outbox: tests/notifications/test_outbox_drill.py; a render
   lost while the broker was down: tests/publications/rendering/test_worker.py.
2. A worker killed (SIGKILL) in the middle of a PDF render: the previous PDF stays served, the
   publication unchanged; the sweeper queues the render again and a new worker makes it.
   tests/drills/test_render_worker_killed.py (a real `celery worker` subprocess).
3. 20 simultaneous submissions get 20 distinct references: the service in
   tests/referrals/test_references_concurrency.py, the page (and a double click on Submit) in
   tests/drills/test_concurrency_drills.py.
4. Two simultaneous decisions on one referral leave exactly one: the service (one of them
   opening a review) in tests/reviews/decision/test_decision_concurrency.py; the confirm page,
   with both decisions opening a review (one decision, one review case, the other member told
   nothing was saved) in tests/drills/test_concurrency_drills.py.
"""
