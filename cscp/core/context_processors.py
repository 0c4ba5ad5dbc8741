from django.conf import settings

from .navigation import navigation_for


def service(request):
    """What every page's header, banners and footer need."""
    return {
        "partnership_name": settings.CSCP_PARTNERSHIP_NAME,
        "partnership_short_name": settings.CSCP_PARTNERSHIP_SHORT_NAME,
        "service_name": settings.CSCP_SERVICE_NAME,
        "service_phase": settings.CSCP_PHASE,
        "front_door_name": settings.CSCP_FRONT_DOOR_NAME,
        "front_door_phone": settings.CSCP_FRONT_DOOR_PHONE,
        "contact_email": settings.CSCP_CONTACT_EMAIL,
        "second_factor_required": settings.CSCP_REQUIRE_2FA,
        "service_navigation": navigation_for(request),
    }
