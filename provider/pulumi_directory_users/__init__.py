"""Pulumi resources for single-sign-on directory users.

- ``pulumi_directory_users.tencentcloud.User``: Tencent Cloud Organization Identity Center users.
- ``pulumi_directory_users.alicloud.User``: Alibaba Cloud CloudSSO users.
- ``pulumi_directory_users.testing``: in-memory fakes and a local emulator of both clouds' user APIs.

Submodules are imported on demand, so a program that uses one cloud loads only that cloud's SDK.
"""

__version__ = "0.1.0"
