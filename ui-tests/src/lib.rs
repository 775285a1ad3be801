//! See tests/ui.rs.
