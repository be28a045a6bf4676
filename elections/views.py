"""The institute's colours as a stylesheet, so that pages carry no inline style (CSP)."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import InstituteSettings


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60, s_maxage=24 * 60 * 60)
def brand_css(request):
    """Pages link it with `?v=<colours>`: a rebrand changes the URL, so a day of cache is safe.

    The colours passed `hex_color_validator`, so nothing but `#rrggbb` reaches the stylesheet.
    """
    institute = InstituteSettings.for_request(request)
    body = (
        ":root {\n"
        f"  --brand: {institute.brand_color};\n"
        f"  --brand-dark: {institute.brand_dark_color};\n"
        "}\n"
    )
    return HttpResponse(body, content_type="text/css; charset=utf-8")
