from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog.sitemap import BlogSitemap

from .media import serve_image_media
from .views import health, robots_txt

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", health, name="health"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BlogSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

# Images only, and only where no web server serves them (config/media.py): documents, among
# them whitepaper files, go through their own views.
urlpatterns.append(path("media/<path:path>", serve_image_media, name="image_media"))

urlpatterns += [path("", include(wagtail_urls))]
