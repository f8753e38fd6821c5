//! Placeholder: obligations of appendix_b are being written (issue 4).
