"""Settings per environment: base (shared), dev (make run), test (pytest), production."""
