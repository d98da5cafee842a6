"""Hidden default page: sends each role to its landing page, keeping the link's filters."""

import streamlit as st

from dashboard.auth import current_viewer
from dashboard.filters import shareable_params
from dashboard.navigation import landing_page

st.switch_page(landing_page(current_viewer().role).path, query_params=shareable_params())
