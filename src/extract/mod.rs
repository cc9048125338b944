//! Extraction of requirements.
