"""motcua — hệ thống thông tin giải quyết thủ tục hành chính một cửa.

One deployable Django project; see docs/architecture.md for the apps and their arrows.
"""

__version__ = "0.1.0"
