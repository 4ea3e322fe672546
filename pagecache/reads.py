"""Which query parameters a view read: the page cache keys a page on those and no others."""

from django.http import QueryDict

from .rules import EVERY_PARAMETER

__all__ = ["ReadTrackingQueryDict", "track_query_reads"]


class ReadTrackingQueryDict(QueryDict):
    """`request.GET` that remembers what the view read: `read` is a set of parameter names,
    or EVERY_PARAMETER once anything looked at the whole query (listed, counted or copied
    it, or asked for the full URL)."""

    def __init__(self, *args, **kwargs):
        self.read = None  # QueryDict reads itself while it is being built
        super().__init__(*args, **kwargs)
        self.read = set()

    def note(self, key):
        if isinstance(self.read, set):
            self.read.add(key)

    def note_everything(self):
        if self.read is not None:
            self.read = EVERY_PARAMETER

    def __getitem__(self, key):
        self.note(key)
        return super().__getitem__(key)

    def _getlist(self, key, default=None, force_list=False):
        self.note(key)
        return super()._getlist(key, default, force_list)

    def __contains__(self, key):
        self.note(key)
        return super().__contains__(key)

    def _whole(method):  # noqa: N805 - a decorator used in the class body
        def whole(self, *args, **kwargs):
            self.note_everything()
            return method(self, *args, **kwargs)

        return whole

    __iter__ = _whole(QueryDict.__iter__)
    __len__ = _whole(QueryDict.__len__)
    keys = _whole(QueryDict.keys)
    values = _whole(QueryDict.values)
    items = _whole(QueryDict.items)
    lists = _whole(QueryDict.lists)
    dict = _whole(QueryDict.dict)
    copy = _whole(QueryDict.copy)
    urlencode = _whole(QueryDict.urlencode)
    __copy__ = _whole(QueryDict.__copy__)
    __deepcopy__ = _whole(QueryDict.__deepcopy__)
    del _whole


def track_query_reads(request):
    """Make `request.GET` (and the full-URL helpers, which print the query string) note what
    the view reads; returns the tracking dict."""
    tracked = ReadTrackingQueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
    request.GET = tracked
    for name in ("get_full_path", "get_full_path_info"):
        original = getattr(request, name)

        def whole_url(force_append_slash=False, _original=original):
            tracked.note_everything()
            return _original(force_append_slash)

        setattr(request, name, whole_url)
    return tracked
