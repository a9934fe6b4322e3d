"""Component ids, defined once and shared by the layout, callbacks and tests."""

from __future__ import annotations

URL = "url"
PAGE = "page"
SELECTION = "selection"
VIEW = "view-store"
#: Fingerprints of the parts of the last view answer (dashboard.view_answer).
ANSWERED = "view-answered"
URL_SYNC = "url-sync"
HIDEOUT_SINK = "hideout-sink"
NOTICE = "notice"

MAP = "map"
UNITS = "units-layer"
ORGS = "orgs-layer"
ORGS_WINDOW = "orgs-window"  # the map position the layer is drawn for (None: layer off)
ORGS_POINTS = "orgs-points"
ORGS_TOGGLE = "orgs-toggle"
ORGS_NOTE = "orgs-note"
LEGEND = "legend"
ZOOM_ALL = "zoom-all"
ZOOM_CO = "zoom-co"
ZOOM_PE = "zoom-pe"
ZOOM_EC = "zoom-ec"
ZOOM_FIT = "zoom-fit"
MAP_REGION = "map-region"  # the map and its legend: a named region
MAP_STATUS = "map-status"  # "no organization matches" over the map
MAP_FRAME = "map-frame"  # the box the map was last fitted to
HTML_LANG = "html-lang"  # sink of the callback that sets <html lang>
DRILL = "drill"  # the page's level and parent (dashboard/drilldown.py)
BREADCRUMB = "breadcrumb"
DRILL_OPEN = "drill-open"
GAPS = "gaps"  # level-2 units of the parent with no organization

LANG = "lang"
INDICATOR = "indicator"
TYPE_SHARE = "type-share"
SCHEME = "scheme"
CLASSES = "classes"

F_COUNTRY = "f-country"
F_UNIT = "f-unit"
F_TYPE = "f-type"
F_SECTOR = "f-sector"
F_PROGRAMME = "f-programme"
F_YEARS = "f-years"
F_FEDERATION = "f-federation"
F_STATUS = "f-status"
RESET = "reset"

TABLE = "unit-table"
INFO = "info-panel"
CHART_TYPES = "chart-types"
CHART_COVERAGE = "chart-coverage"
CHART_PRIORITY = "chart-priority"
SUMMARY = "summary"

EXPORT = "export"  # pattern-matching: {"type": EXPORT, "fmt": "png"}
DOWNLOAD = "download"
DOWNLOAD_SINK = "download-sink"
EXPORT_STATUS = "export-status"
EXPORT_WORKING = "export-working"  # progress and cancel, shown while an export runs
EXPORT_PROGRESS = "export-progress"
EXPORT_PROGRESS_TEXT = "export-progress-text"
EXPORT_CANCEL = "export-cancel"

SESSION = "session"  # browser session storage: {"token": ...} of the applied upload
UPLOAD = "upload"
UPLOAD_PROGRAMMES = "upload-programmes"
UPLOAD_PENDING = "upload-pending"
UPLOAD_REPORT = "upload-report"
UPLOAD_APPLY = "upload-apply"
UPLOAD_CLEAR = "upload-clear"
UPLOAD_REJECTED = "upload-rejected"
UPLOAD_FLAGGED = "upload-flagged"
UPLOAD_DOWNLOAD = "upload-download"
UPLOAD_COUNTRY = "upload-country"
UPLOAD_TYPE = "upload-type"
UPLOAD_HEADER_ROW = "upload-header-row"
MAP_FIELD = "map-field"  # pattern-matching: {"type": MAP_FIELD, "field": "name"}
MAPPING_APPLY = "mapping-apply"
WEIGHT = "weight"  # pattern-matching: {"type": WEIGHT, "component": "coverage_gap"}

# the planner's map (dashboard/planner*.py)
F_SECTOR_GROUP = "f-sector-group"
TARGET = "target-programme"
PER_POP = "per-population"
PLAN = "plan-panel"
PLAN_CLEAR = "plan-clear"
PLAN_TOTALS = "plan-totals"
PLAN_COMPARE = "plan-compare"
PLAN_EXPORT = "plan-export"  # pattern-matching: {"type": PLAN_EXPORT, "fmt": "csv"}
PLAN_DOWNLOAD = "plan-download"
CHART_CONTRIB = "chart-contributions"
CONTEXT = "context-layer"

# #21: targeting presets (dashboard/presets.py)
PRESET = "preset"  # pattern-matching: {"type": PRESET, "preset": "intervene"}

# the programme period (dashboard/period.py, dashboard/timeline.py)
PERIOD = "period"  # the years of participation that count
PERIOD_PLAY = "period-play"
PERIOD_TICK = "period-tick"
PERIOD_COMPARE = "period-compare"
PERIOD_BEFORE = "period-before"  # the earlier years of the change map
CHANGE_TABLE = "change-table"
TIMELINE = "timeline"
TIMELINE_EXPORT = "timeline-export"  # pattern-matching: {"type": TIMELINE_EXPORT, "fmt": "csv"}
TIMELINE_DOWNLOAD = "timeline-download"

# the priority weights as shares of 100 % (dashboard/weight_shares.py)
WEIGHT_SHARE = "weight-share"  # pattern-matching: {"type": WEIGHT_SHARE, "component": "need"}
#: Fires once when a page is shown: the view parts drawn after it (dashboard.first_answer).
AFTER_FIRST_RENDER = "after-first-render"
