"""Headers on every response the views make (issue 18 §4).

- `Permissions-Policy` turns off the browser features the service never uses (camera,
  microphone, location, payment, USB and the like), so an injected script or a framed page could
  not ask for them. Nothing here uses fullscreen or the clipboard API either: the charts are
  plain SVG and PDFs open in the browser's own viewer.
- `Cache-Control: no-store, private` on every response to a signed-in user, so no page with a
  referral, a case or an account on it is kept by the browser (back button after signing out) or
  a shared cache. An explicit `no-store` a view set (CSV exports, documents) stands as it is;
  anonymous visitors' pages (the public reports) keep their own caching. Static files are served
  by WhiteNoise before this middleware and keep theirs.
"""

from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "clipboard-read",
        "clipboard-write",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Whatever a view said about caching, a signed-in page is never stored: public or
            # max-age would let a shared cache keep it.
            for directive in ("public", "max-age", "s-maxage"):
                _drop(response, directive)
            patch_cache_control(response, no_store=True, private=True)
        return response


def _drop(response, directive: str) -> None:
    if "Cache-Control" not in response:
        return
    parts = [part.strip() for part in response["Cache-Control"].split(",")]
    kept = [part for part in parts if part and part.split("=")[0].strip().lower() != directive]
    response["Cache-Control"] = ", ".join(kept)
