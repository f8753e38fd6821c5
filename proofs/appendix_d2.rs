//! Placeholder: obligations of appendix_d2 are being written (issue 4).
