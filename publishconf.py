"""Settings for the published site (``make publish``): a real SITEURL and absolute links."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://careerguides.example.org")
RELATIVE_URLS = False
