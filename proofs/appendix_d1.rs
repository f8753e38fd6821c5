//! Placeholder: obligations of appendix_d1 are being written (issue 4).
