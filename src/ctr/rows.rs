//! EOF placeholder
