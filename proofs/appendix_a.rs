//! Placeholder: obligations of appendix_a are being written (issue 4).
