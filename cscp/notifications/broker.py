"""Reach the Celery broker without ever hanging a request on it."""

import redis
from django.conf import settings


def broker_status() -> str:
    """'ok', 'unavailable', or 'not configured' (the embedded default runs tasks eagerly)."""
    if not settings.REDIS_URL:
        return "not configured"
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"
