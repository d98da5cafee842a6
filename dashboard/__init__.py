"""Portfolio health dashboard: view layer (Streamlit pages, charts, settings)."""
